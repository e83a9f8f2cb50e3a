// The bare worker the checkout is compared with (start-up and CPU per request, `npm run bench`):
// Hono with one route and nothing else, built with the same wrangler options as the checkout.
import { Hono } from 'hono';

const app = new Hono();

app.get('/hello', (c) => c.text('Hello!'));

export default app;
