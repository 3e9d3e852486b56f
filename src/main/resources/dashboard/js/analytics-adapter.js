// The one place that knows the shape of GET /api/v1/analytics. It turns whatever the gateway
// answers (field names may still move while the endpoint is being built) into the figures the
// charts need, and tolerates missing parts.

const num = v => (typeof v === 'number' && Number.isFinite(v) ? v : (v == null || v === '' ? null : Number(v)));
const first = (...values) => values.find(v => v !== undefined && v !== null);

/** Seconds → minutes with one decimal (the charts speak minutes). */
function minutes(seconds) {
  const s = num(seconds);
  return s == null || Number.isNaN(s) ? null : Math.round(s / 6) / 10;
}

function responseTimes(rt = {}) {
  // Accepts {average_seconds, median_seconds, p95_seconds, by_reviewer:[{reviewer, average_seconds, median_seconds, count}]}
  // or the same in minutes (…_minutes) or plain {average, median}.
  const inMinutes = (obj, name) => first(num(obj?.[`${name}_minutes`]), minutes(obj?.[`${name}_seconds`]),
    minutes(obj?.[`${name}_ms`] != null ? obj[`${name}_ms`] / 1000 : null), minutes(obj?.[name]));
  const overall = rt.overall ?? rt;
  const groups = first(rt.by_reviewer, rt.reviewers, rt.by_flow, []) ?? [];
  return {
    average: inMinutes(overall, 'average') ?? inMinutes(overall, 'avg') ?? inMinutes(overall, 'mean'),
    median: inMinutes(overall, 'median') ?? inMinutes(overall, 'p50'),
    p95: inMinutes(overall, 'p95'),
    groups: (Array.isArray(groups) ? groups : []).map(g => ({
      label: String(first(g.reviewer, g.responder, g.email, g.flow, g.method_name, g.label, '?')),
      average: inMinutes(g, 'average') ?? inMinutes(g, 'avg'),
      median: inMinutes(g, 'median') ?? inMinutes(g, 'p50'),
      count: num(g.count) ?? null,
    })),
  };
}

function volume(v) {
  const rows = Array.isArray(v) ? v : (v?.days ?? v?.series ?? []);
  return rows.map(r => ({
    day: String(first(r.day, r.date, r.bucket, '')).slice(0, 10),
    created: num(first(r.created, r.opened, r.requests, 0)) ?? 0,
    completed: num(first(r.completed, r.answered, r.responses, 0)) ?? 0,
  }));
}

function decisions(d) {
  const rows = Array.isArray(d) ? d
    : d && typeof d === 'object' ? Object.entries(d).map(([outcome, count]) => ({outcome, count})) : [];
  const total = rows.reduce((sum, r) => sum + (num(r.count) ?? 0), 0);
  return rows.map(r => ({
    outcome: r.outcome == null ? '(free-form)' : String(r.outcome),
    count: num(r.count) ?? 0,
    percentage: num(r.percentage) ?? (total ? Math.round(1000 * (num(r.count) ?? 0) / total) / 10 : 0),
  }));
}

function sla(s = {}) {
  const met = num(first(s.met, s.within, 0)) ?? 0;
  const missed = num(first(s.missed, s.breached, 0)) ?? 0;
  const total = num(s.total) ?? met + missed;
  const compliance = num(first(s.compliance_percent, s.compliance, s.percent));
  return {total, met, missed, compliance: compliance ?? (total ? Math.round(1000 * met / total) / 10 : null),
    target: num(first(s.target_minutes, s.sla_target_minutes))};
}

/** Normalises an analytics answer. */
export function adaptAnalytics(raw = {}) {
  return {
    responseTimes: responseTimes(raw.response_times ?? raw.responseTimes ?? {}),
    volume: volume(raw.volume ?? raw.volume_trend ?? []),
    decisions: decisions(raw.decisions ?? raw.decision_distribution ?? []),
    sla: sla(raw.sla ?? raw.sla_compliance ?? {}),
  };
}
