// The signed-in reviewer: token in sessionStorage (this tab only), identity from GET /api/v1/me.

const KEY = 'hitl.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function remember(value) {
  sessionStorage.setItem(KEY, value);
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

/** What the principal may see: managers and deployment keys see everything. */
export function capabilities(me) {
  const permissions = Array.isArray(me?.permissions) ? me.permissions : [];
  const manages = me?.service === true || permissions.includes('manage_human_feedback');
  return {
    email: me?.email ?? null,
    service: me?.service === true,
    manages,
    responds: manages || permissions.includes('respond_to_human_feedback'),
    label: me?.email ?? (me?.service ? 'deployment key' : 'unknown'),
  };
}
