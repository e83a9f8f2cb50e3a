// The bare worker the checkout is compared with (start-up and CPU per request, `npm run bench`):
// Hono with one route and nothing else (and its twin that logs), built with the same wrangler
// options as the checkout.
import { Hono } from 'hono';

const app = new Hono();

app.get('/hello', (c) => c.text('Hello!'));

// The same, plus one structured log line like the checkout's request line (src/log): what a log
// line costs in isolate CPU, which the bench reports beside the budgets.
app.get('/hello/logged', (c) => {
  console.log(
    JSON.stringify({ level: 'info', event: 'request', method: 'GET', route: '/hello/logged' }),
  );
  return c.text('Hello!');
});

export default app;
