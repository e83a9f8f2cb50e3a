import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { unstable_startWorker } from 'wrangler';

/**
 * The Stripe simulator under workerd (wrangler's programmatic dev server) on a free port, with
 * no configured webhook URL: events go only to endpoints created through the API.
 */
export async function startSimulator() {
  const worker = await unstable_startWorker({
    config: fileURLToPath(new URL('../../stripe-sim/wrangler.toml', import.meta.url)),
    bindings: {
      WEBHOOK_URLS: { type: 'plain_text', value: '' },
      WEBHOOK_RETRY_BASE_MS: { type: 'plain_text', value: '50' },
    },
    dev: {
      server: { hostname: '127.0.0.1', port: 0 },
      inspector: false,
      watch: false,
      persist: false,
      logLevel: 'warn',
    },
  });
  await worker.ready;
  const origin = (await worker.url).origin;
  const control = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${origin}/_sim${path}`, { method: 'POST', ...init });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return { origin, control, stop: () => worker.dispose() };
}

/** A recorded POST to the receiver. */
export interface Received {
  path: string;
  signature: string | undefined;
  body: string;
}

const readBody = async (request: IncomingMessage) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body;
};

/**
 * A local HTTP server standing in for the deployed Worker: records each POST (its /webhook) and
 * answers 200; GET /config answers `worker.config` as JSON when set (a deployed Worker's), else
 * 404 (none deployed yet).
 */
export async function startReceiver() {
  const received: Received[] = [];
  const worker: { config: unknown } = { config: undefined };
  const server = createServer(async (request, response) => {
    if (request.method === 'GET') {
      const found = request.url === '/config' && worker.config !== undefined;
      response.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json' });
      response.end(found ? JSON.stringify(worker.config) : '{"error":"not found"}');
      return;
    }
    const header = request.headers['stripe-signature'];
    received.push({
      path: request.url ?? '',
      signature: Array.isArray(header) ? header[0] : header,
      body: await readBody(request),
    });
    response.end('{"received":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    worker,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
