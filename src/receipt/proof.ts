/**
 * Who may read a full receipt (email, card, items): the person who paid, who holds either proof
 * (migrations/0006):
 * - `receipt_token`, the order's token, in the receipt link POST /charge hands its own page,
 *   and in the success URL of Stripe's hosted Checkout (CHECKOUT_UI=hosted): not the Session's
 *   id, which any click for the checkout and its cart is answered with (inside the Session's
 *   address; see docs/hosted-checkout.md for what that address may still show).
 * - `payment_intent_client_secret`, which Stripe appends to the 3-D Secure return URL (and the
 *   page to its own, after 3-D Secure in Stripe.js), checked against the ledger's hash of it.
 * Both are compared in constant time. Anyone else (a PaymentIntent, Session or checkout id alone,
 * from a log or a support tool, or an old link) reads the payment's status only.
 */
import type { Order } from '../ledger';
import { matchesHash, sameSecret } from '../ledger/secret';

/** What a receipt link may carry as proof; absent when malformed. */
interface ReceiptProof {
  token?: string;
  clientSecret?: string;
}

const TOKEN = /^[A-Za-z0-9_-]{32}$/;
const CLIENT_SECRET = /^pi_[A-Za-z0-9]{1,64}_secret_[A-Za-z0-9]{1,128}$/;
/** A Checkout Session's id. */
export const SESSION_ID = /^cs_(test|live)_[A-Za-z0-9]{1,200}$/;

/** The proof in a receipt link's query. */
export function proofFrom(query: (name: string) => string | null | undefined): ReceiptProof {
  const token = query('receipt_token');
  const clientSecret = query('payment_intent_client_secret');
  return {
    ...(token && TOKEN.test(token) ? { token } : {}),
    ...(clientSecret && CLIENT_SECRET.test(clientSecret) ? { clientSecret } : {}),
  };
}

/** Whether the proof is this order's. */
export async function proves(order: Order, proof: ReceiptProof): Promise<boolean> {
  if (proof.token && (await sameSecret(proof.token, order.receipt_token))) return true;
  return (
    proof.clientSecret !== undefined && matchesHash(proof.clientSecret, order.client_secret_hash)
  );
}

/**
 * The receipt link POST /charge hands its own page: by PaymentIntent, or by checkout while a
 * webhook links the PaymentIntent, with the order's token when `proof` (the request is the one
 * that paid: a checkout id is no secret, and anyone else reads the status only).
 */
export function receiptLink(order: Order, paymentIntentId: string | null, proof: boolean): string {
  const query = new URLSearchParams(
    paymentIntentId ? { payment_intent: paymentIntentId } : { checkout_id: order.checkout_id },
  );
  if (proof && order.receipt_token) query.set('receipt_token', order.receipt_token);
  return `/thank-you?${query}`;
}
