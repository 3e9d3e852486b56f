// Wiring: sign-in, who am I, the live stream feeding the request store, and hash routing
// between pages. No page reloads.

import {api, ApiError} from './api.js';
import * as session from './session.js';
import {openStream} from './stream.js';
import {RequestStore, describe} from './request-store.js';
import {el, replace, message} from './dom.js';
import {requestsPage} from './pages/requests.js';
import {historyPage} from './pages/history.js';
import {auditPage} from './pages/audit.js';
import {analyticsPage} from './pages/analytics.js';
import {settingsPage} from './pages/settings.js';

const $ = id => document.getElementById(id);

const MANAGER_PAGES = new Set(['audit', 'analytics', 'settings']);

let app = null;   // {me, store, stream, page}

function announce(text) {
  const region = $('announcer');
  region.textContent = '';
  // A fresh text node after clearing makes screen readers announce repeats too.
  setTimeout(() => { region.textContent = text; }, 50);
}

function showSignIn(error) {
  $('top').hidden = true;
  replace($('page'));
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = error ?? '';
  document.title = 'Sign in · HITL reviewer dashboard';
  $('token').focus();
}

async function signIn(token) {
  session.remember(token);
  try {
    const me = session.capabilities(await api.me());
    if (!me.responds) {
      session.forget();
      showSignIn('This credential may neither answer nor manage human-feedback requests.');
      return;
    }
    start(me);
  } catch (error) {
    session.forget();
    showSignIn(error instanceof ApiError && error.status === 401
      ? 'That token was not accepted.' : `Could not sign in: ${error.message}`);
  }
}

function signOut() {
  if (app) {
    app.stream.stop();
    app.page?.destroy();
    app = null;
  }
  session.forget();
  // A fresh load leaves nothing of the previous reviewer's data or navigation in memory.
  location.replace('/');
}

function setConnection(status) {
  const labels = {connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…', stopped: 'offline'};
  const node = $('connection');
  node.textContent = labels[status] ?? status;
  node.dataset.state = status;
}

function start(me) {
  $('sign-in').hidden = true;
  $('top').hidden = false;
  $('who').textContent = me.label;
  document.body.dataset.role = me.manages ? 'manager' : 'reviewer';
  // Pages a reviewer may not use are not even shown in the navigation.
  document.querySelectorAll('[data-requires="manage"]').forEach(item => {
    if (me.manages) item.hidden = false; else item.remove();
  });

  const store = new RequestStore(me, id => api.request(id));
  // The list is (re)loaded each time the stream has just gone live from no cursor, so that
  // nothing settled between loading and subscribing is missed: events that arrive meanwhile
  // are applied to the store, and the loaded list skips requests already seen settling.
  let needsLoad = true;
  let firstLoad = true;
  const load = () => api.requests({status: 'pending', limit: 1000})
    .then(list => {
      if (firstLoad) store.load(list); else store.reset(list);
      firstLoad = false;
    })
    .catch(error => {
      replace($('page'), message('error', `Could not load the pending requests: ${error.message}`));
    });
  const stream = openStream(session.token(), {
    onEvent: event => {
      store.apply(event);
      if (event.type === 'human_input_required' && store.get(event.request_id)) {
        const d = describe(event);
        announce(`New request: ${d.task}${d.prompt ? ` — ${d.prompt}` : ''}`);
      }
    },
    onStatus: status => {
      setConnection(status);
      if (status === 'live' && needsLoad) {
        needsLoad = false;
        load();
      }
    },
    onResync: () => { needsLoad = true; },
  });
  app = {me, store, stream, page: null};
  route();
}

function route() {
  if (!app) return;
  const [, page = 'requests', id] = (location.hash.replace(/^#/, '') || '/requests').split('/');
  app.page?.destroy();
  let view;
  if (MANAGER_PAGES.has(page) && !app.me.manages) {
    view = {root: message('error', 'This page is for managers (manage_human_feedback).'), title: 'Not allowed',
      focus() {}, destroy() {}};
  } else if (page === 'history') {
    view = historyPage();
  } else if (page === 'audit') {
    view = auditPage();
  } else if (page === 'analytics') {
    view = analyticsPage();
  } else if (page === 'settings') {
    view = settingsPage();
  } else {
    view = requestsPage({store: app.store, announce}, page === 'requests' && id ? decodeURIComponent(id) : null);
  }
  app.page = view;
  replace($('page'), view.root);
  document.title = `${view.title} · HITL reviewer dashboard`;
  document.querySelectorAll('#nav a').forEach(a => {
    const current = a.dataset.page === (page || 'requests');
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  // Move focus to the new content, as a page load would, so keyboard users are not lost.
  if (document.activeElement === document.body || document.activeElement?.closest('#nav') || id) {
    setTimeout(() => view.focus(), 0);
  }
}

function init() {
  $('sign-in-form').addEventListener('submit', event => {
    event.preventDefault();
    const value = $('token').value.trim();
    $('token').value = '';
    if (value) signIn(value);
  });
  $('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  const saved = session.token();
  if (saved) signIn(saved); else showSignIn();
}

init();
