import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type Stripe from 'stripe';
import { describe, expect, it, vi } from 'vitest';
import { Store } from '../src/store';
import { WebhookEndpoints } from '../src/webhook-endpoints';
import type { Env } from '../src/env';
import {
  checkConcurrency,
  MAX_ATTEMPTS,
  MAX_CONCURRENCY,
  webhookConfig,
  Webhooks,
} from '../src/webhooks';
import type { Alarm, Send } from '../src/webhooks';

describe('WEBHOOK_CONCURRENCY', () => {
  it('is 1 when unset: one delivery at a time, in the order the events happened', () => {
    expect(checkConcurrency(undefined)).toBe(1);
  });

  it('takes an integer from 1 to the maximum', () => {
    expect(checkConcurrency('1')).toBe(1);
    expect(checkConcurrency('50')).toBe(50);
    expect(checkConcurrency(String(MAX_CONCURRENCY))).toBe(MAX_CONCURRENCY);
  });

  it('refuses anything else, naming the var, rather than sending nothing or unbounded', () => {
    for (const value of ['0', '-1', '1.5', 'many', '', String(MAX_CONCURRENCY + 1)])
      expect(() => checkConcurrency(value), value).toThrow(
        /WEBHOOK_CONCURRENCY must be an integer/,
      );
  });
});

const ENDPOINT_URL = 'http://held.test/webhook';
/** Long enough that no retry falls due during a test: only a flush retries at once. */
const RETRY_BASE_MS = 60_000;

/** One request the held endpoint has not answered yet. */
interface Held {
  eventId: string;
  answer: (status: number) => void;
  /** Fails it as a network error would (no response). */
  drop: () => void;
}

/**
 * A webhook endpoint that answers only when the test says so, counting the requests it holds at
 * once: the queue's outbound fetch() for these tests.
 */
class HeldEndpoint {
  readonly held: Held[] = [];
  /** Every answer given, in order: [event id, status or null for a dropped request]. */
  readonly answers: [string, number | null][] = [];
  maxAtOnce = 0;

  readonly send: Send = (_url, init) => {
    const eventId = (JSON.parse(init.body as string) as Stripe.EventBase).id;
    return new Promise<Response>((resolve, reject) => {
      const settle = (status: number | null) => {
        this.held.splice(this.held.indexOf(request), 1);
        this.answers.push([eventId, status]);
        if (status === null) reject(new TypeError('Network connection lost.'));
        else resolve(new Response(null, { status }));
      };
      const request: Held = {
        eventId,
        answer: (status) => settle(status),
        drop: () => settle(null),
      };
      this.held.push(request);
      this.maxAtOnce = Math.max(this.maxAtOnce, this.held.length);
    });
  };

  /** The events whose deliveries are being held, once there are `count` of them. */
  async waitForHeld(count: number): Promise<string[]> {
    // Generous: other tests may share the machine; a wait that is met returns at once.
    await vi.waitFor(() => expect(this.held).toHaveLength(count), { timeout: 5_000 });
    return this.held.map((request) => request.eventId);
  }

  /** Answers the held delivery of `eventId`. */
  answer(eventId: string, status = 200): void {
    const request = this.held.find((held) => held.eventId === eventId);
    if (!request) throw new Error(`no delivery of ${eventId} is being held`);
    request.answer(status);
  }
}

/**
 * Runs `fn` with a delivery queue of its own: a fresh simulator object's SQLite storage (not the
 * one the other tests share), the given concurrency, the held endpoint as its only URL, and an
 * alarm that only records when it would fire (the test attempts deliveries itself, as the alarm
 * would, so the runtime's alarm never races it).
 */
async function withQueue(
  concurrency: number,
  fn: (queue: {
    webhooks: Webhooks;
    endpoint: HeldEndpoint;
    alarms: number[];
    events: (count: number) => string[];
  }) => Promise<void>,
): Promise<void> {
  const stub = env.SIM.get(env.SIM.idFromName(`webhook-concurrency-${crypto.randomUUID()}`));
  await runInDurableObject(stub, async (_instance, state: DurableObjectState) => {
    const { sql } = state.storage;
    const store = new Store(sql);
    const endpoint = new HeldEndpoint();
    const alarms: number[] = [];
    const alarm: Alarm = {
      setAlarm: async (at) => void alarms.push(Number(at)),
      deleteAlarm: async () => undefined,
    };
    const config = {
      urls: [ENDPOINT_URL],
      secret: 'whsec_test_secret',
      retryBaseMs: RETRY_BASE_MS,
    };
    const webhooks = new Webhooks(
      sql,
      alarm,
      { ...config, concurrency },
      new WebhookEndpoints(sql, store),
      store,
      endpoint.send,
    );
    let seq = 0;
    const events = (count: number) =>
      Array.from({ length: count }, () => {
        const id = `evt_test_${++seq}`;
        webhooks.enqueue({ id, object: 'event', type: 'customer.created' } as Stripe.EventBase);
        return id;
      });
    await fn({ webhooks, endpoint, alarms, events });
  });
}

/** Each event's 2xx answers: every event answered exactly once when the endpoint accepts it. */
const accepted = (endpoint: HeldEndpoint) =>
  endpoint.answers.filter(([, status]) => status === 200).map(([id]) => id);

describe('webhook deliveries at the default concurrency (1)', () => {
  it("start the next event's delivery only once the endpoint has answered, in the events' order", () =>
    withQueue(checkConcurrency(undefined), async ({ webhooks, endpoint, events }) => {
      const ids = events(4);
      const due = webhooks.deliverDue();
      for (const id of ids) {
        // Only this event's delivery is under way; the next waits for its answer.
        expect(await endpoint.waitForHeld(1)).toEqual([id]);
        endpoint.answer(id);
      }
      await due;
      expect(endpoint.maxAtOnce).toBe(1);
      expect(accepted(endpoint)).toEqual(ids);
      expect(webhooks.counts()).toEqual({ delivered: 4, failed: 0, pending: 0 });
    }));

  it('go on to the next event when a delivery fails, and keep the failed one for its retry', () =>
    withQueue(1, async ({ webhooks, endpoint, alarms, events }) => {
      const [first, second] = events(2);
      const due = webhooks.deliverDue();
      await endpoint.waitForHeld(1);
      endpoint.held[0]!.drop();
      expect(await endpoint.waitForHeld(1)).toEqual([second]);
      endpoint.answer(second!);
      await due;
      const failed = webhooks.list().find((delivery) => delivery.event_id === first)!;
      expect(failed).toMatchObject({ status: 'pending', last_status: null });
      expect(failed.attempts).toEqual([
        { at: expect.any(String), status: null, error: 'Network connection lost.' },
      ]);
      // Retried after the back-off's first step, and the alarm is set for it.
      expect(failed.next_attempt_at! - Date.parse(failed.attempts[0]!.at)).toBeGreaterThanOrEqual(
        RETRY_BASE_MS,
      );
      expect(alarms.at(-1)).toBe(failed.next_attempt_at);
    }));

  it('never overlap when a flush comes while the alarm is delivering', () =>
    withQueue(1, async ({ webhooks, endpoint, events }) => {
      const [first, second, third] = events(3);
      const due = webhooks.deliverDue();
      await endpoint.waitForHeld(1);
      endpoint.answer(first!, 500);
      expect(await endpoint.waitForHeld(1)).toEqual([second]);
      // The flush retries the failed first event, but only once the second has been answered.
      const flushed = webhooks.flush();
      endpoint.answer(second!);
      for (const id of [third, first]) {
        expect(await endpoint.waitForHeld(1)).toEqual([id]);
        endpoint.answer(id!);
      }
      await Promise.all([due, flushed]);
      expect(endpoint.maxAtOnce).toBe(1);
      expect(endpoint.answers).toEqual([
        [first, 500],
        [second, 200],
        [third, 200],
        [first, 200],
      ]);
      expect(webhooks.counts()).toEqual({ delivered: 3, failed: 0, pending: 0 });
    }));
});

describe('webhook deliveries with WEBHOOK_CONCURRENCY=3', () => {
  it('keep up to 3 under way and never more; the rest wait for a slot, in order', () =>
    withQueue(3, async ({ webhooks, endpoint, events }) => {
      const ids = events(7);
      const due = webhooks.deliverDue();
      expect(await endpoint.waitForHeld(3)).toEqual(ids.slice(0, 3));
      // Answering any one (here the second) lets the next event go.
      endpoint.answer(ids[1]!);
      expect(await endpoint.waitForHeld(3)).toEqual([ids[0], ids[2], ids[3]]);
      endpoint.answer(ids[0]!);
      endpoint.answer(ids[3]!);
      expect(await endpoint.waitForHeld(3)).toEqual([ids[2], ids[4], ids[5]]);
      for (const id of [ids[2], ids[4], ids[5]]) endpoint.answer(id!);
      expect(await endpoint.waitForHeld(1)).toEqual([ids[6]]);
      endpoint.answer(ids[6]!);
      await due;
      expect(endpoint.maxAtOnce).toBe(3);
      expect(accepted(endpoint).sort()).toEqual([...ids].sort());
      expect(webhooks.counts()).toEqual({ delivered: 7, failed: 0, pending: 0 });
    }));

  it('retry a failed delivery on its schedule without holding up the others', () =>
    withQueue(3, async ({ webhooks, endpoint, alarms, events }) => {
      const ids = events(5);
      const due = webhooks.deliverDue();
      await endpoint.waitForHeld(3);
      // The first fails (500), the second's connection drops: both free their slots at once.
      endpoint.answer(ids[0]!, 500);
      endpoint.held.find((held) => held.eventId === ids[1])!.drop();
      expect(await endpoint.waitForHeld(3)).toEqual([ids[2], ids[3], ids[4]]);
      for (const id of ids.slice(2)) endpoint.answer(id!);
      await due;
      expect(webhooks.counts()).toEqual({ delivered: 3, failed: 0, pending: 2 });
      const retries = webhooks.list().filter((delivery) => delivery.status === 'pending');
      expect(retries.map((delivery) => [delivery.event_id, delivery.last_status])).toEqual([
        [ids[0], 500],
        [ids[1], null],
      ]);
      for (const retry of retries)
        expect(retry.next_attempt_at! - Date.parse(retry.attempts[0]!.at)).toBeGreaterThanOrEqual(
          RETRY_BASE_MS,
        );
      expect(alarms.at(-1)).toBe(Math.min(...retries.map((retry) => retry.next_attempt_at!)));
      // Not yet due: the alarm attempts nothing.
      await webhooks.deliverDue();
      expect(endpoint.held).toEqual([]);
      // A flush retries both now; the second retry's back-off doubles.
      const flushed = webhooks.flush();
      expect(await endpoint.waitForHeld(2)).toEqual([ids[0], ids[1]]);
      endpoint.answer(ids[0]!);
      endpoint.answer(ids[1]!, 503);
      expect(await flushed).toEqual({ delivered: 4, failed: 0, pending: 1 });
      const second = webhooks.list().find((delivery) => delivery.event_id === ids[1])!;
      expect(second.attempts.map((attempt) => attempt.status)).toEqual([null, 503]);
      expect(second.next_attempt_at! - Date.parse(second.attempts[1]!.at)).toBeGreaterThanOrEqual(
        2 * RETRY_BASE_MS,
      );
      // Retried until MAX_ATTEMPTS, then given up as failed; each 2xx event answered once.
      for (let attempt = 3; attempt <= MAX_ATTEMPTS; attempt++) {
        const retried = webhooks.flush();
        expect(await endpoint.waitForHeld(1)).toEqual([ids[1]]);
        endpoint.answer(ids[1]!, 500);
        await retried;
      }
      expect(webhooks.counts()).toEqual({ delivered: 4, failed: 1, pending: 0 });
      expect(accepted(endpoint).sort()).toEqual([ids[0], ids[2], ids[3], ids[4]].sort());
      expect(endpoint.maxAtOnce).toBe(3);
    }));

  it('share the limit between the alarm and a flush: never more than 3 at once, none twice', () =>
    withQueue(3, async ({ webhooks, endpoint, events }) => {
      const ids = events(6);
      const due = webhooks.deliverDue();
      await endpoint.waitForHeld(3);
      endpoint.answer(ids[0]!, 500);
      expect(await endpoint.waitForHeld(3)).toEqual([ids[1], ids[2], ids[3]]);
      // The flush's retry of the first and the alarm's last two wait for slots.
      const flushed = webhooks.flush();
      while (endpoint.held.length > 0 || endpoint.answers.length < 7) {
        await endpoint.waitForHeld(Math.min(3, 7 - endpoint.answers.length));
        endpoint.answer(endpoint.held[0]!.eventId);
      }
      await Promise.all([due, flushed]);
      expect(endpoint.maxAtOnce).toBe(3);
      expect(accepted(endpoint).sort()).toEqual([...ids].sort());
      expect(webhooks.counts()).toEqual({ delivered: 6, failed: 0, pending: 0 });
    }));
});

describe('webhookConfig', () => {
  it("takes the limit from the Worker's WEBHOOK_CONCURRENCY, 1 when unset", () => {
    expect(webhookConfig({ WEBHOOK_CONCURRENCY: '50' } as Env).concurrency).toBe(50);
    expect(webhookConfig({} as Env).concurrency).toBe(1);
  });

  it('refuses a bad WEBHOOK_CONCURRENCY, so that a misconfigured simulator fails to start', () => {
    expect(() => webhookConfig({ WEBHOOK_CONCURRENCY: '0' } as Env)).toThrow(/WEBHOOK_CONCURRENCY/);
  });
});
