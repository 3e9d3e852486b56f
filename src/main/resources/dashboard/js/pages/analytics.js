// Analytics: response times, volume trend, decision distribution and SLA compliance (Chart.js).

import {el, replace, message} from '../dom.js';
import {api} from '../api.js';
import {adaptAnalytics} from '../analytics-adapter.js';
import {loadFailure} from './unavailable.js';

const COLORS = ['#1f6feb', '#2da44e', '#cf222e', '#bf8700', '#8250df', '#0a7c86', '#6e7781'];

function dayInput(id, daysAgo) {
  const d = new Date(Date.now() - daysAgo * 86400000);
  return el('input', {type: 'date', id, value: d.toISOString().slice(0, 10)});
}

function card(id, title, summary) {
  const canvas = el('canvas', {id: `${id}-chart`, role: 'img', 'aria-label': title});
  return {canvas, node: el('figure', {class: 'chart-card', id},
    el('figcaption', {}, el('h3', {}, title), el('p', {class: 'summary'}, summary)),
    el('div', {class: 'chart-box'}, canvas))};
}

export function analyticsPage() {
  const from = dayInput('analytics-from', 30);
  const to = dayInput('analytics-to', 0);
  const body = el('div', {id: 'analytics-body', class: 'charts'}, el('p', {class: 'loading'}, 'Loading…'));
  let charts = [];

  function destroyCharts() {
    charts.forEach(c => c.destroy());
    charts = [];
  }

  function chart(canvas, config) {
    if (!window.Chart) return;
    charts.push(new window.Chart(canvas, {
      ...config,
      options: {responsive: true, maintainAspectRatio: false, animation: false, ...config.options},
    }));
  }

  function draw(a) {
    destroyCharts();
    const rt = a.responseTimes;
    // Minutes with one decimal; under a minute, seconds (quick answers are common).
    const fmt = v => (v == null ? '—' : v < 1 ? `${Math.round(v * 60)} s` : `${Math.round(v * 10) / 10} min`);
    const times = card('response-times', 'Response times',
      `Average ${fmt(rt.average)}, median ${fmt(rt.median)}.`);
    const totalCreated = a.volume.reduce((s, d) => s + d.created, 0);
    const totalCompleted = a.volume.reduce((s, d) => s + d.completed, 0);
    const volume = card('volume', 'Volume trend', `${totalCreated} opened, ${totalCompleted} answered in the period.`);
    const decisions = card('decisions', 'Decision distribution',
      a.decisions.length ? a.decisions.map(d => `${d.outcome} ${d.percentage}%`).join(', ') : 'No decisions yet.');
    const sla = card('sla', 'SLA compliance', a.sla.total
      ? `${a.sla.compliance ?? '—'}% within target (${a.sla.met} met, ${a.sla.missed} missed, ${a.sla.pending} pending).`
      : 'No request with an SLA in the period.');
    replace(body, times.node, volume.node, decisions.node, sla.node);

    const groups = rt.groups.length ? rt.groups : [{label: 'All', average: rt.average, median: rt.median}];
    chart(times.canvas, {type: 'bar', data: {labels: groups.map(g => g.label), datasets: [
      {label: 'Average (min)', data: groups.map(g => g.average), backgroundColor: COLORS[0]},
      {label: 'Median (min)', data: groups.map(g => g.median), backgroundColor: COLORS[1]}]},
    options: {scales: {y: {beginAtZero: true, title: {display: true, text: 'minutes'}}}}});
    chart(volume.canvas, {type: 'line', data: {labels: a.volume.map(d => d.day), datasets: [
      {label: 'Opened', data: a.volume.map(d => d.created), borderColor: COLORS[0], backgroundColor: COLORS[0], tension: 0.2},
      {label: 'Answered', data: a.volume.map(d => d.completed), borderColor: COLORS[1], backgroundColor: COLORS[1], tension: 0.2}]},
    options: {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}});
    chart(decisions.canvas, {type: 'doughnut', data: {labels: a.decisions.map(d => d.outcome), datasets: [
      {data: a.decisions.map(d => d.count), backgroundColor: a.decisions.map((_, i) => COLORS[i % COLORS.length])}]}});
    chart(sla.canvas, {type: 'doughnut', data: {labels: ['Met', 'Missed'], datasets: [
      {data: [a.sla.met, a.sla.missed], backgroundColor: [COLORS[1], COLORS[2]]}]}});
  }

  async function load() {
    try {
      const raw = await api.analytics({
        from: from.value ? new Date(`${from.value}T00:00:00`).toISOString() : undefined,
        to: to.value ? new Date(`${to.value}T23:59:59.999`).toISOString() : undefined,
      });
      draw(adaptAnalytics(raw));
    } catch (error) {
      destroyCharts();
      replace(body, loadFailure('Analytics', error));
    }
  }

  const root = el('section', {class: 'page', 'aria-labelledby': 'analytics-title'},
    el('h2', {id: 'analytics-title', tabindex: -1}, 'Analytics'),
    el('form', {class: 'toolbar', onsubmit: e => { e.preventDefault(); load(); }},
      el('label', {for: 'analytics-from'}, 'From'), from,
      el('label', {for: 'analytics-to'}, 'To'), to,
      el('button', {type: 'submit'}, 'Show')),
    window.Chart ? null : message('error', 'The chart library did not load.'),
    body);
  load();
  return {root, title: 'Analytics', focus() { root.querySelector('h2').focus(); }, destroy: destroyCharts};
}
