// History: answered (or cancelled) requests, newest first.

import {el, replace, when, message, table} from '../dom.js';
import {api} from '../api.js';
import {describe} from '../request-store.js';

function responseTime(r) {
  if (!r.created_at || !r.responded_at) return '';
  const seconds = Math.round((Date.parse(r.responded_at) - Date.parse(r.created_at)) / 1000);
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function historyPage() {
  const status = el('select', {id: 'history-status'},
    el('option', {value: 'completed'}, 'Answered'),
    el('option', {value: 'cancelled'}, 'Cancelled'));
  const body = el('div', {id: 'history-body'}, el('p', {class: 'loading'}, 'Loading…'));
  const root = el('section', {class: 'page', 'aria-labelledby': 'history-title'},
    el('h2', {id: 'history-title', tabindex: -1}, 'History'),
    el('div', {class: 'toolbar'}, el('label', {for: 'history-status'}, 'Show'), status),
    body);

  async function load() {
    try {
      const requests = await api.requests({status: status.value, limit: 200});
      if (!requests.length) {
        replace(body, message('info', 'Nothing here yet.'));
        return;
      }
      replace(body, table('Answered requests', [
        {label: 'Task', value: r => el('a', {href: `#/requests/${encodeURIComponent(r.request_id)}`}, describe(r).task)},
        {label: 'Execution', value: r => describe(r).execution},
        {label: 'Outcome', value: r => r.outcome ?? (r.is_approve === true ? 'approved' : r.is_approve === false ? 'rejected' : '—')},
        {label: 'Answered by', value: r => r.responder ?? r.result?.responder ?? ''},
        {label: 'Source', value: r => r.source ?? r.result?.source ?? ''},
        {label: 'Opened', value: r => when(r.created_at)},
        {label: 'Response time', value: responseTime},
        {label: 'SLA', value: r => r.sla_met === true ? 'met' : r.sla_met === false ? 'missed' : ''},
      ], requests, r => ({dataset: {requestId: r.request_id}})));
    } catch (error) {
      replace(body, message('error', `Could not load the history: ${error.message}`));
    }
  }

  status.addEventListener('change', load);
  load();
  return {root, title: 'History', focus() { root.querySelector('h2').focus(); }, destroy() {}};
}
