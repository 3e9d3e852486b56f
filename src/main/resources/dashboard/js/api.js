// The gateway's REST API, with the signed-in token on every call.

import {token} from './session.js';

/** A refused call: status, the gateway's error code and message, and the parsed body. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || body?.error || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error ?? null;
    this.body = body ?? {};
  }

  /** True when the endpoint is not there (yet): another part of the gateway may not be deployed. */
  get notDeployed() {
    return this.status === 404 && (this.code === 'not_found' || this.code === null);
  }
}

async function call(method, path, body, {raw = false} = {}) {
  const headers = {Authorization: `Bearer ${token()}`};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
  });
  if (!response.ok) {
    let parsed = null;
    try { parsed = await response.json(); } catch { /* not JSON */ }
    throw new ApiError(response.status, parsed);
  }
  if (raw) return response;
  const text = await response.text();
  return text ? JSON.parse(text) : {};
}

const REQUESTS = '/api/v1/human-input-requests';
const enc = encodeURIComponent;

function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? '?' + new URLSearchParams(entries).toString() : '';
}

export const api = {
  me: () => call('GET', '/api/v1/me'),

  requests: (params = {}) => call('GET', REQUESTS + query(params)).then(r => r.requests ?? []),
  request: id => call('GET', `${REQUESTS}/${enc(id)}`),
  respond: (id, body) => call('POST', `${REQUESTS}/${enc(id)}/response`, body),
  executionEvents: executionId =>
    call('GET', `/poll/human-input/${enc(executionId)}?timeout=0`).then(r => r.events ?? []),

  settings: () => call('GET', '/api/v1/settings'),
  saveSettings: body => call('PUT', '/api/v1/settings', body),

  routingRules: () => call('GET', '/api/v1/routing-rules').then(r => Array.isArray(r) ? r : (r.rules ?? [])),
  addRoutingRule: rule => call('POST', '/api/v1/routing-rules', rule),
  updateRoutingRule: (id, rule) => call('PUT', `/api/v1/routing-rules/${enc(id)}`, rule),
  deleteRoutingRule: id => call('DELETE', `/api/v1/routing-rules/${enc(id)}`),

  webhooks: () => call('GET', '/api/v1/webhooks').then(r => Array.isArray(r) ? r : (r.webhooks ?? [])),
  addWebhook: hook => call('POST', '/api/v1/webhooks', hook),
  deleteWebhook: id => call('DELETE', `/api/v1/webhooks/${enc(id)}`),

  audit: (params = {}) => call('GET', '/api/v1/audit' + query(params)).then(r => r.entries ?? []),
  auditExport: format => call('GET', `/api/v1/audit/export?format=${enc(format)}`, undefined, {raw: true}),
  auditVerify: () => call('GET', '/api/v1/audit/verify'),

  analytics: (params = {}) => call('GET', '/api/v1/analytics' + query(params)),
};
