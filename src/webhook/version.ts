/**
 * An event's API version against the one the checkout reads. Stripe renders an event's `data` in
 * the webhook endpoint's API version (or, without one, the account's default at the event's
 * creation, as the Events API lists it), and an object of another version may have another shape:
 * fields renamed, moved or gone. The checkout's code and types are stripe-node's, so it reads the
 * version stripe-node is pinned to, and `npm run setup` creates the endpoint in that version.
 */
import Stripe from 'stripe';
import { log } from '../log';

/** The API version the checkout reads: stripe-node's. */
const READ_API_VERSION: string = Stripe.API_VERSION;

/**
 * Whether an event says it is in another API version than the checkout reads; if so, a `warn` line
 * names both (and the event's id and type: no personal data), so that the endpoint can be set
 * right. Anything may come signed: a body that is not an event, or has no version, is not judged.
 */
export function otherVersion(event: unknown, via: string): boolean {
  const { api_version: version, id, type } = Object(event) as Record<string, unknown>;
  if (typeof version !== 'string' || version === READ_API_VERSION) return false;
  log('warn', 'webhook.api_version', {
    via,
    event_id: String(id),
    event_type: String(type),
    event_api_version: version,
    read_api_version: READ_API_VERSION,
  });
  return true;
}
