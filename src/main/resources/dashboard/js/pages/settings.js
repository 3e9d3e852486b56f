// Settings (managers only): notifications, auto-response, SLA, routing rules and webhooks.
// Each section loads on its own, so one endpoint missing does not hide the others.

import {el, replace, message, table} from '../dom.js';
import {api} from '../api.js';
import {loadFailure} from './unavailable.js';

// The events of the webhooks API (seed 001: new_request; and request_completed).
const WEBHOOK_EVENTS = ['new_request', 'request_completed'];

function field(label, input, hint) {
  return el('div', {class: 'field'}, el('label', {for: input.id}, label), input, hint ? el('small', {}, hint) : null);
}

function generalSection() {
  const body = el('div', {}, el('p', {class: 'loading'}, 'Loading…'));
  const status = el('p', {role: 'status', id: 'settings-status'});

  function form(s) {
    const auto = s.auto_response ?? {};
    const email = el('input', {type: 'checkbox', id: 'set-email', checked: s.email_notifications === true});
    const autoOn = el('input', {type: 'checkbox', id: 'set-auto', checked: auto.enabled === true});
    const timeout = el('input', {type: 'number', id: 'set-auto-timeout', min: 1, value: auto.timeout_minutes ?? ''});
    const outcome = el('input', {type: 'text', id: 'set-auto-outcome', value: auto.default_outcome ?? ''});
    const sla = el('input', {type: 'number', id: 'set-sla', min: 1, value: s.sla_target_minutes ?? ''});
    const toNumber = input => (input.value === '' ? null : Number(input.value));
    return el('form', {id: 'settings-form', onsubmit: async e => {
      e.preventDefault();
      status.textContent = 'Saving…';
      try {
        await api.saveSettings({
          email_notifications: email.checked,
          auto_response: {enabled: autoOn.checked, timeout_minutes: toNumber(timeout), default_outcome: outcome.value || null},
          sla_target_minutes: toNumber(sla),
        });
        status.textContent = 'Saved.';
      } catch (error) {
        status.textContent = `Not saved: ${error.message}`;
      }
    }},
    el('div', {class: 'field check'}, email, el('label', {for: 'set-email'}, 'Email notifications to assignees')),
    el('fieldset', {},
      el('legend', {}, 'Auto-response'),
      el('div', {class: 'field check'}, autoOn, el('label', {for: 'set-auto'}, 'Answer automatically after a timeout')),
      field('Timeout (minutes)', timeout),
      field('Default outcome', outcome, 'Used when the request has no default_outcome of its own.')),
    field('SLA target (minutes)', sla),
    el('button', {type: 'submit'}, 'Save settings'),
    status);
  }

  api.settings().then(s => replace(body, form(s))).catch(error => replace(body, loadFailure('Settings', error)));
  return el('section', {class: 'settings-section', id: 'settings-general', 'aria-labelledby': 'general-title'},
    el('h3', {id: 'general-title'}, 'Notifications, auto-response and SLA'), body);
}

function routingSection() {
  const body = el('div', {}, el('p', {class: 'loading'}, 'Loading…'));
  const status = el('p', {role: 'status'});

  async function act(promise, done) {
    try { await promise; status.textContent = done; load(); } catch (error) { status.textContent = `Refused: ${error.message}`; }
  }

  function render(rules) {
    const sorted = [...rules].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
    const move = (rule, delta) => act(api.updateRoutingRule(rule.id, {...rule, position: (rule.position ?? 0) + delta}), 'Moved.');
    const name = el('input', {id: 'rule-name', required: true});
    const method = el('input', {id: 'rule-method', required: true, placeholder: 'review_article'});
    const assignee = el('input', {id: 'rule-assignee', type: 'email', placeholder: 'alice@example.com'});
    const fromInput = el('input', {id: 'rule-from-input', placeholder: 'state.sales_rep_email'});
    replace(body,
      sorted.length ? table('Routing rules', [
        {label: '#', value: r => r.position},
        {label: 'Name', value: r => r.name},
        {label: 'Method', value: r => r.match?.method_name ?? '*'},
        {label: 'State match', value: r => (r.match?.state ? JSON.stringify(r.match.state) : '')},
        {label: 'Assign to', value: r => r.assign_to_email ?? (r.assign_from_input ? `from ${r.assign_from_input}` : '')},
        {label: 'Actions', value: r => el('span', {class: 'row-actions'},
          el('button', {type: 'button', class: 'secondary', 'aria-label': `Move ${r.name} up`, onclick: () => move(r, -1)}, '↑'),
          el('button', {type: 'button', class: 'secondary', 'aria-label': `Move ${r.name} down`, onclick: () => move(r, 1)}, '↓'),
          el('button', {type: 'button', class: 'danger', 'aria-label': `Delete rule ${r.name}`,
            onclick: () => act(api.deleteRoutingRule(r.id), 'Deleted.')}, 'Delete'))},
      ], sorted) : message('info', 'No routing rules: every request goes to the owner.'),
      el('form', {class: 'inline-form', id: 'rule-form', onsubmit: e => {
        e.preventDefault();
        act(api.addRoutingRule({
          name: name.value, position: sorted.length ? Math.max(...sorted.map(r => r.position ?? 0)) + 1 : 1,
          match: {method_name: method.value},
          assign_to_email: assignee.value || null, assign_from_input: fromInput.value || null,
        }), 'Rule added.');
      }},
      el('h4', {}, 'Add a rule'),
      field('Name', name), field('Method name', method), field('Assign to email', assignee),
      field('…or assign from input', fromInput, 'A state field that holds an email.'),
      el('button', {type: 'submit'}, 'Add rule')),
      status);
  }

  function load() {
    api.routingRules().then(render).catch(error => replace(body, loadFailure('Routing rules', error)));
  }
  load();
  return el('section', {class: 'settings-section', id: 'settings-routing', 'aria-labelledby': 'routing-title'},
    el('h3', {id: 'routing-title'}, 'Routing rules'), body);
}

function webhookSection() {
  const body = el('div', {}, el('p', {class: 'loading'}, 'Loading…'));
  const status = el('p', {role: 'status'});
  const secret = el('div', {id: 'webhook-secret', role: 'status'});

  function render(hooks) {
    const url = el('input', {id: 'hook-url', type: 'url', required: true, placeholder: 'https://example.com/hitl'});
    const description = el('input', {id: 'hook-description'});
    const boxes = WEBHOOK_EVENTS.map(name => el('input', {type: 'checkbox', id: `hook-ev-${name}`, value: name,
      checked: true}));
    replace(body,
      hooks.length ? table('Webhooks', [
        {label: 'URL', value: h => h.url},
        {label: 'Events', value: h => (h.events ?? []).join(', ')},
        {label: 'Description', value: h => h.description ?? ''},
        {label: 'Active', value: h => (h.active === false ? 'no' : 'yes')},
        {label: 'Actions', value: h => el('button', {type: 'button', class: 'danger', 'aria-label': `Delete webhook ${h.url}`,
          onclick: async () => {
            try { await api.deleteWebhook(h.id); status.textContent = 'Deleted.'; load(); } catch (error) { status.textContent = `Refused: ${error.message}`; }
          }}, 'Delete')},
      ], hooks) : message('info', 'No webhooks.'),
      el('form', {class: 'inline-form', id: 'hook-form', onsubmit: async e => {
        e.preventDefault();
        try {
          const created = await api.addWebhook({url: url.value, description: description.value || null,
            events: boxes.filter(b => b.checked).map(b => b.value)});
          // The signing secret is shown once: the gateway does not give it out again.
          replace(secret, created.signing_secret ? el('p', {class: 'message notice'},
            'Signing secret (shown only now, store it): ', el('code', {}, created.signing_secret)) : '');
          load();
        } catch (error) {
          status.textContent = `Refused: ${error.message}`;
        }
      }},
      el('h4', {}, 'Add a webhook'),
      field('URL', url), field('Description', description),
      el('fieldset', {}, el('legend', {}, 'Events'),
        boxes.map(b => el('div', {class: 'field check'}, b, el('label', {for: b.id}, b.value)))),
      el('button', {type: 'submit'}, 'Add webhook')),
      status);
  }

  function load() {
    api.webhooks().then(render).catch(error => replace(body, loadFailure('Webhooks', error)));
  }
  load();
  return el('section', {class: 'settings-section', id: 'settings-webhooks', 'aria-labelledby': 'webhooks-title'},
    el('h3', {id: 'webhooks-title'}, 'Webhooks'), secret, body);
}

export function settingsPage() {
  const root = el('section', {class: 'page', 'aria-labelledby': 'settings-title'},
    el('h2', {id: 'settings-title', tabindex: -1}, 'Settings'),
    generalSection(), routingSection(), webhookSection());
  return {root, title: 'Settings', focus() { root.querySelector('h2').focus(); }, destroy() {}};
}
