// Prepared (in-doubt) XA branches with their age; admins may decide them by hand (heuristically).

import { el } from '../element.js';
import * as fmt from '../format.js';

const NUMERIC = new Set(['Format id', 'Age', 'Puts', 'Deletes', 'Bytes']);

/** onDecide(transaction, 'commit'|'rollback'); null for viewers. */
export function transactionsPanel(transactions, onDecide) {
  if (!transactions.length) {
    return el('p', { class: 'muted', testid: 'no-transactions' }, 'No prepared transaction is waiting for a decision.');
  }
  const headings = ['Transaction', 'Format id', 'Prepared', 'Age', 'Puts', 'Deletes', 'Bytes'];
  if (onDecide) headings.push('Decision');
  return el('div', { class: 'table-scroll' },
    el('table', { class: 'data-table cards-on-narrow', testid: 'transactions-table' },
      el('caption', { class: 'visually-hidden' }, 'Prepared transactions, oldest first'),
      el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col', class: NUMERIC.has(h) ? 'num' : null }, h)))),
      el('tbody', {}, transactions.map((t) => el('tr', { testid: `txn-row-${t.xid}`, 'data-xid': t.xid },
        el('td', { 'data-label': 'Transaction' }, el('code', { class: 'break-anywhere', title: t.xid }, t.text)),
        el('td', { 'data-label': 'Format id', class: 'num' }, t.formatId ?? '–'),
        el('td', { 'data-label': 'Prepared' }, el('time', { datetime: t.prepared }, fmt.dateTime(t.prepared))),
        el('td', { 'data-label': 'Age', class: 'num', testid: 'txn-age' }, fmt.duration(t.ageSeconds)),
        el('td', { 'data-label': 'Puts', class: 'num' }, fmt.count(t.puts)),
        el('td', { 'data-label': 'Deletes', class: 'num' }, fmt.count(t.deletes)),
        el('td', { 'data-label': 'Bytes', class: 'num' }, fmt.bytes(t.bytes)),
        onDecide ? el('td', { 'data-label': 'Decision' },
          el('div', { class: 'button-row tight' },
            el('button', { type: 'button', testid: `txn-commit-${t.xid}`, onclick: () => onDecide(t, 'commit') }, 'Commit…'),
            el('button', { type: 'button', class: 'danger', testid: `txn-rollback-${t.xid}`, onclick: () => onDecide(t, 'rollback') }, 'Roll back…'))) : null)))));
}

/** Writes the current ages into an already drawn table. */
export function updateAges(container, transactions) {
  for (const t of transactions) {
    const cell = container.querySelector(`[data-xid="${CSS.escape(t.xid)}"] [data-testid="txn-age"]`);
    if (cell) cell.textContent = fmt.duration(t.ageSeconds);
  }
}
