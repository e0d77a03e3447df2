// Who holds borg's lock, and (for admins) breaking a stale one.

import { el } from '../element.js';

/** onBreak(force) starts the (confirmed) break; null for viewers. */
export function lockPanel(lock, onBreak) {
  if (!lock.locked) {
    return el('p', { testid: 'lock-state', 'data-locked': 'false' }, 'Not locked.');
  }
  const holders = [
    ...lock.exclusiveLock.map((h) => ({ ...h, source: 'lock.exclusive' })),
    ...lock.roster.exclusive.map((h) => ({ ...h, source: 'roster: exclusive' })),
    ...lock.roster.shared.map((h) => ({ ...h, source: 'roster: shared' })),
  ];
  const ours = holders.some((h) => h.thisServer);
  return el('div', {},
    el('p', { testid: 'lock-state', 'data-locked': 'true' },
      ours ? 'Locked by this server (it has the repository open).'
        : lock.breakable ? 'Locked by a process that no longer exists (stale lock).'
          : 'Locked by another process.'),
    el('div', { class: 'table-scroll' },
      el('table', { class: 'data-table compact cards-on-narrow', testid: 'lock-holders' },
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'Where'), el('th', { scope: 'col' }, 'Host'),
          el('th', { scope: 'col', class: 'num' }, 'PID'), el('th', { scope: 'col', class: 'num' }, 'Thread'),
          el('th', { scope: 'col' }, 'Status'))),
        el('tbody', {}, holders.map((h) => el('tr', {
          testid: 'lock-holder', 'data-stale': String(h.stale), 'data-this-server': String(h.thisServer),
        },
        el('td', { 'data-label': 'Where' }, h.source),
        el('td', { 'data-label': 'Host' }, hostName(h.host)),
        el('td', { 'data-label': 'PID', class: 'num' }, h.pid),
        el('td', { 'data-label': 'Thread', class: 'num' }, h.thread),
        el('td', { 'data-label': 'Status' }, h.thisServer ? el('span', { class: 'badge badge-info' }, 'this server')
          : h.stale ? el('span', { class: 'badge badge-warning' }, 'stale')
            : el('span', { class: 'badge badge-neutral' }, 'alive'))))))),
    onBreak && !ours ? el('div', { class: 'button-row' },
      lock.breakable
        ? el('button', { type: 'button', id: 'break-lock', testid: 'break-lock', class: 'danger', onclick: () => onBreak(false) }, 'Break stale lock…')
        : el('button', { type: 'button', id: 'force-break-lock', testid: 'force-break-lock', class: 'danger', onclick: () => onBreak(true) }, 'Force break lock…')) : null);
}

// borg's host id is "hostname@node": a narrow column breaks it after the @, not inside the number.
function hostName(host) {
  const at = host.indexOf('@');
  return el('span', {}, at < 0 ? host : [host.slice(0, at + 1), el('wbr'), host.slice(at + 1)]);
}
