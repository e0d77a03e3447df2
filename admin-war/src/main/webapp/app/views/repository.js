// One repository: figures, segment chart, the running job (polled every second), job history,
// schedule, lock and prepared transactions. Controls that change anything exist only for admins.

import * as api from '../api.js';
import { el, replaceChildren, replaceKeepingFocus } from '../element.js';
import * as fmt from '../format.js';
import { showError, showStatus } from '../notices.js';
import { confirmAction } from '../confirmation.js';
import { poll } from '../poller.js';
import { isAdmin } from '../session.js';
import { objectsHref } from '../router.js';
import { setBreadcrumbs } from '../breadcrumbs.js';
import { overdueCheckWarning } from '../check-age.js';
import { healthBadge, modeBadge } from '../parts/badges.js';
import { segmentChart } from '../parts/segment-chart.js';
import { renderActiveJob, kindText, isFinished } from '../parts/job-panel.js';
import { jobHistory } from '../parts/job-history.js';
import { maintenanceActions } from '../parts/maintenance-actions.js';
import { scheduleForm, scheduleSummary } from '../parts/schedule-panel.js';
import { lockPanel } from '../parts/lock-panel.js';
import { transactionsPanel, updateAges } from '../parts/transactions-panel.js';

const JOB_POLL_MS = 1000;
const IDLE_POLL_MS = 5000;
const HISTORY_LIMIT = 20;

export async function repositoryView(container, { name }, signal) {
  const admin = isAdmin();
  setBreadcrumbs([{ label: 'Repositories', href: '#/' }, { label: name }]);

  const section = (id, title, ...extra) => {
    const body = el('div', { class: 'panel-body' });
    const node = el('section', { class: 'panel', id: `${id}-section`, 'aria-labelledby': `${id}-heading` },
      el('h2', { id: `${id}-heading` }, title), ...extra, body);
    return { node, body };
  };
  const heading = el('h1', { id: 'repo-title', testid: 'repo-title' }, name);
  const summary = el('div', { class: 'repo-summary' });
  const stats = section('stats', 'Figures');
  const actions = admin ? section('actions', 'Maintenance') : null;
  const job = section('job', 'Job');
  job.body.id = 'active-job';
  job.body.dataset.testid = 'active-job';
  const segments = section('segments', 'Segments');
  const history = section('history', 'Job history');
  const schedule = section('schedule', 'Schedule');
  schedule.body.id = 'schedule';
  schedule.body.dataset.testid = 'schedule';
  const lock = section('lock', 'Lock');
  lock.body.id = 'lock-panel';
  lock.body.dataset.testid = 'lock-panel';
  const transactions = section('transactions', 'Prepared transactions');
  transactions.body.id = 'transactions';
  transactions.body.dataset.testid = 'transactions';

  let repository = null;
  // The job in the job panel: the queued or running one, else the newest that ended.
  let shownJob = null;
  let activeJobId = null;
  let poller = null;

  // Re-rendering an unchanged part every few seconds would throw away focus and open <details>.
  const shown = new WeakMap();
  const renderIfChanged = (target, data, render, key = JSON.stringify(data)) => {
    if (shown.get(target) === key) return;
    shown.set(target, key);
    const content = render(data);
    if (content !== undefined) replaceKeepingFocus(target, content);
  };
  const sectionError = (target, error, what) => {
    shown.delete(target);
    // The page's head already says why an unavailable repository cannot be read: no need to repeat it per section.
    replaceChildren(target, repository && repository.state !== 'open'
      ? el('p', { class: 'muted' }, `${what}: the repository is unavailable.`)
      : el('p', { class: 'error-text', role: 'alert' }, `${what}: ${error.detail || error.message}`));
  };

  const showRepository = (repo) => {
    repository = repo;
    renderIfChanged(summary, repo, repositorySummary);
    renderIfChanged(stats.body, repo, repositoryStats);
    if (actions) {
      renderIfChanged(actions.body, { mode: repo.mode, state: repo.state, busy: Boolean(activeJobId) },
        () => maintenanceActions(repo, Boolean(activeJobId), startJob));
    }
  };

  const showJob = (current) => {
    shownJob = current;
    activeJobId = current && !isFinished(current) ? current.id : null;
    renderIfChanged(job.body, current, (shown) => renderActiveJob(job.body, shown, admin ? cancelJob : null));
    if (repository) showRepository(repository);
  };

  const loadRepository = async () => {
    const repo = await api.getRepository(name);
    if (signal.aborted) return;
    const previous = repository;
    showRepository(repo);
    // Segments change only with a commit (an application's write, a compaction) or when the repository opens.
    if (previous && (previous.state !== repo.state || previous.transactionId !== repo.transactionId)) loadSegments();
    if (repo.activeJob && repo.activeJob.id !== activeJobId) showJob(repo.activeJob);
  };
  const loadSegments = () => api.listSegments(name)
    .then((data) => !signal.aborted && renderIfChanged(segments.body, data.segments, segmentChart))
    .catch((error) => !signal.aborted && sectionError(segments.body, error, 'Segments could not be loaded'));
  // The history as last loaded; the running job's row follows its progress without reloading the whole list.
  let historyJobs = null;
  const showInHistory = (current) => {
    if (!historyJobs || !historyJobs.some((j) => j.id === current.id)) return;
    historyJobs = historyJobs.map((j) => (j.id === current.id ? current : j));
    renderIfChanged(history.body, historyJobs, jobHistory);
  };
  const loadHistory = () => api.listJobs(name, HISTORY_LIMIT)
    .then((data) => {
      if (signal.aborted) return;
      historyJobs = data.jobs;
      renderIfChanged(history.body, data.jobs, jobHistory);
      // A job started elsewhere (another console, a script, the schedule) that ended between two looks.
      const newest = data.jobs[0];
      if (newest && (!shownJob || (!activeJobId && newest.id !== shownJob.id))) showJob(newest);
    })
    .catch((error) => !signal.aborted && sectionError(history.body, error, 'Job history could not be loaded'));
  const loadLock = () => api.getLock(name)
    .then((data) => !signal.aborted && renderIfChanged(lock.body, data, (l) => lockPanel(l, admin ? breakLock : null)))
    .catch((error) => !signal.aborted && sectionError(lock.body, error, 'Lock state could not be read'));
  // Ages grow at every look: they are updated in place, the table is redrawn only when the branches change.
  const loadTransactions = () => api.listTransactions(name)
    .then((data) => {
      if (signal.aborted) return;
      renderIfChanged(transactions.body, data.transactions, (t) => transactionsPanel(t, admin ? decideTransaction : null),
        JSON.stringify(data.transactions.map(({ ageSeconds, ...fixed }) => fixed)));
      updateAges(transactions.body, data.transactions);
    })
    .catch((error) => !signal.aborted && sectionError(transactions.body, error, 'Prepared transactions could not be listed'));
  // The schedule is rendered on load and after a save only: a refresh must not undo an admin's edits.
  const loadSchedule = () => api.getSchedule(name)
    .then((data) => !signal.aborted && showSchedule(data))
    .catch((error) => !signal.aborted && sectionError(schedule.body, error, 'Schedule could not be loaded'));
  const showSchedule = (data) => replaceChildren(schedule.body, admin ? scheduleForm(data, saveSchedule) : scheduleSummary(data));

  // ---- actions (admin only) --------------------------------------------------------------------------
  async function startJob(kind, threshold) {
    if (kind === 'repair') {
      const ok = await confirmAction({
        title: 'Start repair?',
        question: `Repair rewrites ${name}'s index and may drop damaged entries. It needs the repository to itself: object access waits until it ends.`,
        confirmLabel: 'Start repair',
        danger: true,
      });
      if (!ok) return;
    }
    try {
      const started = await api.startJob(name, kind, threshold);
      showStatus(`${kindText(kind)} started.`);
      showJob(started);
      loadHistory();
      poller?.wake();
    } catch (error) {
      showError(error, `Starting ${kindText(kind).toLowerCase()}`);
    }
  }

  async function cancelJob(current) {
    try {
      showJob(await api.cancelJob(name, current.id));
      showStatus(`Cancellation of the ${kindText(current.kind).toLowerCase()} requested.`);
      poller?.wake();
    } catch (error) {
      // It ended while the request was on its way: not a failure, the next look shows how it ended.
      if (error.type === 'urn:repono:problem:job-finished') showStatus(`The ${kindText(current.kind).toLowerCase()} had already finished.`);
      else showError(error, 'Cancelling the job');
      poller?.wake();
    }
  }

  async function saveSchedule(data) {
    try {
      showSchedule(await api.putSchedule(name, data));
      showStatus('Schedule saved.');
      loadRepository().catch(() => {});
    } catch (error) {
      showError(error, 'Saving the schedule');
    }
  }

  async function breakLock(force) {
    const ok = await confirmAction({
      title: force ? 'Force break the lock?' : 'Break the stale lock?',
      question: force
        ? `The lock of ${name} looks held by a live process. Break it only if you are sure that no borg or Repono process uses this repository: two writers corrupt it.`
        : `The process that locked ${name} no longer exists. Remove lock.exclusive and lock.roster?`,
      confirmLabel: force ? 'Force break lock' : 'Break lock',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.breakLock(name, force);
      showStatus('Lock removed.');
    } catch (error) {
      showError(error, 'Breaking the lock');
    }
    loadLock();
  }

  async function decideTransaction(transaction, decision) {
    const commit = decision === 'commit';
    const ok = await confirmAction({
      title: commit ? 'Commit this prepared transaction?' : 'Roll back this prepared transaction?',
      question: `This is a heuristic decision taken outside the transaction manager: if it decides otherwise later, the outcome is mixed.`,
      details: [el('p', {}, el('code', { class: 'break-anywhere' }, transaction.text)),
        el('p', { class: 'small' }, `${fmt.count(transaction.puts)} puts, ${fmt.count(transaction.deletes)} deletes, ${fmt.bytes(transaction.bytes)}, prepared ${fmt.ago(transaction.prepared)}.`)],
      confirmLabel: commit ? 'Commit' : 'Roll back',
      danger: !commit,
    });
    if (!ok) return;
    try {
      await (commit ? api.commitTransaction(name, transaction.xid) : api.rollbackTransaction(name, transaction.xid));
      showStatus(commit ? 'Transaction committed.' : 'Transaction rolled back.');
    } catch (error) {
      showError(error, commit ? 'Committing the transaction' : 'Rolling back the transaction');
    }
    loadTransactions();
    loadRepository().catch(() => {});
    loadSegments();
  }

  // ---- first load --------------------------------------------------------------------------------
  try {
    await loadRepository();
  } catch (error) {
    if (signal.aborted) return;
    if (error.status === 404) {
      replaceChildren(container,
        el('h1', { testid: 'repo-not-found' }, 'Repository not found'),
        el('p', {}, error.detail || `There is no repository named ${name}.`, ' ', el('a', { href: '#/' }, 'Back to the overview')));
    } else {
      replaceChildren(container, el('h1', {}, name));
      showError(error, 'Loading the repository');
    }
    return;
  }
  if (signal.aborted) return;
  replaceChildren(container,
    el('div', { class: 'page-head' }, heading, summary),
    el('div', { class: 'grid' },
      el('div', { class: 'column' }, job.node, actions?.node, stats.node),
      el('div', { class: 'column' }, segments.node, schedule.node, lock.node)),
    history.node,
    transactions.node);
  if (!shownJob) renderActiveJob(job.body, null, null);
  await Promise.all([loadSegments(), loadHistory(), loadLock(), loadTransactions(), loadSchedule()]);

  // ---- polling: the running job every second, else the figures every 5 s ------------------------------
  let failing = false;
  poller = poll(async () => {
    try {
      if (activeJobId) {
        const current = await api.getJob(name, activeJobId);
        if (signal.aborted) return;
        showJob(current);
        showInHistory(current);
        if (isFinished(current)) {
          announceEnd(current);
          await Promise.all([loadRepository(), loadSegments(), loadHistory(), loadLock()]);
        }
      } else {
        await loadRepository();
        await Promise.all([loadHistory(), loadLock(), loadTransactions()]);
      }
      failing = false;
    } catch (error) {
      if (!signal.aborted && !failing) showError(error, 'Refreshing');
      failing = true;
    }
  }, () => (activeJobId ? JOB_POLL_MS : IDLE_POLL_MS), signal);
}

function announceEnd(job) {
  const text = `${kindText(job.kind)} ${job.state}${job.result?.message ? `: ${job.result.message}` : '.'}`;
  if (job.state === 'failed') {
    showError({ title: `${kindText(job.kind)} failed`, detail: job.result?.message || 'The job ended with an error.' });
  } else {
    showStatus(text);
  }
}

function repositorySummary(repo) {
  const overdue = overdueCheckWarning(repo);
  // Why it is unavailable is said once, below, in full.
  const reasons = (repo.healthReasons || []).filter((r) => !(repo.stateDetail && r.includes(repo.stateDetail)));
  return el('div', {},
    el('p', { class: 'badges' }, healthBadge(repo.health, repo.healthReasons), ' ', modeBadge(repo.mode), ' ',
      el('a', { href: objectsHref(repo.name), id: 'objects-link', testid: 'objects-link' }, 'Browse objects')),
    reasons.length
      ? el('ul', { class: 'reasons small', testid: 'repo-health-reasons' }, reasons.map((r) => el('li', {}, r)))
      : null,
    overdue ? el('p', { class: 'warning-text', role: 'note', testid: 'check-overdue' }, '⚠ ', overdue) : null,
    repo.state !== 'open'
      ? el('p', { class: 'error-text', testid: 'repo-unavailable' }, 'Unavailable: ', repo.stateDetail || 'the repository could not be opened.')
      : null);
}

function repositoryStats(repo) {
  const item = (label, testid, value) => [el('dt', {}, label), el('dd', { testid }, value)];
  const quota = repo.storageQuota ? `${fmt.bytes(repo.storageQuotaUse)} of ${fmt.bytes(repo.storageQuota)}` : `none (${fmt.bytes(repo.storageQuotaUse)} used)`;
  return el('dl', { class: 'facts', id: 'repo-stats', testid: 'repo-stats' },
    item('Objects', 'stat-objects', fmt.count(repo.objects)),
    item('Size on disk', 'stat-segment-bytes', fmt.bytes(repo.segmentBytes)),
    item('Segments', 'stat-segments', fmt.count(repo.segments)),
    item('Freeable', 'stat-freeable', fmt.bytes(repo.freeableBytes)),
    item('Transaction id', 'stat-transaction', repo.transactionId ?? '–'),
    item('Index checkpoint', 'stat-index-checkpoint', repo.indexCheckpointTransaction ?? '–'),
    item('Storage quota', 'stat-quota', repo.storageQuota === null ? '–' : quota),
    item('Prepared transactions', 'stat-prepared', repo.preparedBranches ?? '–'),
    item('Last check', 'stat-last-check', repo.lastCheck ? `${repo.lastCheck.outcome}, ${fmt.dateTime(repo.lastCheck.finished)}` : 'never'),
    item('Mode', 'stat-mode', repo.mode),
    item('State', 'stat-state', repo.state),
    item('Path', 'stat-path', repo.path ? el('code', { class: 'break-anywhere' }, repo.path) : '–'));
}

