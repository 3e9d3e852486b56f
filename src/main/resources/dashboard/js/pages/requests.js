// The Pending page: the live list, and the selected request beside it (below it on a phone).

import {el} from '../dom.js';
import {listView} from '../list-view.js';
import {requestView} from '../request-view.js';

export function requestsPage({store, announce}, requestId = null) {
  const list = listView(store, {selectedId: requestId});
  const detail = requestId ? requestView(requestId, {store, announce}) : null;
  const root = el('div', {class: detail ? 'requests-page with-detail' : 'requests-page'},
    list.root,
    el('div', {class: 'detail-pane'}, detail ? detail.root
      : el('p', {class: 'hint'}, 'Choose a request to review it. Tab to a request and press Enter to open it.')));
  return {
    root,
    title: detail ? 'Request' : 'Pending requests',
    focus() { if (detail) detail.focus(); },
    destroy() { list.destroy(); detail?.destroy(); },
  };
}
