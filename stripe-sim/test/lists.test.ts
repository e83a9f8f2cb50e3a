import { beforeEach, describe, expect, it } from 'vitest';
import type { ClockState } from '../src/clock';
import { api, control, paidPaymentIntent, resetAll, stripeClient, stripeError } from './helpers';

const stripe = stripeClient();
beforeEach(resetAll);

const advance = (seconds: number) =>
  control<ClockState>('/clock', { json: { advance_seconds: seconds } });
const pay = () => paidPaymentIntent(stripe, 1000);

describe('the simulated clock', () => {
  it('advances on request, stamps new objects with its time, and resets to real time', async () => {
    const before = await control<ClockState>('/clock');
    expect(before.offset_seconds).toBe(0);
    expect(Math.abs(before.now - Date.now() / 1000)).toBeLessThan(5);
    const moved = await advance(86_400);
    expect(moved.offset_seconds).toBe(86_400);
    const pi = await pay();
    expect(pi.created).toBeGreaterThanOrEqual(before.now + 86_400);
    await resetAll();
    expect((await control<ClockState>('/clock')).offset_seconds).toBe(0);
  });

  it('refuses to go backwards, and bodies it does not understand', async () => {
    for (const json of [{ advance_seconds: -5 }, { advance_seconds: 1.5 }, { seconds: 5 }]) {
      await expect(control('/clock', { json })).rejects.toThrow(/400/);
    }
    expect((await control<ClockState>('/clock')).offset_seconds).toBe(0);
  });
});

describe('created filters', () => {
  it('filter PaymentIntents and events by created, gt/gte/lt/lte or exactly', async () => {
    const early = await pay();
    await advance(100);
    const late = await pay();
    const ids = async (created: Parameters<typeof stripe.paymentIntents.list>[0]) =>
      (await stripe.paymentIntents.list(created)).data.map((pi) => pi.id);
    expect(await ids({ created: { gte: late.created } })).toEqual([late.id]);
    expect(await ids({ created: { gt: early.created } })).toEqual([late.id]);
    expect(await ids({ created: { lt: late.created } })).toEqual([early.id]);
    expect(await ids({ created: { lte: late.created, gte: early.created } })).toEqual([
      late.id,
      early.id,
    ]);
    expect(await ids({ created: early.created })).toEqual([early.id]);

    const events = await stripe.events.list({
      created: { gte: late.created },
      type: 'payment_intent.*',
    });
    expect(
      events.data.map((event) => [event.type, (event.data.object as { id: string }).id]),
    ).toEqual([
      ['payment_intent.succeeded', late.id],
      ['payment_intent.created', late.id],
    ]);
  });

  it("list events of the last 30 days of the simulator's clock only", async () => {
    const old = await pay();
    await advance(29 * 86_400);
    const recent = await pay();
    const listed = async () =>
      (await stripe.events.list({ type: 'payment_intent.created' })).data.map(
        (event) => (event.data.object as { id: string }).id,
      );
    expect(await listed()).toEqual([recent.id, old.id]);
    await advance(86_400 + 1);
    expect(await listed()).toEqual([recent.id]);
    const since = await stripe.events.list({ created: { gte: old.created } });
    expect(since.data.length).toBeGreaterThan(0);
    expect(since.data.every((event) => event.created >= recent.created)).toBe(true);
  });

  it('retrieve an event or take it as a cursor for 30 days only, as the list', async () => {
    const old = await pay();
    const [oldEvent] = (await stripe.events.list({ type: 'payment_intent.created', limit: 1 }))
      .data;
    await advance(30 * 86_400 - 60);
    const recent = await pay();
    // Still within 30 days: retrieved, and a cursor.
    expect((await stripe.events.retrieve(oldEvent!.id)).id).toBe(oldEvent!.id);
    await stripe.events.list({ starting_after: oldEvent!.id });
    await advance(61);
    // Past 30 days it is gone from the API, as if it never existed.
    const gone = await stripeError(() => stripe.events.retrieve(oldEvent!.id));
    expect(gone.statusCode).toBe(404);
    expect(gone.raw).toMatchObject({
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'id',
      message: `No such event: '${oldEvent!.id}'`,
    });
    for (const param of ['starting_after', 'ending_before'] as const) {
      const cursor = await stripeError(() => stripe.events.list({ [param]: oldEvent!.id }));
      expect(cursor.statusCode, param).toBe(400);
      expect(cursor.raw, param).toMatchObject({ code: 'resource_missing', param });
    }
    // The PaymentIntent the event was about is kept (only events expire), and newer events stay.
    expect((await stripe.paymentIntents.retrieve(old.id)).id).toBe(old.id);
    const [newer] = (await stripe.events.list({ type: 'payment_intent.created' })).data;
    expect(newer?.data.object).toMatchObject({ id: recent.id });
    expect((await stripe.events.retrieve(newer!.id)).id).toBe(newer!.id);
  });

  it('filter events by a list of exact types, not both type and types, at most 20', async () => {
    const pi = await pay();
    const listed = await stripe.events.list({
      types: ['payment_intent.succeeded', 'charge.succeeded'],
    });
    expect(listed.data.map((event) => event.type)).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
    ]);
    expect(listed.data[0]?.data.object).toMatchObject({ id: pi.id });
    // Exact names: no wildcards, unlike `type`.
    expect((await stripe.events.list({ types: ['charge.*'] })).data).toEqual([]);
    const both = await stripeError(() =>
      stripe.events.list({ type: 'charge.*', types: ['charge.succeeded'] }),
    );
    expect(both.raw).toMatchObject({ code: 'parameters_exclusive', param: 'types' });
    const many = await stripeError(() =>
      stripe.events.list({ types: Array.from({ length: 21 }, () => 'charge.succeeded') }),
    );
    expect(many.raw).toMatchObject({ param: 'types' });
  });

  it('filter charges by created, and PaymentIntents and charges by customer', async () => {
    const early = await pay();
    await advance(100);
    const customer = await stripe.customers.create();
    const late = await paidPaymentIntent(stripe, 1000, { customer: customer.id });
    const charges = async (params: Parameters<typeof stripe.charges.list>[0]) =>
      (await stripe.charges.list(params)).data.map((charge) => charge.payment_intent);
    expect(await charges({ created: { gte: late.created } })).toEqual([late.id]);
    expect(await charges({ created: { lt: late.created } })).toEqual([early.id]);
    expect(await charges({ customer: customer.id })).toEqual([late.id]);
    const intents = await stripe.paymentIntents.list({ customer: customer.id });
    expect(intents.data.map((pi) => pi.id)).toEqual([late.id]);
  });

  it('refuse a malformed created filter, naming it', async () => {
    const unknown = await (await api('/v1/events?created[since]=5')).json();
    expect(unknown).toMatchObject({
      error: { code: 'parameter_unknown', param: 'created[since]' },
    });
    const notInteger = await (await api('/v1/payment_intents?created[gte]=yesterday')).json();
    expect(notInteger).toMatchObject({
      error: { code: 'parameter_invalid_integer', param: 'created[gte]' },
    });
  });
});

describe('pagination', () => {
  it('pages backwards with ending_before, newest first, as Stripe does', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push((await pay()).id);
    const [oldest, second, third, fourth, newest] = made;
    const page = await stripe.paymentIntents.list({ ending_before: second, limit: 2 });
    expect(page.data.map((pi) => pi.id)).toEqual([fourth, third]);
    expect(page.has_more).toBe(true);
    const last = await stripe.paymentIntents.list({ ending_before: fourth, limit: 2 });
    expect(last.data.map((pi) => pi.id)).toEqual([newest]);
    expect(last.has_more).toBe(false);
    const forward = await stripe.paymentIntents.list({ starting_after: second });
    expect(forward.data.map((pi) => pi.id)).toEqual([oldest]);
  });

  it('refuses both cursors at once, and an unknown cursor', async () => {
    const pi = await pay();
    const both = await stripeError(() =>
      stripe.paymentIntents.list({ starting_after: pi.id, ending_before: pi.id }),
    );
    expect(both.raw).toMatchObject({ code: 'parameters_exclusive', param: 'ending_before' });
    const missing = await stripeError(() => stripe.events.list({ ending_before: 'evt_nope' }));
    expect(missing.raw).toMatchObject({ code: 'resource_missing', param: 'ending_before' });
  });
});
