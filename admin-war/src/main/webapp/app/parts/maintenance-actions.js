// Admin buttons that start a check, a repair or a compaction (with its threshold in percent).

import { el } from '../element.js';

/**
 * repository: the API's Repository; busy: a job is queued or running;
 * onStart(kind, threshold): starts the job (threshold as a fraction, compact only).
 */
export function maintenanceActions(repository, busy, onStart) {
  const appendOnly = repository.mode === 'append-only' || repository.appendOnly === true;
  const unavailable = repository.state !== 'open';
  const threshold = el('input', {
    type: 'number', id: 'compact-threshold', testid: 'compact-threshold', name: 'threshold',
    min: '0', max: '100', step: '1', value: '10', inputmode: 'numeric', required: true,
    'aria-describedby': 'compact-threshold-help',
  });
  const blocked = busy || unavailable;
  const why = unavailable ? 'The repository is unavailable.'
    : busy ? 'A job is already queued or running.' : null;
  const startCompact = (event) => {
    event.preventDefault();
    if (!threshold.reportValidity()) return;
    onStart('compact', Number(threshold.value) / 100);
  };
  return el('div', { class: 'actions' },
    el('div', { class: 'button-row' },
      el('button', {
        type: 'button', id: 'start-check', testid: 'start-check', disabled: blocked,
        onclick: () => onStart('check'),
      }, 'Start check'),
      el('button', {
        type: 'button', id: 'start-repair', testid: 'start-repair', class: 'secondary',
        disabled: blocked || appendOnly, onclick: () => onStart('repair'),
      }, 'Start repair…')),
    el('form', { class: 'inline-form', onsubmit: startCompact, testid: 'compact-form' },
      el('label', { for: 'compact-threshold' }, 'Compaction threshold (%)'),
      threshold,
      el('button', {
        type: 'submit', id: 'start-compact', testid: 'start-compact', class: 'secondary',
        disabled: blocked || appendOnly,
      }, 'Start compaction')),
    el('p', { id: 'compact-threshold-help', class: 'muted small' },
      'Compaction rewrites segments whose freeable share exceeds the threshold (borg compact --threshold).'),
    appendOnly ? el('p', { class: 'muted small', testid: 'append-only-note' },
      'Append-only repository: repair and compaction are refused.') : null,
    why ? el('p', { class: 'muted small', testid: 'actions-blocked' }, why) : null);
}
