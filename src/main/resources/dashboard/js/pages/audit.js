// Audit: the append-only trail, its export and its integrity check (managers only).

import {el, replace, when, message, table} from '../dom.js';
import {api} from '../api.js';
import {loadFailure} from './unavailable.js';

function isoDay(input, endOfDay) {
  if (!input.value) return undefined;
  return new Date(`${input.value}T${endOfDay ? '23:59:59.999' : '00:00:00'}`).toISOString();
}

export function auditPage() {
  const from = el('input', {type: 'date', id: 'audit-from'});
  const to = el('input', {type: 'date', id: 'audit-to'});
  const body = el('div', {id: 'audit-body'}, el('p', {class: 'loading'}, 'Loading…'));
  const verifyResult = el('p', {id: 'audit-verify-result', role: 'status'});
  const exportResult = el('p', {id: 'audit-export-result', role: 'status'});

  async function load() {
    try {
      const entries = await api.audit({from: isoDay(from, false), to: isoDay(to, true), limit: 500});
      replace(body, entries.length ? table('Audit entries', [
        {label: 'Seq', value: e => e.seq},
        {label: 'At', value: e => when(e.at)},
        {label: 'Action', value: e => e.action},
        {label: 'Actor', value: e => e.actor},
        {label: 'Request', value: e => e.request_id
          ? el('a', {href: `#/requests/${encodeURIComponent(e.request_id)}`}, String(e.request_id).slice(0, 8)) : ''},
        {label: 'Details', value: e => e.details ? el('code', {class: 'details'}, JSON.stringify(e.details)) : ''},
      ], entries) : message('info', 'No audit entries in this period.'));
    } catch (error) {
      replace(body, loadFailure('The audit trail', error));
    }
  }

  async function download(format) {
    exportResult.textContent = 'Preparing the export…';
    try {
      const response = await api.auditExport(format);
      const blob = await response.blob();
      const link = el('a', {href: URL.createObjectURL(blob), download: `hitl-audit.${format}`});
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      exportResult.textContent = `Exported ${format.toUpperCase()} (${blob.size} bytes).`;
    } catch (error) {
      exportResult.textContent = error.notDeployed ? 'Export is not available on this gateway yet.'
        : `Export failed: ${error.message}`;
    }
  }

  async function verify() {
    verifyResult.textContent = 'Checking…';
    try {
      const v = await api.auditVerify();
      verifyResult.textContent = v.valid
        ? `Intact: ${v.entries ?? '?'} entries, every link of the chain checks out.`
        : `Tampered: the chain breaks at entry ${v.first_invalid_seq ?? '?'} (of ${v.entries ?? '?'}).`;
      verifyResult.className = v.valid ? 'ok' : 'error';
    } catch (error) {
      verifyResult.textContent = error.notDeployed ? 'Verification is not available on this gateway yet.'
        : `Verification failed: ${error.message}`;
    }
  }

  const root = el('section', {class: 'page', 'aria-labelledby': 'audit-title'},
    el('h2', {id: 'audit-title', tabindex: -1}, 'Audit trail'),
    el('form', {class: 'toolbar', onsubmit: e => { e.preventDefault(); load(); }},
      el('label', {for: 'audit-from'}, 'From'), from,
      el('label', {for: 'audit-to'}, 'To'), to,
      el('button', {type: 'submit'}, 'Show')),
    el('div', {class: 'toolbar'},
      el('button', {type: 'button', class: 'secondary', onclick: () => download('csv')}, 'Export CSV'),
      el('button', {type: 'button', class: 'secondary', onclick: () => download('jsonl')}, 'Export JSON Lines'),
      el('button', {type: 'button', class: 'secondary', id: 'audit-verify', onclick: verify}, 'Verify integrity')),
    verifyResult, exportResult, body);
  load();
  return {root, title: 'Audit', focus() { root.querySelector('h2').focus(); }, destroy() {}};
}
