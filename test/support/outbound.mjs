/**
 * The outbound worker of the test suite (plain JS, run by Miniflare): every fetch() the checkout
 * makes arrives here. Requests to the Stripe simulator's address go to the simulator; anything
 * else is recorded and answered 502, and the suite's afterEach fails the test that made it.
 * GET http://outbound.test/unexpected lists them; DELETE clears the list.
 */
export const OUTBOUND_WORKER = /* js */ `
const unexpected = [];
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.host === 'outbound.test') {
      if (request.method === 'DELETE') unexpected.length = 0;
      return Response.json(unexpected);
    }
    if (url.host === '127.0.0.1:12111') return env.SIM.fetch(request);
    unexpected.push(request.method + ' ' + url.origin + url.pathname);
    return new Response('Unexpected outbound request in tests: ' + url.origin + url.pathname, { status: 502 });
  },
};
`;
