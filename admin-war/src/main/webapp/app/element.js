// Builds DOM nodes from plain values. Text always goes in as text nodes (never innerHTML), so data
// from the server (ids, paths, messages) cannot inject markup.

/**
 * el('button', {type: 'button', testid: 'x', onclick: fn}, 'Label')
 * Attributes: `class`, `testid` (-> data-testid), `dataset` (object), `on<event>` (listener),
 * boolean true -> empty attribute, false/null/undefined -> omitted, anything else -> string.
 * Children: nodes, strings, numbers, arrays of them; null/undefined/false are skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  applyAttributes(node, attrs);
  append(node, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Same as el() for SVG elements. */
export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  applyAttributes(node, attrs);
  append(node, children);
  return node;
}

function applyAttributes(node, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'testid') {
      node.setAttribute('data-testid', value);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'value' && 'value' in node && node.namespaceURI !== SVG_NS) {
      node.value = value;
    } else if (name === 'checked' || name === 'disabled' || name === 'hidden') {
      node[name] = Boolean(value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Replaces all children of node. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/**
 * replaceChildren for parts that are redrawn while the user works (polling): the control that had the
 * keyboard focus gets it back in the new content (found by its data-testid or id).
 */
export function replaceKeepingFocus(node, ...children) {
  const active = document.activeElement;
  const key = active && node.contains(active) && active !== node
    ? (active.dataset.testid ? `[data-testid="${CSS.escape(active.dataset.testid)}"]` : active.id ? `#${CSS.escape(active.id)}` : null)
    : null;
  replaceChildren(node, ...children);
  if (key) node.querySelector(key)?.focus();
  return node;
}
