/** The Hono environment shared by every route and middleware. */
import type { ChargeRequest, HostedRequest } from './checkout/schema';
import type { PaymentConfig } from './config';
import type { Locale } from './i18n';
import type { LogFields } from './log';
import type { Standing } from './middleware/decline-cap';
import type { Stripe } from './stripe/client';
import type { Waits } from './timing';

export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** cf-ray when Cloudflare sent one, else a random id: ties log lines of one request together. */
    requestId: string;
    /** The reader's language (middleware/locale): every word a page or an answer says is in it. */
    locale: Locale;
    /** Fields for this request's log line: routes add what they learn (order, PaymentIntent, outcome). */
    log: LogFields;
    /** Set by the payment-config middleware on routes that take or show payments. */
    payment: PaymentConfig;
    /** Set on POST /charge once the body is validated (middleware/valid-charge); hosted: no card. */
    charge: ChargeRequest | HostedRequest;
    /** The checkout's order and its network's declines, once read (middleware/decline-cap). */
    standing?: Standing;
    /** The checkout attempt a Turnstile check was passed for, when one was (middleware/turnstile). */
    checkedAttempt?: number;
    /** Set on POST /webhook once the signature is verified (middleware/stripe-signature). */
    stripeEvent: Stripe.Event;
    /** On /admin: the signed-in admin's email, verified by Cloudflare Access (middleware/cloudflare-access). */
    adminEmail: string;
    /** On /admin: the admin's Access user id (the token's `sub`), what log lines name them by. */
    adminId: string;
    /** How long this request waited on D1 and Stripe, for Server-Timing (middleware/server-timing). */
    waits: Waits;
  };
}
