// The bundle-size floor of `npm run bench`: the least a Worker needs to take a Stripe payment with
// Hono and stripe-node as published. The checkout's bundle is budgeted against it, built in the
// same run. Never deployed.
import { Hono } from 'hono';
import Stripe from 'stripe';

type Env = { STRIPE_SECRET_KEY: string };

const app = new Hono<{ Bindings: Env }>();

app.post('/pay', async (c) => {
  const stripe = new Stripe(c.env.STRIPE_SECRET_KEY, {
    httpClient: Stripe.createFetchHttpClient(),
  });
  const pi = await stripe.paymentIntents.create({
    amount: 500,
    currency: 'usd',
    payment_method: 'pm_card_visa',
    confirm: true,
  });
  return c.json({ status: pi.status });
});

export default app;
