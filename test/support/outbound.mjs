/**
 * The outbound worker of the test suite (plain JS, run by Miniflare): every fetch() the checkout
 * makes arrives here. Requests to the Stripe simulator's address go to the simulator; those to the
 * Access stand-in's address or to any `*.cloudflareaccess.com` team go to the stand-in; Turnstile's
 * siteverify is answered by a test double that behaves like Cloudflare's documented test secret
 * keys (1x… passes, 2x… fails; a pass names the host example.com, as theirs do, or <host> for a
 * token "solved-on:<host>:…"); anything else is recorded and answered 502, and the suite's
 * afterEach fails the test that made it.
 * GET http://outbound.test/unexpected lists them (DELETE clears the list);
 * GET http://outbound.test/siteverify lists the siteverify calls (DELETE clears them).
 */
export const OUTBOUND_WORKER = /* js */ `
const unexpected = [];
const siteverify = [];
const verified = new Map();
const fail = (code) => ({ success: false, 'error-codes': [code] });
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.host === 'outbound.test') {
      const list = url.pathname === '/siteverify' ? siteverify : unexpected;
      const copy = [...list];
      if (request.method === 'DELETE') list.length = 0;
      if (request.method === 'DELETE' && list === siteverify) verified.clear();
      return Response.json(copy);
    }
    if (url.host === '127.0.0.1:12111') return env.SIM.fetch(request);
    if (url.host === '127.0.0.1:12112' || url.hostname.endsWith('.cloudflareaccess.com'))
      return env.ACCESS.fetch(request);
    if (url.origin + url.pathname === 'https://challenges.cloudflare.com/turnstile/v0/siteverify' && request.method === 'POST') {
      const form = await request.formData();
      const secret = String(form.get('secret') ?? '');
      const token = String(form.get('response') ?? '');
      const key = form.get('idempotency_key');
      siteverify.push({ secret: secret.slice(0, 2), token, remoteip: form.get('remoteip'), idempotency_key: key });
      if (token === 'unavailable') return new Response('unavailable', { status: 500 });
      if (token === 'hang') await new Promise((resolve) => setTimeout(resolve, 10_000));
      const first = verified.get(token);
      let answer;
      if (first) answer = key && key === first.key ? first.answer : fail('timeout-or-duplicate');
      else if (!token) answer = fail('missing-input-response');
      else if (secret.startsWith('1x')) {
        const hostname = token.startsWith('solved-on:') ? token.split(':')[1] : 'example.com';
        answer = { success: true, 'error-codes': [], hostname };
      }
      else answer = fail(secret.startsWith('3x') ? 'timeout-or-duplicate' : 'invalid-input-response');
      if (!first && token) verified.set(token, { key, answer });
      return Response.json(answer);
    }
    unexpected.push(request.method + ' ' + url.origin + url.pathname);
    return new Response('Unexpected outbound request in tests: ' + url.origin + url.pathname, { status: 502 });
  },
};
`;
