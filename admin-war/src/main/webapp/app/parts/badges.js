// Small coloured labels for states. Colour is never the only signal: the text says the state.

import { el } from '../element.js';

const HEALTH_TEXT = { ok: 'OK', warning: 'Warning', error: 'Error' };

export function healthBadge(health, reasons = []) {
  const text = HEALTH_TEXT[health] || health || 'unknown';
  return el('span', {
    class: `badge badge-${health || 'unknown'}`,
    title: reasons && reasons.length ? reasons.join('\n') : null,
    testid: 'health-badge',
  }, text);
}

export function modeBadge(mode) {
  return el('span', { class: `badge ${mode === 'append-only' ? 'badge-info' : 'badge-neutral'}`, testid: 'mode-badge' }, mode || '–');
}

const OUTCOME_CLASS = { clean: 'ok', repaired: 'ok', problems: 'error', failed: 'error', cancelled: 'warning' };

export function outcomeBadge(outcome) {
  return el('span', { class: `badge badge-${OUTCOME_CLASS[outcome] || 'neutral'}`, testid: 'outcome-badge' }, outcome || '–');
}

const STATE_CLASS = { queued: 'neutral', running: 'info', succeeded: 'ok', failed: 'error', cancelled: 'warning' };

export function jobStateBadge(state) {
  return el('span', { class: `badge badge-${STATE_CLASS[state] || 'neutral'}`, testid: 'job-state-badge' }, state);
}
