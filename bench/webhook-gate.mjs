// A relay between the simulator's webhook deliveries and the checkout's POST /webhook that the
// bench can close. Every POST /charge makes the simulator send three events to the checkout; while
// the checkout's isolate is being profiled, they would be profiled with it. While held, the gate
// answers the simulator 200 at once and keeps each delivery; release() passes them on, in order,
// to the checkout, and reports any the checkout did not accept. Held deliveries keep their
// Stripe-Signature, whose timestamp the checkout accepts for 5 minutes: profile windows are shorter.
import { createServer } from 'node:http';

/** The request headers a delivery carries on to the checkout. */
const PASSED = ['content-type', 'stripe-signature', 'user-agent'];

/**
 * Starts the gate on a free loopback port, open (relaying at once).
 * @returns {Promise<{ url: string, setTarget: (url: string) => void, hold: () => void,
 *   release: () => Promise<{ relayed: number, refused: string[] }>, close: () => Promise<void> }>}
 *   url: give it to the simulator as its webhook URL; setTarget: the checkout's /webhook URL.
 */
export async function startWebhookGate() {
  let target = null;
  let held = false;
  let draining = false;
  const queue = [];

  const relay = async ({ headers, body }) => {
    if (!target) return { status: 503, text: 'the bench has not set the checkout URL yet' };
    const response = await fetch(target, { method: 'POST', headers, body });
    return { status: response.status, text: await response.text() };
  };

  const server = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const delivery = {
      headers: Object.fromEntries(
        PASSED.flatMap((h) => (request.headers[h] ? [[h, request.headers[h]]] : [])),
      ),
      body: Buffer.concat(chunks),
    };
    // Held, or older deliveries still being relayed: keep the order.
    if (held || draining) {
      queue.push(delivery);
      response.writeHead(200, { 'content-type': 'text/plain' }).end('held by the bench');
      return;
    }
    try {
      const answer = await relay(delivery);
      response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.text);
    } catch (error) {
      response.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/webhook`;

  return {
    url,
    setTarget: (checkoutWebhook) => {
      target = checkoutWebhook;
    },
    hold: () => {
      held = true;
    },
    /** Opens the gate and relays what it held, one at a time, in the order they came. */
    async release() {
      held = false;
      draining = true;
      let relayed = 0;
      const refused = [];
      try {
        while (queue.length > 0) {
          const answer = await relay(queue.shift()).catch((error) => ({
            status: 0,
            text: String(error),
          }));
          if (answer.status >= 200 && answer.status < 300) relayed++;
          else refused.push(`${answer.status} ${answer.text.slice(0, 200)}`);
        }
      } finally {
        draining = false;
      }
      return { relayed, refused };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
