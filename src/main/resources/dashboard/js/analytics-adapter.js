// The one place that knows the shape of GET /api/v1/analytics (see openapi.yaml: response_times,
// volume, decisions, sla) and turns it into the figures the charts need.

const num = v => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Seconds → minutes, to the second (the charts speak minutes). */
function minutes(seconds) {
  const s = num(seconds);
  return s == null ? null : Math.round(s) / 60;
}

function responseTimes(rt = {}) {
  const overall = rt.overall ?? {};
  return {
    average: minutes(overall.average_seconds),
    median: minutes(overall.median_seconds),
    groups: (rt.groups ?? []).map(g => ({
      label: String(g.key ?? '?'),
      average: minutes(g.average_seconds),
      median: minutes(g.median_seconds),
      count: num(g.count),
    })),
  };
}

function volume(v = {}) {
  return (v.days ?? []).map(r => ({
    day: String(r.date ?? '').slice(0, 10),
    created: num(r.created) ?? 0,
    completed: num(r.completed) ?? 0,
  }));
}

function decisions(d = {}) {
  return (d.outcomes ?? []).map(r => ({
    outcome: r.outcome === 'free_form' ? '(free-form)' : String(r.outcome),
    count: num(r.count) ?? 0,
    percentage: num(r.percentage) ?? 0,
  }));
}

function sla(s = {}) {
  return {total: num(s.total) ?? 0, met: num(s.met) ?? 0, missed: num(s.missed) ?? 0,
    pending: num(s.pending) ?? 0, compliance: num(s.compliance_percent)};
}

/** Normalises an analytics answer. */
export function adaptAnalytics(raw = {}) {
  return {
    responseTimes: responseTimes(raw.response_times),
    volume: volume(raw.volume),
    decisions: decisions(raw.decisions),
    sla: sla(raw.sla),
  };
}
