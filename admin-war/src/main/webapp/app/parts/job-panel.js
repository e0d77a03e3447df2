// The queued or running job: a live progress bar, ETA and elapsed time, and (for admins) a cancel button.

import { el, replaceChildren } from '../element.js';
import * as fmt from '../format.js';
import { jobStateBadge } from './badges.js';

const KIND_TEXT = { check: 'Check', repair: 'Repair', compact: 'Compaction' };

export function kindText(kind) {
  return KIND_TEXT[kind] || kind;
}

/**
 * Renders `job` (or the idle state when null) into `section`.
 * onCancel: called when the admin presses cancel (null = viewer: no button).
 */
export function renderActiveJob(section, job, onCancel) {
  if (!job) {
    section.removeAttribute('data-job-id');
    replaceChildren(section, el('p', { class: 'muted', testid: 'no-active-job' }, 'No job is running.'));
    return;
  }
  section.dataset.jobId = job.id;
  const queued = job.state === 'queued';
  const progress = el('progress', {
    id: 'job-progress', testid: 'job-progress', max: '1',
    'aria-label': `${kindText(job.kind)} progress`,
  });
  // Without a value a <progress> is indeterminate: right while queued, when nothing can be measured yet.
  if (!queued) progress.value = Math.min(1, Math.max(0, job.progress || 0));

  const eta = job.eta
    ? ['ETA ', el('time', { datetime: job.eta }, fmt.dateTime(job.eta)),
       job.remainingSeconds !== null && job.remainingSeconds !== undefined ? ` (in ${fmt.duration(job.remainingSeconds)})` : '']
    : (queued ? 'Waiting to start' : 'ETA not known yet');

  replaceChildren(section,
    el('div', { class: 'job-head' },
      el('strong', {}, `${kindText(job.kind)}${job.threshold !== null && job.threshold !== undefined ? ` (threshold ${fmt.percent(job.threshold)})` : ''}`),
      ' ', el('span', { testid: 'job-state' }, jobStateBadge(job.state)),
      job.cancelRequested ? el('span', { class: 'muted small' }, ' cancelling…') : null,
      el('span', { class: 'muted small' }, ` · ${job.trigger === 'schedule' ? 'scheduled' : `started by ${job.requestedBy || 'unknown'}`}`)),
    progress,
    el('p', { class: 'job-figures' },
      el('span', { testid: 'job-progress-text' },
        `${fmt.percent(job.progress || 0)} · ${fmt.bytes(job.bytesDone)} of ${fmt.bytes(job.bytesTotal)}`),
      ' · ', el('span', { testid: 'job-eta' }, eta),
      ' · ', el('span', { testid: 'job-elapsed' }, `elapsed ${fmt.duration(job.elapsedSeconds)}`)),
    onCancel
      ? el('button', {
        type: 'button', id: 'job-cancel', testid: 'job-cancel', class: 'secondary',
        disabled: job.cancelRequested, onclick: () => onCancel(job),
      }, job.cancelRequested ? 'Cancelling…' : `Cancel ${kindText(job.kind).toLowerCase()}`)
      : null);
}
