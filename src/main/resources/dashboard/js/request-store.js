// The pending requests as the dashboard knows them: loaded from the REST API, then kept current
// by stream events. A request answered or cancelled elsewhere stays visible for a moment with
// who answered, then leaves the list.

const SETTLED_VISIBLE_MS = 8000;

/** Request fields under either vocabulary (crew task or flow method). */
export function describe(r) {
  return {
    id: r.request_id,
    execution: r.flow_id ?? r.execution_id ?? '',
    task: r.method_name ?? r.task_id ?? '',
    prompt: r.message ?? r.prompt ?? '',
    content: r.output ?? r.context ?? '',
    emit: Array.isArray(r.emit) && r.emit.length ? r.emit : null,
    assignee: r.assigned_to_email ?? null,
  };
}

export class RequestStore {
  /** me: capabilities from session.js; fetchRequest(id) loads one request (for reassignments). */
  constructor(me, fetchRequest) {
    this.me = me;
    this.fetchRequest = fetchRequest;
    this.items = new Map();   // request_id → {request, settled: null | {kind, by, source, outcome, at}}
    this.settledIds = new Set();
    this.listeners = new Set();
  }

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change) {
    this.listeners.forEach(l => l(change));
  }

  /** Pending requests, oldest first (the one waiting longest on top). */
  list() {
    return [...this.items.values()].sort((a, b) =>
      String(a.request.created_at ?? a.request.timestamp ?? '').localeCompare(
        String(b.request.created_at ?? b.request.timestamp ?? '')));
  }

  get(id) {
    return this.items.get(id) ?? null;
  }

  /** Merges a list loaded from the API, skipping requests the stream already saw settle. */
  load(requests) {
    for (const r of requests) {
      if (r.status && r.status !== 'pending') continue;
      if (this.settledIds.has(r.request_id)) continue;
      const known = this.items.get(r.request_id);
      this.items.set(r.request_id, {request: {...known?.request, ...r}, settled: known?.settled ?? null});
    }
    this.emit({kind: 'loaded'});
  }

  /** Replaces the whole list (after the stream had to restart without a cursor). */
  reset(requests) {
    this.items.clear();
    this.load(requests);
  }

  visibleToMe(assignee) {
    return this.me.manages || (assignee && this.me.email && assignee.toLowerCase() === this.me.email.toLowerCase());
  }

  /** Applies one stream event. */
  apply(event) {
    const id = event.request_id;
    if (!id) return;
    switch (event.type) {
      case 'human_input_required': {
        if (this.settledIds.has(id) || this.items.has(id)) return;
        if (!this.visibleToMe(event.assigned_to_email)) return;
        const request = {...event, status: 'pending', created_at: event.created_at ?? event.timestamp};
        this.items.set(id, {request, settled: null});
        this.emit({kind: 'added', id, request});
        break;
      }
      case 'human_input_completed': {
        const result = event.result ?? {};
        this.settle(id, {
          kind: 'answered',
          by: result.responder ?? event.responder ?? null,
          source: result.source ?? event.source ?? null,
          outcome: result.outcome ?? event.outcome ?? (event.is_approve === true ? 'approved'
            : event.is_approve === false ? 'rejected' : null),
          feedback: result.feedback ?? event.human_feedback ?? null,
          at: event.timestamp,
        });
        break;
      }
      case 'human_input_cancelled':
        this.settle(id, {kind: 'cancelled', by: event.cancelled_by ?? null, at: event.timestamp});
        break;
      case 'human_input_reassigned': {
        const item = this.items.get(id);
        if (!this.visibleToMe(event.assigned_to_email)) {
          if (item) {
            this.items.delete(id);
            this.emit({kind: 'removed', id, reason: 'reassigned', to: event.assigned_to_email});
          }
        } else if (item) {
          item.request = {...item.request, assigned_to_email: event.assigned_to_email};
          this.emit({kind: 'updated', id});
        } else if (!this.settledIds.has(id)) {
          // Newly assigned to me: the event carries no content, so load the request.
          this.fetchRequest(id).then(r => {
            if (r.status === 'pending' && !this.settledIds.has(id) && !this.items.has(id)) {
              this.items.set(id, {request: r, settled: null});
              this.emit({kind: 'added', id, request: r});
            }
          }).catch(() => {});
        }
        break;
      }
      default:
        break;
    }
  }

  /** Marks a request answered or cancelled; it leaves the list after a moment. */
  settle(id, settled) {
    this.settledIds.add(id);
    const item = this.items.get(id);
    if (!item) {
      this.emit({kind: 'settled', id, settled});
      return;
    }
    item.settled = settled;
    this.emit({kind: 'settled', id, settled});
    setTimeout(() => {
      if (this.items.get(id) === item) {
        this.items.delete(id);
        this.emit({kind: 'removed', id, reason: settled.kind});
      }
    }, SETTLED_VISIBLE_MS);
  }
}

/** "answered by alice@example.com (dashboard): approved" */
export function settledText(settled) {
  if (!settled) return '';
  if (settled.kind === 'cancelled') return `Cancelled${settled.by ? ` by ${settled.by}` : ''}`;
  let text = `Answered by ${settled.by ?? 'someone'}`;
  if (settled.source) text += ` (${settled.source})`;
  if (settled.outcome) text += `: ${settled.outcome}`;
  return text;
}
