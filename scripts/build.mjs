// The build wrangler runs before `wrangler dev` and `wrangler deploy` ([build] in wrangler.toml):
// the shop's check (a catalog, rates or identity `npm run check` refuses is never deployed, by any
// path: setup, `npm run deploy`, the Deploy button's Workers Builds), then the page's assets.
import { buildClient } from './build-client.mjs';
import { refuseBrokenShop } from './shop-check.mjs';

await refuseBrokenShop();
await buildClient();
