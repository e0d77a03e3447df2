// Hash routes (#/, #/repositories/NAME, #/repositories/NAME/objects): the server serves one page and
// links stay bookmarkable. Each view gets an AbortSignal that fires when the user navigates away, so
// that its polling stops.

import { el, replaceChildren } from './element.js';
import { clearNotices } from './notices.js';

export function startRouter(routes, container) {
  let controller = null;

  const render = async () => {
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    const path = decodeURIComponent((location.hash || '#/').slice(1)) || '/';
    clearNotices();
    // data-route and aria-busy say which page is shown and whether it is complete (assistive technology
    // and browser tests wait for aria-busy="false").
    container.dataset.route = path;
    container.setAttribute('aria-busy', 'true');
    for (const route of routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      replaceChildren(container, el('p', { class: 'muted', testid: 'loading' }, 'Loading…'));
      try {
        await route.view(container, match.groups || {}, signal);
      } finally {
        if (!signal.aborted) {
          container.setAttribute('aria-busy', 'false');
          focusHeading(container);
        }
      }
      return;
    }
    replaceChildren(container,
      el('h1', { tabindex: '-1' }, 'Page not found'),
      el('p', {}, 'There is no page at ', el('code', {}, path), '. ', el('a', { href: '#/' }, 'Back to the overview')));
    container.setAttribute('aria-busy', 'false');
    focusHeading(container);
  };

  window.addEventListener('hashchange', render);
  render();
}

// Screen readers and keyboard users land on the new page's heading, not at the top of the old one.
function focusHeading(container) {
  const heading = container.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

/** Link target for a repository's page (names are URL-encoded). */
export function repositoryHref(name) {
  return `#/repositories/${encodeURIComponent(name)}`;
}

export function objectsHref(name) {
  return `#/repositories/${encodeURIComponent(name)}/objects`;
}
