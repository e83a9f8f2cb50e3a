import { invalidRequest } from './errors';
import type { Store } from './store';

/**
 * Restricted keys (`rk_test_…`): secret keys limited to the permissions given them in the
 * Dashboard, none / read / write per resource (https://docs.stripe.com/keys/restricted-api-keys).
 * The simulator's restricted keys have every permission until `POST /_sim/restricted_keys`
 * takes one away; a request that needs it is then Stripe's 403 (stripe-node:
 * StripePermissionError; auth.ts answers it), naming the permission as Stripe does
 * ("rak_payment_intent_write").
 * What a key lacks is kept until the next reset (a mark in the store).
 */

/** A permission's name: `rak_<resource>_read` or `rak_<resource>_write`. */
const PERMISSION = /^rak_[a-z][a-z_]*_(read|write)$/;

/** The mark that says `key` lacks `permission`. */
const lacking = (key: string, permission: string) => `rak_lacks:${key}:${permission}`;

/**
 * The permission a request needs: its resource is the path's, singular (`/v1/payment_intents/…`
 * needs `payment_intent`, `/v1/checkout/sessions` `checkout_session`); reading needs `read`,
 * anything else `write`.
 */
function requiredPermission(method: string, path: string): string {
  const [first = '', second = ''] = path
    .replace(/^\/v1\/(test_helpers\/)?/, '')
    .split('/')
    .filter(Boolean);
  const grouped = first === 'checkout' || first === 'tax';
  const resource = (grouped ? `${first}_${second}` : first).replace(/s$/, '');
  return `rak_${resource}_${method === 'GET' ? 'read' : 'write'}`;
}

/**
 * The permission the restricted `key` lacks for this request, or null if it has it. Lacking `read`
 * refuses writing too (the permission is then "None").
 */
export function lackedPermission(
  store: Store,
  key: string,
  method: string,
  path: string,
): string | null {
  const needed = requiredPermission(method, path);
  const read = needed.replace(/_write$/, '_read');
  return store.marked(lacking(key, needed)) || store.marked(lacking(key, read)) ? needed : null;
}

/** `POST /_sim/restricted_keys` `{"key": "rk_test_…", "lacks": "rak_payment_intent_write"}`. */
export function parseRestriction(input: unknown): { key: string; lacks: string } {
  const { key, lacks, ...rest } = (input ?? {}) as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown)
    throw invalidRequest(`Received unknown parameter: ${unknown}`, {
      param: unknown,
      code: 'parameter_unknown',
    });
  if (typeof key !== 'string' || !/^rk_test_\w+$/.test(key))
    throw invalidRequest('key must be a restricted test key (rk_test_…).', { param: 'key' });
  if (typeof lacks !== 'string' || !PERMISSION.test(lacks))
    throw invalidRequest('lacks must be a permission such as rak_payment_intent_write.', {
      param: 'lacks',
    });
  return { key, lacks };
}

/** Takes `lacks` away from the restricted key `key`, until the next reset. */
export function restrict(store: Store, { key, lacks }: { key: string; lacks: string }): void {
  store.mark(lacking(key, lacks));
}
