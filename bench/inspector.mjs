// A DevTools-protocol client for `wrangler dev --inspector-port`: the socket through which the
// bench profiles a Worker's isolate. Wrangler's inspector proxy serves one target,
// ws://127.0.0.1:<port>/ws, bridged to workerd's inspector of the user Worker (`core:user:<name>`,
// the Worker named in its wrangler.toml; not the dev proxy, the asset router or D1, which are other
// isolates). The proxy refuses a socket without an Origin header of a DevTools front-end it knows,
// and takes one client at a time. Node 20's global WebSocket cannot set headers; `ws` can.
import WebSocket from 'ws';

/** The Origin of Cloudflare's hosted DevTools, which wrangler's proxy accepts. */
export const DEVTOOLS_ORIGIN = 'https://devtools.devprod.cloudflare.dev';

/**
 * Connects to a Worker's inspector.
 * @param {number | string} port the `--inspector-port` given to `wrangler dev`, or the WebSocket
 *   URL of an isolate's inspector (workerd's own: `ws://127.0.0.1:<port>/core:user:<name>`)
 * @param {{ timeoutMs?: number }} [options] timeoutMs: for the connection and for each command.
 * @returns {Promise<{ send: (method: string, params?: object) => Promise<any>,
 *   on: (event: string, listener: (params: any) => void) => () => void, close: () => void }>}
 */
export async function connectInspector(port, options = {}) {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const url = typeof port === 'string' ? port : `ws://127.0.0.1:${port}/ws`;
  const socket = new WebSocket(url, { headers: { Origin: DEVTOOLS_ORIGIN } });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${url}: no answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const fail = (error) => {
      clearTimeout(timer);
      reject(error);
    };
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => fail(new Error(`${url}: ${error.message}`)));
    socket.once('unexpected-response', (_request, response) =>
      fail(new Error(`${url}: HTTP ${response.statusCode} ${response.statusMessage}`)),
    );
  });

  let lastId = 0;
  const pending = new Map();
  const listeners = new Map();
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    const waiting = message.id !== undefined && pending.get(message.id);
    if (waiting) {
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      // workerd answers its own Profiler commands by echoing them, without `result`.
      else waiting.resolve(message.result ?? {});
    } else if (message.method) {
      for (const listener of listeners.get(message.method) ?? []) listener(message.params);
    }
    // Anything else answers the proxy's own commands (ids from 1e8), which it passes on too.
  });
  socket.on('close', () => {
    for (const waiting of pending.values()) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(`${waiting.method}: the inspector closed the connection`));
    }
    pending.clear();
  });

  return {
    send(method, params = {}) {
      const id = ++lastId;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method}: no answer from the inspector in ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { method, resolve, reject, timer });
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return () => listeners.get(event).delete(listener);
    },
    /** Closes the socket; wrangler's proxy may not answer the closing handshake, so not for long. */
    async close() {
      socket.close();
      const timer = setTimeout(() => socket.terminate(), 1_000);
      await closed;
      clearTimeout(timer);
    },
  };
}

/**
 * Switches off the isolate's Runtime and Network reporting to DevTools, which `wrangler dev` turns
 * on and production does not have: with it, every console call and every subrequest (each D1
 * query, each fetch) becomes DevTools events that wrangler's inspector proxy forwards to its Node
 * process and appends, one by one, to its debug log file, whether or not a DevTools is open. The
 * setting outlives the connection (wrangler turns it on again only when the Worker reloads).
 * @param {{ send: (method: string) => Promise<unknown> }} inspector
 */
export async function stopDevToolsReporting(inspector) {
  await inspector.send('Runtime.disable');
  await inspector.send('Network.disable');
}
