// A webhook endpoint for the simulator's tests (an auxiliary worker, so plain JavaScript). The
// simulator's outbound fetch() is routed here; it records each delivery and answers 200, or 500 for
// as many deliveries as the test asked to fail. Tests drive it through the RECEIVER binding.
let deliveries = [];
let failuresLeft = 0;

export default {
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === '/_receiver/deliveries') return Response.json(deliveries);
    if (url.pathname === '/_receiver/reset') {
      deliveries = [];
      failuresLeft = 0;
      return Response.json({ reset: true });
    }
    if (url.pathname === '/_receiver/fail') {
      failuresLeft = Number(url.searchParams.get('count') ?? '1');
      return Response.json({ failuresLeft });
    }
    const status = failuresLeft > 0 ? 500 : 200;
    if (failuresLeft > 0) failuresLeft -= 1;
    deliveries.push({
      url: request.url,
      signature: request.headers.get('stripe-signature'),
      contentType: request.headers.get('content-type'),
      body: await request.text(),
      receivedAt: Date.now(),
      status,
    });
    return new Response(status === 200 ? 'ok' : 'receiver failing on purpose', { status });
  },
};
