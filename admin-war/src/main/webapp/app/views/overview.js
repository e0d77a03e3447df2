// The overview: every repository with its figures, health and last check; refreshed every 5 s.

import * as api from '../api.js';
import { el, replaceChildren, replaceKeepingFocus } from '../element.js';
import * as fmt from '../format.js';
import { showError } from '../notices.js';
import { poll } from '../poller.js';
import { repositoryHref, objectsHref } from '../router.js';
import { overdueCheckWarning } from '../check-age.js';
import { setBreadcrumbs } from '../breadcrumbs.js';
import { healthBadge, modeBadge, outcomeBadge } from '../parts/badges.js';

const REFRESH_MS = 5000;

export async function overviewView(container, _params, signal) {
  setBreadcrumbs([{ label: 'Repositories' }]);
  const table = el('div', { id: 'repo-overview', testid: 'repo-overview' },
    el('p', { class: 'muted', testid: 'loading' }, 'Loading…'));
  const updated = el('p', { class: 'muted small', testid: 'overview-updated', 'aria-live': 'off' });
  replaceChildren(container,
    el('h1', {}, 'Repositories'),
    table,
    updated);

  let failing = false;
  let shown = null;
  const refresh = async () => {
    try {
      const { repositories } = await api.listRepositories();
      if (signal.aborted) return;
      // Redrawn when a figure changed, and once a minute for the "… ago" times; the focus stays where it was.
      const key = `${JSON.stringify(repositories)} ${Math.floor(Date.now() / 60000)}`;
      if (key !== shown) {
        shown = key;
        replaceKeepingFocus(table, repositories.length ? repositoryTable(repositories) : emptyState());
      }
      updated.textContent = `Updated ${fmt.dateTime(new Date().toISOString())}`;
      failing = false;
    } catch (error) {
      if (signal.aborted) return;
      // Report once per outage, not every 5 s.
      if (!failing) showError(error, 'Loading the repositories');
      failing = true;
    }
  };
  await refresh();
  poll(refresh, REFRESH_MS, signal);
}

function emptyState() {
  return el('p', { testid: 'no-repositories' }, 'No repository is configured on this server.');
}

const COLUMNS = ['Repository', 'Health', 'Objects', 'Size on disk', 'Segments', 'Freeable', 'Transaction', 'Mode', 'Last check'];

const NUMERIC = new Set(['Objects', 'Size on disk', 'Segments', 'Freeable', 'Transaction']);

function repositoryTable(repositories) {
  const now = Date.now();
  return el('table', { class: 'data-table cards-on-narrow', id: 'repo-table', testid: 'repo-table' },
    el('caption', { class: 'visually-hidden' }, 'Repositories on this server'),
    el('thead', {}, el('tr', {}, COLUMNS.map((c) => el('th', { scope: 'col', class: NUMERIC.has(c) ? 'num' : null }, c)))),
    el('tbody', {}, repositories.map((repo) => repositoryRow(repo, now))));
}

function repositoryRow(repo, now) {
  const overdue = overdueCheckWarning(repo, now);
  const cell = (label, testid, ...content) => el('td', { 'data-label': label, testid }, ...content);
  const numeric = (label, testid, text) => el('td', { 'data-label': label, testid, class: 'num' }, text);
  return el('tr', { testid: `repo-row-${repo.name}`, dataset: { repository: repo.name } },
    el('th', { scope: 'row', 'data-label': 'Repository' },
      el('a', { href: repositoryHref(repo.name), testid: `repo-link-${repo.name}` }, repo.name),
      el('div', { class: 'muted small path' }, repo.path || 'path not known'),
      repo.state === 'unavailable'
        ? el('div', { class: 'small warning-text' }, repo.stateDetail || 'Unavailable')
        : el('a', { class: 'small', href: objectsHref(repo.name), testid: `repo-objects-link-${repo.name}` }, 'Browse objects')),
    cell('Health', 'repo-health', healthBadge(repo.health, repo.healthReasons),
      repo.activeJob ? el('div', { class: 'small' }, `${repo.activeJob.kind} ${repo.activeJob.state} ${fmt.percent(repo.activeJob.progress)}`) : null),
    numeric('Objects', 'repo-objects', fmt.count(repo.objects)),
    numeric('Size on disk', 'repo-size', fmt.bytes(repo.segmentBytes)),
    numeric('Segments', 'repo-segments', fmt.count(repo.segments)),
    numeric('Freeable', 'repo-freeable', fmt.bytes(repo.freeableBytes)),
    numeric('Transaction', 'repo-transaction', repo.transactionId ?? '–'),
    cell('Mode', 'repo-mode', modeBadge(repo.mode)),
    cell('Last check', 'repo-last-check',
      repo.lastCheck
        ? [outcomeBadge(repo.lastCheck.outcome), ' ',
           el('time', { datetime: repo.lastCheck.finished, title: fmt.dateTime(repo.lastCheck.finished) }, fmt.ago(repo.lastCheck.finished, now))]
        : el('span', { class: 'muted' }, 'never'),
      overdue ? el('div', { class: 'warning-text small', role: 'note', testid: `check-overdue-${repo.name}` }, '⚠ ', overdue) : null));
}
