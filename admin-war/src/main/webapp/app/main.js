/*
 * Repono web console: entry point. Plain ES modules, no build step, nothing loaded from outside.
 * Talks only to the REST API in ../openapi.yaml (relative base "api/").
 *
 * Stable hooks for browser tests. `#x` = element id, `[x]` = data-testid; NAME = repository name,
 * ID = 64-hex object id, JOB = job id, XID = prepared transaction xid (hex).
 *
 * Every page
 *   #nav-overview [nav-overview]        link to the overview
 *   #user-name [user-name]              logged-in user's name;  #user-roles [user-roles] e.g. "(admin)"
 *   #logout-button [logout-button]      log out (POST api/logout, then back to the login page)
 *   #error-message [error-message]      error notice (role=alert); parts [error-title], [error-detail]
 *                                       (problem+json title / detail); [login-link] when 401
 *   #status-message [status-message]    success notice (role=status); [dismiss-message] closes a notice
 *   #confirm-dialog [confirm-dialog]    confirmation <dialog>; [confirm-message], #confirm-ok [confirm-ok],
 *                                       #confirm-cancel [confirm-cancel] (Cancel has the focus first)
 *   [loading]                           shown while a page loads
 *
 * Overview (#/)
 *   #repo-table [repo-table]            one row per repository: [repo-row-NAME] (data-repository=NAME)
 *     cells [repo-health] [repo-objects] [repo-size] [repo-segments] [repo-freeable] [repo-transaction]
 *           [repo-mode] [repo-last-check]; badges [health-badge] [mode-badge] [outcome-badge]
 *     [repo-link-NAME] link to its page; [repo-objects-link-NAME] link to its object browser
 *     [check-overdue-NAME]              warning: scheduled check overdue
 *   [no-repositories]                   when none is configured; [overview-updated] refresh time
 *
 * Repository page (#/repositories/NAME)
 *   #repo-title [repo-title]  #repo-stats [repo-stats] (dd's [stat-objects] [stat-segment-bytes]
 *     [stat-segments] [stat-freeable] [stat-transaction] [stat-index-checkpoint] [stat-quota]
 *     [stat-prepared] [stat-path] [stat-mode] [stat-state])   [repo-health-reasons]  [check-overdue]
 *   #objects-link [objects-link]        to the object browser
 *   admin only: #start-check [start-check], #start-repair [start-repair], #start-compact [start-compact],
 *     #compact-threshold [compact-threshold] (percent, 0-100)
 *   #active-job [active-job]            running/queued job (data-job-id=JOB), polled every second:
 *     #job-progress [job-progress] (<progress>, max 1)  [job-progress-text]  [job-eta]  [job-elapsed]
 *     [job-state]  admin only: #job-cancel [job-cancel];  [no-active-job] when idle
 *   #segment-chart [segment-chart]      SVG; bars [segment-bar-N] (data-segment, data-live-bytes,
 *     data-freeable-bytes); [segment-table] the same as a table; [no-segments]
 *   #job-history [job-history]          rows [job-row-JOB] (data-state); [job-problems-JOB] details
 *   #schedule [schedule]                admin: form #schedule-form [schedule-form] with
 *     #schedule-check-enabled, #schedule-check-interval, #schedule-compaction-enabled,
 *     #schedule-compaction-threshold (percent), #schedule-compaction-interval (same data-testids),
 *     #schedule-save [schedule-save]; viewer: read-only [schedule-summary]
 *   #lock-panel [lock-panel]            [lock-state]; rows [lock-holder] (data-stale, data-this-server);
 *     admin only: #break-lock [break-lock], #force-break-lock [force-break-lock]
 *   #transactions [transactions]        rows [txn-row-XID]; admin only: [txn-commit-XID], [txn-rollback-XID];
 *                                       [no-transactions]
 *
 * Object browser (#/repositories/NAME/objects)
 *   #object-search-form [object-search-form]  #object-prefix [object-prefix]  #object-search [object-search]
 *   #object-table [object-table]        rows [object-row-ID] (data-id, data-size); [object-download-ID] link;
 *                                       admin only: [object-delete-ID];  [no-objects]
 *   #objects-first [objects-first]  #objects-prev [objects-prev]  #objects-next [objects-next]  [objects-page]
 *   admin only: #upload-form [upload-form]  #upload-file [upload-file]  #upload-button [upload-button]
 *     #upload-result [upload-result] with #upload-id [upload-id] (the new id)
 *
 * Login pages (login.html, login-error.html)
 *   #login-form [login-form]  #login-username [login-username]  #login-password [login-password]
 *   #login-submit [login-submit]  #login-error [login-error] (login-error.html only)
 */

import * as api from './api.js';
import { startRouter } from './router.js';
import { setUser, userName, roles } from './session.js';
import { showError } from './notices.js';
import { overviewView } from './views/overview.js';
import { repositoryView } from './views/repository.js';
import { objectsView } from './views/objects.js';

const ROUTES = [
  { pattern: /^\/?$/, view: overviewView },
  { pattern: /^\/repositories\/(?<name>[^/]+)\/?$/, view: repositoryView },
  { pattern: /^\/repositories\/(?<name>[^/]+)\/objects\/?$/, view: objectsView },
];

async function start() {
  const main = document.getElementById('main');
  try {
    setUser(await api.getMe());
  } catch (error) {
    main.replaceChildren();
    showError(error, 'Who is logged in');
    return;
  }
  showUser();
  startRouter(ROUTES, main);
}

function showUser() {
  document.getElementById('user-name').textContent = userName() || '';
  document.getElementById('user-roles').textContent = roles().length ? `(${roles().join(', ')})` : '(no role)';
  document.getElementById('user-box').hidden = false;
  document.getElementById('logout-button').addEventListener('click', logOut);
}

async function logOut() {
  try {
    await api.logout();
  } catch (error) {
    if (!error.unauthenticated) {
      showError(error, 'Logging out');
      return;
    }
  }
  // The console's page is protected: loading it again shows the login page.
  location.assign('./');
}

start();
