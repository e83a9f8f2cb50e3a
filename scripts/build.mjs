// The build wrangler runs before `wrangler dev` and `wrangler deploy` ([build] in wrangler.toml):
// the Checkout page's assets and the lean stripe-node the Worker is bundled with.
import { buildClient } from './build-client.mjs';
import { buildStripeLean } from './build-stripe-lean.mjs';

await Promise.all([buildClient(), buildStripeLean()]);
