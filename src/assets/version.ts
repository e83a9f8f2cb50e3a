/**
 * Versioned addresses of the static files pages link (public/): `<path>?v=<version>`, the version
 * being this Worker version's id, shortened (CF_VERSION_METADATA in wrangler.toml), new with every deploy
 * and every reload of `wrangler dev` (which a rebuilt file in public/ causes). A browser may keep
 * a file for good only when it was asked for with the current version: the Worker that answers
 * serves its own version's assets, so the bytes kept under a version's address are that
 * version's, even while two versions are live.
 */
// .js: bench/ and the browser tests type-check this file with Node's module resolution.
import { memo } from '../memo.js';

/** How a file asked for at its current address (or by a content-hashed name) is cached. */
export const KEPT_FOR_GOOD = 'public, max-age=31536000, immutable';

/**
 * The version pages link static files with: the version id's first 48 bits (random) in base 36:
 * at most 10 characters instead of 36 in each of a page's addresses (-27 B of the Checkout page,
 * gzip), and two versions share them once in 2^48. The whole id when it is not a UUID.
 */
export const assetVersion = (env: { CF_VERSION_METADATA: { id: string } }) =>
  shortened(env.CF_VERSION_METADATA.id);

/** One version per isolate: shortened at its first request, not on every page and file. */
const shortened = memo(4, (id: string) => {
  const bits = /^[\da-f]{8}-[\da-f]{4}/i.exec(id)?.[0].replace('-', '');
  return bits ? parseInt(bits, 16).toString(36) : id;
});

/** The address a page links a static file at, for a version. */
export const versioned = (path: string, version: string) =>
  `${path}?v=${encodeURIComponent(version)}`;

/** The page's chunks (scripts/build-client.mjs): named by their content's hash. */
const HASHED_CHUNK = /^\/chunks\/[\w-]+-[A-Z2-7]{8}\.js$/;

/**
 * Whether the answer to a request for a static file may be kept for good: it names the current
 * version, or it is a chunk whose name changes with its content. Anything else is revalidated.
 */
export function keptForGood(url: URL, version: string): boolean {
  return url.searchParams.get('v') === version || HASHED_CHUNK.test(url.pathname);
}
