// Building DOM nodes without HTML strings: text always goes in through textContent.

/**
 * el('button', {type: 'button', class: 'x', onclick: fn, dataset: {id: 1}}, 'text', child, …)
 * Attributes named on* become event listeners; null/undefined/false attributes are skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name === 'class') {
      node.className = value;
    } else if (value === true) {
      node.setAttribute(name, '');
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of node. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** "3 min ago"-style age of an ISO timestamp; empty for none. */
export function age(iso, now = Date.now()) {
  if (!iso) return '';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

/** A timestamp as local date and time; empty for none. */
export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

/** Pretty JSON in a <pre>, as text. */
export function jsonBlock(value) {
  return el('pre', {class: 'json'}, JSON.stringify(value ?? null, null, 2));
}

/** A message paragraph: kind is 'info', 'error' or 'notice'. */
export function message(kind, text) {
  return el('p', {class: `message ${kind}`, role: kind === 'error' ? 'alert' : null}, text);
}

/** A simple table: columns [{label, value: row => text|Node}]. */
export function table(caption, columns, rows, rowAttrs = () => ({})) {
  return el('div', {class: 'table-wrap'},
    el('table', {},
      el('caption', {class: 'visually-hidden'}, caption),
      el('thead', {}, el('tr', {}, columns.map(c => el('th', {scope: 'col'}, c.label)))),
      el('tbody', {}, rows.map(row => el('tr', rowAttrs(row),
        columns.map(c => el('td', {'data-label': c.label}, c.value(row) ?? '')))))));
}
