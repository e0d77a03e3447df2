// The notice area under the top bar: errors (from problem+json details) and short confirmations.

import { el, replaceChildren } from './element.js';

function area() {
  return document.getElementById('notices');
}

/** Shows an error; for ApiError the problem's title and detail, with the HTTP status. */
export function showError(error, context) {
  const title = error?.title || (error?.status ? `Request failed (${error.status})` : 'Something went wrong');
  const detail = error?.detail || error?.message || String(error);
  const loginLink = error?.status === 401
    ? el('a', { href: './', testid: 'login-link', class: 'notice-action' }, 'Log in')
    : null;
  const notice = el('div', { class: 'notice notice-error', role: 'alert', id: 'error-message', testid: 'error-message' },
    el('div', { class: 'notice-text' },
      el('strong', { testid: 'error-title' }, context ? `${context}: ${title}` : title),
      ' ',
      el('span', { testid: 'error-detail' }, detail),
      error?.status ? el('span', { class: 'muted' }, ` (HTTP ${error.status})`) : null),
    loginLink,
    dismissButton());
  replaceChildren(area(), notice);
}

/** Shows a short confirmation that something was done. */
export function showStatus(message, ...extra) {
  const notice = el('div', { class: 'notice notice-ok', role: 'status', id: 'status-message', testid: 'status-message' },
    el('div', { class: 'notice-text' }, message, ...extra),
    dismissButton());
  replaceChildren(area(), notice);
}

export function clearNotices() {
  area()?.replaceChildren();
}

function dismissButton() {
  return el('button', {
    type: 'button', class: 'icon-button', 'aria-label': 'Dismiss message', testid: 'dismiss-message',
    onclick: clearNotices,
  }, '×');
}
