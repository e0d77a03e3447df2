// The repository's current job: a live progress bar, ETA and elapsed time, and (for admins) a cancel
// button while it is queued or running; once it has ended, how far it got and its outcome, until the
// next job starts (a quick job would otherwise vanish between two polls without a trace).

import { el, replaceChildren } from '../element.js';
import * as fmt from '../format.js';
import { jobStateBadge, outcomeBadge } from './badges.js';

const KIND_TEXT = { check: 'Check', repair: 'Repair', compact: 'Compaction' };
const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

export function kindText(kind) {
  return KIND_TEXT[kind] || kind;
}

export function isFinished(job) {
  return Boolean(job) && FINISHED.has(job.state);
}

/**
 * The verdict of a finished check or repair as the server names it in `lastCheck.outcome`
 * (clean, repaired, problems, failed, cancelled); null for compactions and unfinished jobs.
 */
export function checkOutcome(job) {
  if (!isFinished(job) || job.kind === 'compact') return null;
  if (job.state === 'cancelled') return 'cancelled';
  if (job.state === 'failed' || !job.result) return 'failed';
  if (job.result.problemsFound === 0) return 'clean';
  return job.result.problemsRepaired >= job.result.problemsFound ? 'repaired' : 'problems';
}

/**
 * Renders `job` (or the idle state when null) into `section`.
 * onCancel: called when the admin presses cancel (null = viewer: no button).
 */
export function renderActiveJob(section, job, onCancel) {
  if (!job) {
    section.removeAttribute('data-job-id');
    section.removeAttribute('data-state');
    replaceChildren(section, el('p', { class: 'muted', testid: 'no-active-job' }, 'No job has run yet.'));
    return;
  }
  section.dataset.jobId = job.id;
  section.dataset.state = job.state;
  // Redrawn every second while a job runs: a keyboard user on the cancel button keeps the focus.
  const focused = section.contains(document.activeElement) ? document.activeElement.id : null;
  replaceChildren(section, ...(isFinished(job) ? finishedJob(job) : runningJob(job, onCancel)));
  if (focused) document.getElementById(focused)?.focus();
}

function title(job) {
  const threshold = job.threshold !== null && job.threshold !== undefined ? ` (threshold ${fmt.percent(job.threshold)})` : '';
  return el('strong', {}, `${kindText(job.kind)}${threshold}`);
}

function origin(job) {
  return el('span', { class: 'muted small' }, ` · ${job.trigger === 'schedule' ? 'scheduled' : `started by ${job.requestedBy || 'unknown'}`}`);
}

function progressBar(job, value) {
  const bar = el('progress', {
    id: 'job-progress', testid: 'job-progress', max: '1',
    'aria-label': `${kindText(job.kind)} progress`,
  });
  // Without a value a <progress> is indeterminate: right while queued, when nothing can be measured yet.
  if (value !== null) bar.value = Math.min(1, Math.max(0, value));
  return bar;
}

function runningJob(job, onCancel) {
  const queued = job.state === 'queued';
  const eta = job.eta
    ? ['ETA ', el('time', { datetime: job.eta }, fmt.dateTime(job.eta)),
       job.remainingSeconds !== null && job.remainingSeconds !== undefined ? ` (in ${fmt.duration(job.remainingSeconds)})` : '']
    : (queued ? 'waiting to start' : 'ETA not known yet');
  return [
    el('div', { class: 'job-head' },
      title(job), ' ', el('span', { testid: 'job-state' }, jobStateBadge(job.state)),
      job.cancelRequested ? el('span', { class: 'muted small' }, ' cancelling…') : null,
      origin(job)),
    progressBar(job, queued ? null : job.progress || 0),
    el('p', { class: 'job-figures' },
      el('span', { testid: 'job-progress-text' }, job.bytesTotal
        ? `${fmt.percent(job.progress || 0)} · ${fmt.bytes(job.bytesDone)} of ${fmt.bytes(job.bytesTotal)}`
        : `${fmt.percent(job.progress || 0)} · measuring the work`),
      ' · ', el('span', { testid: 'job-eta' }, eta),
      ' · ', el('span', { testid: 'job-elapsed' }, `elapsed ${fmt.duration(job.elapsedSeconds)}`)),
    onCancel
      ? el('button', {
        type: 'button', id: 'job-cancel', testid: 'job-cancel', class: 'secondary',
        disabled: job.cancelRequested, onclick: () => onCancel(job),
      }, job.cancelRequested ? 'Cancelling…' : `Cancel ${kindText(job.kind).toLowerCase()}`)
      : null,
  ];
}

function finishedJob(job) {
  // A job that succeeded has done all its work; one that stopped early shows how far it got.
  const value = job.state === 'succeeded' ? 1 : job.progress || 0;
  const outcome = checkOutcome(job);
  return [
    el('div', { class: 'job-head' },
      title(job), ' ', el('span', { testid: 'job-state' }, jobStateBadge(job.state)),
      outcome ? [' ', el('span', { testid: 'job-outcome', 'data-outcome': outcome }, outcomeBadge(outcome))] : null,
      origin(job)),
    progressBar(job, value),
    el('p', { class: 'job-figures' },
      el('span', { testid: 'job-progress-text' }, `${fmt.percent(value)} · ${fmt.bytes(job.bytesDone)} of ${fmt.bytes(job.bytesTotal)}`),
      ' · ', el('span', {}, 'finished ', el('time', { datetime: job.finished }, fmt.dateTime(job.finished))),
      ' · ', el('span', { testid: 'job-elapsed' }, `took ${fmt.duration(job.elapsedSeconds)}`)),
    job.result?.message ? el('p', { testid: 'job-result' }, job.result.message) : null,
  ];
}
