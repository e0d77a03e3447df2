// The object browser: pages of ids (borg's listing order) filtered by id prefix, download, and for
// admins upload (id = SHA-256 of the file, chosen by the server) and delete.

import * as api from '../api.js';
import { el, replaceChildren } from '../element.js';
import * as fmt from '../format.js';
import { showError, showStatus, clearNotices } from '../notices.js';
import { confirmAction } from '../confirmation.js';
import { isAdmin } from '../session.js';
import { repositoryHref } from '../router.js';
import { setBreadcrumbs } from '../breadcrumbs.js';

const PAGE_SIZE = 50;
const HEX_PREFIX = /^[0-9a-fA-F]{0,64}$/;

export async function objectsView(container, { name }, signal) {
  const admin = isAdmin();
  setBreadcrumbs([
    { label: 'Repositories', href: '#/' },
    { label: name, href: repositoryHref(name) },
    { label: 'Objects' },
  ]);

  let repository = null;
  try {
    repository = await api.getRepository(name);
  } catch (error) {
    if (signal.aborted) return;
    replaceChildren(container, el('h1', {}, `Objects of ${name}`));
    showError(error, 'Loading the repository');
    return;
  }
  if (signal.aborted) return;
  const canDelete = admin && repository.mode !== 'append-only';

  // Pages are reached by following markers; going back re-uses the markers already seen.
  const paging = { prefix: '', markers: [null], index: 0, nextMarker: null };

  const listBox = el('div', { class: 'object-list' });
  const pageInfo = el('span', { class: 'muted small', testid: 'objects-page', 'aria-live': 'polite' });
  const first = el('button', { type: 'button', id: 'objects-first', testid: 'objects-first', class: 'secondary', onclick: () => go(0) }, 'First page');
  const prev = el('button', { type: 'button', id: 'objects-prev', testid: 'objects-prev', class: 'secondary', onclick: () => go(paging.index - 1) }, 'Previous page');
  const next = el('button', { type: 'button', id: 'objects-next', testid: 'objects-next', class: 'secondary', onclick: () => go(paging.index + 1) }, 'Next page');

  const prefixInput = el('input', {
    type: 'search', id: 'object-prefix', testid: 'object-prefix', name: 'prefix', maxlength: '64',
    pattern: '[0-9a-fA-F]{0,64}', autocomplete: 'off', spellcheck: 'false', class: 'mono',
    placeholder: 'e.g. 4f0f', 'aria-describedby': 'object-prefix-help',
  });
  // novalidate: the console's own message names what is wrong with the prefix (the browser's says only "format").
  const searchForm = el('form', { id: 'object-search-form', testid: 'object-search-form', class: 'inline-form', role: 'search', novalidate: true },
    el('label', { for: 'object-prefix' }, 'Id prefix'),
    prefixInput,
    el('button', { type: 'submit', id: 'object-search', testid: 'object-search' }, 'Search'),
    el('p', { id: 'object-prefix-help', class: 'muted small full-width' },
      'Hexadecimal characters (0-9, a-f); empty lists every object. Ids come in the repository\'s own order, not sorted.'));
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const prefix = prefixInput.value.trim();
    if (!HEX_PREFIX.test(prefix)) {
      prefixInput.setAttribute('aria-invalid', 'true');
      showError({ title: 'Invalid prefix', detail: `"${prefix}" is not an id prefix: up to 64 hexadecimal characters (0-9, a-f).` });
      prefixInput.focus();
      return;
    }
    prefixInput.removeAttribute('aria-invalid');
    clearNotices();
    paging.prefix = prefix.toLowerCase();
    paging.markers = [null];
    go(0);
  });

  async function go(index) {
    if (index < 0 || index >= paging.markers.length) return;
    try {
      const page = await api.listObjects(name, {
        prefix: paging.prefix || undefined, limit: PAGE_SIZE, marker: paging.markers[index] || undefined,
      });
      if (signal.aborted) return;
      paging.index = index;
      paging.nextMarker = page.nextMarker;
      if (page.nextMarker) paging.markers[index + 1] = page.nextMarker;
      paging.markers.length = page.nextMarker ? index + 2 : index + 1;
      replaceChildren(listBox, objectTable(page.objects));
      first.disabled = index === 0;
      prev.disabled = index === 0;
      next.disabled = !page.nextMarker;
      pageInfo.textContent = `Page ${index + 1}: ${page.objects.length} object${page.objects.length === 1 ? '' : 's'}`
        + `${paging.prefix ? ` starting with ${paging.prefix}` : ''}${page.nextMarker ? ', more follow' : ''}.`;
    } catch (error) {
      if (!signal.aborted) showError(error, 'Listing objects');
    }
  }

  function objectTable(objects) {
    if (!objects.length) {
      return el('p', { class: 'muted', testid: 'no-objects' },
        paging.prefix ? `No object id on this page starts with ${paging.prefix}.` : 'No objects.');
    }
    return el('div', { class: 'table-scroll' },
      el('table', { class: 'data-table cards-on-narrow', id: 'object-table', testid: 'object-table' },
        el('caption', { class: 'visually-hidden' }, `Objects of ${name}`),
        el('thead', {}, el('tr', {},
          el('th', { scope: 'col' }, 'Id'), el('th', { scope: 'col', class: 'num' }, 'Size'), el('th', { scope: 'col' }, 'Actions'))),
        el('tbody', {}, objects.map(objectRow))));
  }

  function objectRow(object) {
    return el('tr', { testid: `object-row-${object.id}`, 'data-id': object.id, 'data-size': object.size },
      el('td', { 'data-label': 'Id' }, el('code', { class: 'object-id' }, object.id)),
      el('td', { 'data-label': 'Size', class: 'num' }, fmt.bytes(object.size)),
      el('td', { 'data-label': 'Actions' },
        el('div', { class: 'button-row tight' },
          el('a', {
            href: api.objectUrl(name, object.id), download: object.id, class: 'button-link',
            testid: `object-download-${object.id}`, 'aria-label': `Download object ${object.id}`,
          }, 'Download'),
          canDelete ? el('button', {
            type: 'button', class: 'danger', testid: `object-delete-${object.id}`,
            'aria-label': `Delete object ${object.id}`, onclick: () => deleteObject(object),
          }, 'Delete…') : null)));
  }

  async function deleteObject(object) {
    const ok = await confirmAction({
      title: 'Delete this object?',
      question: `The object is removed from ${name} at once (${fmt.bytes(object.size)}). Archives that refer to it break.`,
      details: [el('p', {}, el('code', { class: 'object-id' }, object.id))],
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.deleteObject(name, object.id);
      showStatus('Object deleted: ', el('code', { class: 'object-id' }, object.id));
      await go(paging.index);
    } catch (error) {
      showError(error, 'Deleting the object');
    }
  }

  replaceChildren(container,
    el('div', { class: 'page-head' },
      el('h1', {}, `Objects of ${name}`),
      el('p', { class: 'muted' }, `${fmt.count(repository.objects)} object${repository.objects === 1 ? '' : 's'} · `, el('a', { href: repositoryHref(name) }, 'Back to the repository'))),
    admin ? uploadPanel(name, repository, () => go(paging.index)) : null,
    el('section', { class: 'panel', 'aria-labelledby': 'browse-heading' },
      el('h2', { id: 'browse-heading' }, 'Browse'),
      searchForm,
      listBox,
      el('div', { class: 'pager button-row' }, first, prev, next, pageInfo)),
    admin && !canDelete ? el('p', { class: 'muted small' }, 'Append-only repository: objects cannot be deleted here.') : null);
  await go(0);
}

function uploadPanel(name, repository, afterUpload) {
  const file = el('input', { type: 'file', id: 'upload-file', testid: 'upload-file', name: 'file', required: true });
  const button = el('button', { type: 'submit', id: 'upload-button', testid: 'upload-button' }, 'Upload');
  const result = el('div', { id: 'upload-result', testid: 'upload-result', 'aria-live': 'polite' });
  const form = el('form', { id: 'upload-form', testid: 'upload-form', class: 'inline-form' },
    el('label', { for: 'upload-file' }, 'File'), file, button,
    el('p', { class: 'muted small full-width' },
      `The object's id is the SHA-256 of its content. At most ${fmt.bytes(api.MAX_OBJECT_BYTES)} (${fmt.count(api.MAX_OBJECT_BYTES)} bytes).`),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files && file.files[0];
    if (!chosen) {
      showError({ title: 'No file chosen', detail: 'Choose a file to upload first.' });
      file.focus();
      return;
    }
    if (chosen.size > api.MAX_OBJECT_BYTES) {
      showError({
        title: 'File too large',
        detail: `${chosen.name} has ${fmt.count(chosen.size)} bytes; an object may have at most ${fmt.count(api.MAX_OBJECT_BYTES)}.`,
      });
      return;
    }
    button.disabled = true;
    replaceChildren(result, el('p', { class: 'muted' }, `Uploading ${chosen.name}…`));
    try {
      const stored = await api.createObject(name, chosen);
      replaceChildren(result, el('p', {},
        'Stored ', chosen.name, ` (${fmt.bytes(stored.size)}) as `,
        el('code', { id: 'upload-id', testid: 'upload-id', class: 'object-id' }, stored.id), ' ',
        el('a', { href: api.objectUrl(name, stored.id), download: stored.id, testid: 'upload-download' }, 'Download')));
      showStatus('Upload complete.');
      form.reset();
      afterUpload();
    } catch (error) {
      replaceChildren(result);
      showError(error, 'Uploading');
    } finally {
      button.disabled = false;
    }
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'upload-heading' },
    el('h2', { id: 'upload-heading' }, 'Upload'),
    repository.state !== 'open' ? el('p', { class: 'warning-text' }, 'The repository is unavailable.') : form);
}
