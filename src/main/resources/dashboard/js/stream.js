// The live event stream over every execution: /ws/human-input?token=…, resumed with
// last_event_id after a drop so that no event is lost across reconnects.

const RETRY_DELAYS_MS = [250, 1000, 2000, 5000, 10000];

/**
 * Opens the stream and keeps it open until stop() is called.
 * handlers: onEvent(event), onStatus('connecting'|'live'|'reconnecting'|'stopped'),
 * onResync() — called when the stream had to restart without a cursor, so the caller
 * reloads its state from the REST API.
 */
export function openStream(token, {onEvent, onStatus = () => {}, onResync = () => {}}) {
  let socket = null;
  let lastEventId = null;
  let attempt = 0;
  let stopped = false;
  let timer = null;
  let failedWithCursor = 0;

  function url() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const params = new URLSearchParams({token});
    if (lastEventId) params.set('last_event_id', lastEventId);
    return `${scheme}//${location.host}/ws/human-input?${params}`;
  }

  function connect() {
    if (stopped) return;
    onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    let opened = false;
    socket = new WebSocket(url());
    socket.addEventListener('open', () => {
      opened = true;
      attempt = 0;
      failedWithCursor = 0;
      onStatus('live');
    });
    socket.addEventListener('message', message => {
      let event;
      try { event = JSON.parse(message.data); } catch { return; }
      if (event.event_id && event.type !== 'heartbeat') lastEventId = event.event_id;
      onEvent(event);
    });
    socket.addEventListener('close', close => {
      socket = null;
      if (stopped) return;
      // 1012 (gateway restarting) and 4008 (fell behind) ask for a reconnect with the cursor;
      // any other drop is treated the same way.
      if (!opened && lastEventId && ++failedWithCursor >= 2) {
        // The handshake keeps failing with our cursor (e.g. it is unknown on this gateway):
        // start live again and let the caller reload the list so that nothing is missed.
        lastEventId = null;
        failedWithCursor = 0;
        onResync();
      }
      const delay = close.code === 1012 || close.code === 4008 ? 100
        : RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)];
      attempt++;
      onStatus('reconnecting');
      timer = setTimeout(connect, delay);
    });
  }

  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      if (socket) socket.close(1000, 'signed out');
      onStatus('stopped');
    },
  };
}
