// The "where am I" trail in the top bar; each view sets its own.

import { el, replaceChildren } from './element.js';

/** items: [{label, href}] - the last one is the current page (no link). */
export function setBreadcrumbs(items) {
  const nav = document.getElementById('breadcrumbs');
  if (!nav) return;
  const list = el('ol', {}, items.map((item, i) => {
    const last = i === items.length - 1;
    return el('li', {}, last
      ? el('span', { 'aria-current': 'page' }, item.label)
      : el('a', { href: item.href }, item.label));
  }));
  replaceChildren(nav, list);
}
