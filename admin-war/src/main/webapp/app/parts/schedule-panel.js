// The periodic maintenance schedule: an editable form for admins, a summary for viewers.

import { el } from '../element.js';
import * as fmt from '../format.js';

export function scheduleSummary(schedule) {
  const { check, compaction } = schedule;
  return el('dl', { class: 'facts', testid: 'schedule-summary' },
    el('dt', {}, 'Periodic check'),
    el('dd', {}, check.enabled ? `every ${check.intervalHours} h` : 'off',
      check.enabled && schedule.nextCheck ? el('span', { class: 'muted small' }, ` · next ${fmt.dateTime(schedule.nextCheck)}`) : null),
    el('dt', {}, 'Periodic compaction'),
    el('dd', {}, compaction.enabled ? `every ${compaction.intervalHours} h, threshold ${fmt.percent(compaction.threshold)}` : 'off',
      compaction.enabled && schedule.nextCompaction ? el('span', { class: 'muted small' }, ` · next ${fmt.dateTime(schedule.nextCompaction)}`) : null));
}

/** onSave(schedule) must return a promise; the form is disabled while it runs. */
export function scheduleForm(schedule, onSave) {
  const field = (id, attrs) => el('input', { id, testid: id, name: id, ...attrs });
  const checkEnabled = field('schedule-check-enabled', { type: 'checkbox', checked: schedule.check.enabled });
  const checkInterval = field('schedule-check-interval', {
    type: 'number', min: '1', max: '8760', step: '1', required: true, value: String(schedule.check.intervalHours),
  });
  const compactEnabled = field('schedule-compaction-enabled', { type: 'checkbox', checked: schedule.compaction.enabled });
  const compactThreshold = field('schedule-compaction-threshold', {
    type: 'number', min: '0', max: '100', step: '1', required: true,
    value: String(Math.round(schedule.compaction.threshold * 100)),
  });
  const compactInterval = field('schedule-compaction-interval', {
    type: 'number', min: '1', max: '8760', step: '1', required: true, value: String(schedule.compaction.intervalHours),
  });
  const save = el('button', { type: 'submit', id: 'schedule-save', testid: 'schedule-save' }, 'Save schedule');

  const form = el('form', { id: 'schedule-form', testid: 'schedule-form', class: 'schedule-form' },
    el('fieldset', {},
      el('legend', {}, 'Periodic check'),
      el('label', { class: 'check-label' }, checkEnabled, ' Enabled'),
      el('label', { for: 'schedule-check-interval' }, 'Every (hours)'), checkInterval,
      schedule.nextCheck ? el('p', { class: 'muted small' }, `Next: ${fmt.dateTime(schedule.nextCheck)}`) : null),
    el('fieldset', {},
      el('legend', {}, 'Periodic compaction'),
      el('label', { class: 'check-label' }, compactEnabled, ' Enabled'),
      el('label', { for: 'schedule-compaction-threshold' }, 'Threshold (%)'), compactThreshold,
      el('label', { for: 'schedule-compaction-interval' }, 'Every (hours)'), compactInterval,
      schedule.nextCompaction ? el('p', { class: 'muted small' }, `Next: ${fmt.dateTime(schedule.nextCompaction)}`) : null),
    el('div', { class: 'button-row' }, save));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    save.disabled = true;
    try {
      await onSave({
        check: { enabled: checkEnabled.checked, intervalHours: Number(checkInterval.value) },
        compaction: {
          enabled: compactEnabled.checked,
          threshold: Number(compactThreshold.value) / 100,
          intervalHours: Number(compactInterval.value),
        },
      });
    } finally {
      save.disabled = false;
    }
  });
  return form;
}
