// The live list of pending requests. Each entry is a link (Tab reaches it, Enter opens it).

import {el, age} from './dom.js';
import {describe, settledText} from './request-store.js';

export function listView(store, {selectedId = null} = {}) {
  const heading = el('h2', {id: 'pending-title'}, 'Pending requests');
  const count = el('span', {class: 'count', id: 'pending-count'});
  const list = el('ul', {class: 'request-list', id: 'pending-list', 'aria-labelledby': 'pending-title'});
  const empty = el('p', {class: 'empty', id: 'pending-empty'}, 'Nothing waiting for you.');
  const root = el('section', {class: 'list-pane', 'aria-labelledby': 'pending-title'},
    el('div', {class: 'pane-head'}, heading, count), list, empty);

  function entry({request, settled}) {
    const d = describe(request);
    const status = settled ? settled.kind : 'pending';
    return el('li', {dataset: {requestId: d.id, status}, class: d.id === selectedId ? 'selected' : null},
      el('a', {href: `#/requests/${encodeURIComponent(d.id)}`,
        'aria-current': d.id === selectedId ? 'page' : null},
        el('span', {class: 'task'}, d.task || '(task)'),
        el('span', {class: 'prompt'}, d.prompt),
        el('span', {class: 'meta'},
          el('span', {}, d.execution),
          d.assignee ? el('span', {}, `→ ${d.assignee}`) : null,
          el('span', {class: 'age', dataset: {at: request.created_at ?? request.timestamp ?? ''}},
            age(request.created_at ?? request.timestamp)),
          d.emit ? el('span', {class: 'badge'}, `${d.emit.length} option${d.emit.length === 1 ? '' : 's'}`) : el('span', {class: 'badge'}, 'approve / reject')),
        settled ? el('span', {class: `settled ${settled.kind}`}, settledText(settled)) : null));
  }

  // Keyed update: entries that did not change keep their node, so keyboard focus stays put.
  const nodes = new Map();

  function signature({request, settled}) {
    return JSON.stringify([request.request_id === selectedId, request.assigned_to_email, settledText(settled),
      request.message ?? request.prompt]);
  }

  function render() {
    const items = store.list();
    const wanted = new Set(items.map(i => i.request.request_id));
    for (const [id, node] of nodes) {
      if (!wanted.has(id)) { node.remove(); nodes.delete(id); }
    }
    items.forEach((item, index) => {
      const id = item.request.request_id;
      const sig = signature(item);
      let node = nodes.get(id);
      if (!node || node.sig !== sig) {
        const fresh = entry(item);
        fresh.sig = sig;
        if (node) node.replaceWith(fresh);
        node = fresh;
        nodes.set(id, node);
      }
      if (list.children[index] !== node) list.insertBefore(node, list.children[index] ?? null);
    });
    list.querySelectorAll('.age').forEach(span => { span.textContent = age(span.dataset.at); });
    count.textContent = String(items.filter(i => !i.settled).length);
    empty.hidden = items.length > 0;
  }

  const unsubscribe = store.subscribe(render);
  render();
  // Ages ("3 min ago") move on without events.
  const ticker = setInterval(render, 30000);
  return {
    root,
    select(id) { selectedId = id; render(); },
    destroy() { unsubscribe(); clearInterval(ticker); },
  };
}
