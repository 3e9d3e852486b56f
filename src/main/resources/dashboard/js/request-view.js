// One request: its content (Markdown, sanitised, highlighted), a context panel (flow state,
// metadata, the execution's requests and events), a feedback box and the answer buttons.

import {el, replace, when, jsonBlock, message} from './dom.js';
import {api} from './api.js';
import {renderMarkdown} from './markdown.js';
import {describe, settledText} from './request-store.js';

function settledFromRequest(r) {
  if (r.status === 'cancelled') return {kind: 'cancelled', by: r.responder ?? null};
  if (r.status !== 'completed') return null;
  const result = r.result ?? {};
  return {kind: 'answered', by: result.responder ?? r.responder, source: result.source ?? r.source,
    outcome: result.outcome ?? r.outcome, feedback: result.feedback ?? r.human_feedback};
}

/** Why an answer was refused, in words. */
function refusal(error) {
  if (error.code === 'already_responded') {
    const who = error.body.result?.responder ?? error.body.request?.responder ?? 'someone else';
    return `Already answered by ${who}.`;
  }
  if (error.code === 'request_cancelled') return 'This request was cancelled.';
  if (error.status === 404) return 'This request is not (or no longer) yours to answer.';
  return `The answer was refused: ${error.message}`;
}

export function requestView(id, {store, announce}) {
  const root = el('article', {class: 'request-view', 'aria-labelledby': 'request-title'},
    el('p', {class: 'loading'}, 'Loading…'));
  let unsubscribe = () => {};
  let request = null;
  let buttons = [];
  let banner;
  let outcomeLine;
  let eventsBox;
  let wantFocus = false;

  function setSettled(settled) {
    if (!settled || !banner) return;
    banner.textContent = settledText(settled);
    banner.className = `status-banner ${settled.kind}`;
    banner.hidden = false;
    buttons.forEach(b => { b.disabled = true; });
  }

  async function send(body, label) {
    buttons.forEach(b => { b.disabled = true; });
    outcomeLine.textContent = `Sending “${label}”…`;
    try {
      const done = await api.respond(id, {...body, source: 'dashboard'});
      const settled = settledFromRequest(done) ?? {kind: 'answered', by: done.responder};
      outcomeLine.textContent = `Sent. Outcome: ${settled.outcome ?? '—'}`;
      store.settle(id, settled);
      setSettled(settled);
      announce(`Answer sent: ${settled.outcome ?? label}`);
      loadEvents();
    } catch (error) {
      outcomeLine.textContent = refusal(error);
      if (error.status === 409) {
        const settled = error.body.request ? settledFromRequest(error.body.request) : null;
        if (settled) setSettled(settled);
      } else {
        buttons.forEach(b => { b.disabled = false; });
      }
    }
  }

  async function loadEvents() {
    if (!eventsBox || !request) return;
    const d = describe(request);
    try {
      const [events, siblings] = await Promise.all([
        api.executionEvents(d.execution),
        api.requests({execution_id: d.execution, limit: 50}),
      ]);
      replace(eventsBox,
        el('h4', {}, 'Requests of this execution'),
        siblings.length ? el('ol', {class: 'history'}, siblings.map(s => {
          const sd = describe(s);
          return el('li', {},
            s.request_id === id ? el('strong', {}, sd.task) : el('a', {href: `#/requests/${encodeURIComponent(s.request_id)}`}, sd.task),
            ` — ${s.status}`, s.outcome ? ` (${s.outcome})` : '', s.responder ? ` by ${s.responder}` : '',
            el('span', {class: 'time'}, ` ${when(s.created_at)}`));
        })) : el('p', {}, 'None.'),
        el('h4', {}, 'Events'),
        events.length ? el('ol', {class: 'history', id: 'execution-events'}, events.map(e => el('li', {},
          el('code', {}, e.type), ' ', e.request_id === id ? '(this request) ' : '',
          e.result?.responder ? `by ${e.result.responder} ` : '',
          e.assigned_to_email && e.type === 'human_input_reassigned' ? `to ${e.assigned_to_email} ` : '',
          el('span', {class: 'time'}, when(e.timestamp))))) : el('p', {}, 'No events.'));
    } catch (error) {
      replace(eventsBox, message('error', `Could not load the execution's history: ${error.message}`));
    }
  }

  function answerControls(d) {
    const feedback = el('textarea', {id: 'feedback', rows: 3,
      placeholder: d.emit ? 'Optional comment sent with your choice' : 'Feedback (required to reject)'});
    outcomeLine = el('p', {class: 'answer-result', id: 'answer-result', role: 'status'});
    if (d.emit) {
      buttons = d.emit.map(option => el('button', {type: 'button', class: 'emit', dataset: {outcome: option},
        onclick: () => {
          const comment = feedback.value.trim();
          send({feedback: comment ? `${option}\n${comment}` : option}, option);
        }}, option));
    } else {
      const approve = el('button', {type: 'button', class: 'emit approve', dataset: {outcome: 'approved'},
        onclick: () => send({human_feedback: feedback.value.trim() || 'Approved', is_approve: true}, 'approve')},
      'Approve');
      const reject = el('button', {type: 'button', class: 'emit reject', dataset: {outcome: 'rejected'},
        onclick: () => {
          const text = feedback.value.trim();
          if (!text) {
            outcomeLine.textContent = 'Say what to change: rejecting needs feedback.';
            feedback.focus();
            return;
          }
          send({human_feedback: text, is_approve: false}, 'reject');
        }}, 'Reject with feedback');
      buttons = [approve, reject];
    }
    return el('section', {class: 'respond', 'aria-labelledby': 'respond-title'},
      el('h3', {id: 'respond-title'}, 'Your answer'),
      el('label', {for: 'feedback'}, d.emit ? 'Comment (optional)' : 'Feedback'),
      feedback,
      el('div', {class: 'actions', role: 'group', 'aria-label': 'Answer options'}, buttons),
      outcomeLine);
  }

  function render() {
    const d = describe(request);
    banner = el('p', {class: 'status-banner', id: 'request-status', role: 'status', hidden: true});
    eventsBox = el('div', {class: 'events'}, el('p', {class: 'loading'}, 'Loading history…'));
    replace(root,
      el('header', {class: 'request-head'},
        el('h2', {id: 'request-title', tabindex: -1}, d.task || 'Request'),
        el('p', {class: 'meta'},
          el('span', {}, `Execution ${d.execution}`),
          el('span', {}, `Assigned to ${d.assignee ?? 'nobody'}`),
          el('span', {}, `Opened ${when(request.created_at ?? request.timestamp)}`),
          request.sla_due_at ? el('span', {}, `SLA due ${when(request.sla_due_at)}`) : null)),
      banner,
      el('p', {class: 'prompt-full'}, d.prompt),
      el('section', {class: 'content', 'aria-label': 'Content to review', id: 'request-content'},
        renderMarkdown(d.content)),
      answerControls(d),
      el('aside', {class: 'context-panel', 'aria-label': 'Context'},
        el('h3', {}, 'Context'),
        el('details', {open: true}, el('summary', {}, 'Flow state'), jsonBlock(request.state ?? {})),
        request.metadata && Object.keys(request.metadata).length
          ? el('details', {}, el('summary', {}, 'Metadata'), jsonBlock(request.metadata)) : null,
        request.reason_flags
          ? el('details', {}, el('summary', {}, 'Reason flags'), jsonBlock(request.reason_flags)) : null,
        el('details', {open: true}, el('summary', {}, 'Execution history'), eventsBox)));
    if (wantFocus) root.querySelector('#request-title').focus();
    const known = store.get(id);
    setSettled(known?.settled ?? settledFromRequest(request));
    loadEvents();
  }

  async function load() {
    try {
      request = await api.request(id);
    } catch (error) {
      replace(root, message('error', error.status === 404
        ? 'No such request, or it is not assigned to you.' : `Could not load the request: ${error.message}`));
      return;
    }
    render();
    unsubscribe = store.subscribe(change => {
      if (change.id !== id) return;
      if (change.kind === 'settled') {
        setSettled(change.settled);
        if (change.settled.by) announce(`This request was ${settledText(change.settled).toLowerCase()}`);
        loadEvents();
      } else if (change.kind === 'removed' && change.reason === 'reassigned') {
        banner.textContent = `Reassigned to ${change.to ?? 'nobody'}.`;
        banner.hidden = false;
        buttons.forEach(b => { b.disabled = true; });
      }
    });
  }

  load();
  return {
    root,
    focus() {
      const title = root.querySelector('#request-title');
      if (title) title.focus(); else wantFocus = true;
    },
    loaded: () => request !== null,
    destroy() { unsubscribe(); },
  };
}
