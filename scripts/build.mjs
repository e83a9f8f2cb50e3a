// The build wrangler runs before `wrangler dev` and `wrangler deploy` ([build] in wrangler.toml):
// the Checkout page's assets.
import { buildClient } from './build-client.mjs';

await buildClient();
