import type { Context, MiddlewareHandler } from 'hono';
import type { MessageKey } from '../../i18n';
import { problem } from '../../pages/problem';
import type { AppEnv } from '../../types';
import { NO_ADDRESS, networkOf } from './network';

interface RateLimitOptions {
  /** Name for logs, e.g. "ip". */
  name: string;
  /** The Workers Rate Limiting binding (its limit and period are set in wrangler.toml). */
  limiter: (env: Env) => RateLimit;
  /** What is counted: the client network (`clientNetwork`), a checkout id... */
  key: (c: Context<AppEnv>) => string;
  /** The binding's period, sent as Retry-After. */
  periodSeconds: number;
  /** What the refused customer reads (a catalogue message). */
  message: MessageKey;
  /**
   * Whether the refused request may be a retry of one that charged, read only when refusing (the
   * accepted path's I/O stays): `{outcome}` in `message` is then its sentence. Absent: not charged.
   */
  refusal?: (c: Context<AppEnv>) => Promise<Refusal> | Refusal;
}

/** What a refusal says of a charge (pages/problem.ts, refusalOutcome). */
interface Refusal {
  sentence?: MessageKey;
  charged: false | 'unknown';
}

/**
 * Counts requests per key with a Workers Rate Limiting binding and answers 429 with Retry-After
 * past the limit, before any Stripe call: the card-testing defence of POST /charge.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async function rateLimit(c, next) {
    const { success } = await options.limiter(c.env).limit({ key: options.key(c) });
    if (!success) {
      Object.assign(c.get('log'), { problem: 'rate_limited', limit: options.name });
      c.header('Retry-After', String(options.periodSeconds));
      const { sentence, charged } = (await options.refusal?.(c)) ?? { charged: false };
      const message = sentence
        ? { key: options.message, params: { outcome: { ref: sentence } } }
        : options.message;
      return problem(c, 429, { code: 'rate_limited', message, charged });
    }
    await next();
  };
}

/** The client's IP as Cloudflare reports it ("local" under wrangler dev without the header). */
export function clientIp(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? NO_ADDRESS;
}

/** Each request's client network, worked out once (a charge's rate limit and decline cap ask). */
const networks = new WeakMap<Request, string>();

/**
 * The client network every client limit counts against: the IPv4 address, or the IPv6 /64
 * (see ./network.ts).
 */
export function clientNetwork(c: Context): string {
  let network = networks.get(c.req.raw);
  if (network === undefined) {
    network = networkOf(c.req.header('cf-connecting-ip'));
    networks.set(c.req.raw, network);
  }
  return network;
}
