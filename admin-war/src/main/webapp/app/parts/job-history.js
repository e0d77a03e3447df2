// The repository's jobs, newest first, with each finished job's result and problems.

import { el } from '../element.js';
import * as fmt from '../format.js';
import { jobStateBadge } from './badges.js';
import { kindText } from './job-panel.js';

export function jobHistory(jobs) {
  if (!jobs.length) return el('p', { class: 'muted', testid: 'no-jobs' }, 'No job has run yet.');
  return el('div', { class: 'table-scroll' },
    el('table', { class: 'data-table cards-on-narrow', id: 'job-history', testid: 'job-history' },
      el('caption', { class: 'visually-hidden' }, 'Job history, newest first'),
      el('thead', {}, el('tr', {},
        ['Started', 'Job', 'State', 'Duration', 'Result'].map((h) => el('th', { scope: 'col', class: h === 'Duration' ? 'num' : null }, h)))),
      el('tbody', {}, jobs.map(jobRow))));
}

function jobRow(job) {
  const result = job.result;
  return el('tr', { testid: `job-row-${job.id}`, 'data-state': job.state, 'data-job-id': job.id },
    el('td', { 'data-label': 'Started' },
      el('time', { datetime: job.started || job.created }, fmt.dateTime(job.started || job.created))),
    el('td', { 'data-label': 'Job' },
      kindText(job.kind),
      job.threshold !== null && job.threshold !== undefined ? ` ${fmt.percent(job.threshold)}` : '',
      el('div', { class: 'muted small' }, job.trigger === 'schedule' ? 'scheduled' : (job.requestedBy || ''))),
    el('td', { 'data-label': 'State' }, jobStateBadge(job.state),
      job.state === 'running' || job.state === 'queued' ? el('div', { class: 'small', testid: `job-row-progress-${job.id}` }, fmt.percent(job.progress)) : null),
    el('td', { 'data-label': 'Duration', class: 'num' }, fmt.duration(job.elapsedSeconds)),
    el('td', { 'data-label': 'Result' }, result ? resultCell(job) : el('span', { class: 'muted' }, '–')));
}

function resultCell(job) {
  const r = job.result;
  const figures = [];
  if (job.kind === 'compact') {
    figures.push(`${fmt.bytes(r.bytesFreed)} freed`, `${fmt.count(r.segmentsRewritten)} segments rewritten`);
  } else {
    figures.push(`${fmt.count(r.problemsFound)} problems found`);
    if (job.kind === 'repair') figures.push(`${fmt.count(r.problemsRepaired)} repaired`);
  }
  return [
    el('div', {}, r.message),
    el('div', { class: 'muted small' }, figures.join(' · ')),
    r.problems && r.problems.length ? problemList(job.id, r.problems) : null,
  ];
}

function problemList(jobId, problems) {
  return el('details', { testid: `job-problems-${jobId}` },
    el('summary', {}, `${problems.length} problem${problems.length === 1 ? '' : 's'}`),
    el('ul', { class: 'problem-list' }, problems.map((p) => el('li', {},
      el('code', {}, p.kind),
      p.segment >= 0 ? ` segment ${p.segment}` : '',
      p.offset >= 0 ? ` @ ${p.offset}` : '',
      ': ', p.message,
      p.repaired ? el('span', { class: 'badge badge-ok' }, 'repaired') : null))));
}
