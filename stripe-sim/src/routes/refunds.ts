import { Hono } from 'hono';
import type Stripe from 'stripe';
import { checkStep, formatAmount } from '../amounts';
import { recordRefundTransaction } from '../balance';
import { buildRefund } from '../charges';
import { paymentContext, type SimContext, type SimEnv } from '../context';
import { contract } from '../contract/contract';
import { closeInquiryIfRefunded, disputeOf } from '../disputes';
import type { ParamsOf } from '../contract/endpoints';
import { invalidRequest, resourceMissing } from '../errors';
import { previousAttributes } from '../events';
import { updatedMetadata } from '../param-types';
import { parseParams } from '../params';
import { RefundFailures } from '../refund-failures';
import { load, matches, respond, respondWithList } from './helpers';

const createParams = contract('POST /v1/refunds');
const retrieveParams = contract('GET /v1/refunds/:id');
const listParams = contract('GET /v1/refunds');
const updateParams = contract('POST /v1/refunds/:id');
const cancelParams = contract('POST /v1/refunds/:id/cancel');

/** The succeeded charge a refund request names, directly or through its PaymentIntent. */
function refundableCharge(c: SimContext, params: ParamsOf<'POST /v1/refunds'>): Stripe.Charge {
  const { store } = c.var.sim;
  if (
    params.origin !== undefined ||
    (params.customer !== undefined && !params.charge && !params.payment_intent)
  ) {
    // Refunds to a customer's cash balance need cash balances, which the simulator has none of.
    throw invalidRequest(
      'The simulator refunds charges only: refunds of a customer balance (origin=customer_balance) ' +
        'are not simulated.',
      { param: params.origin !== undefined ? 'origin' : 'customer' },
    );
  }
  if (params.charge !== undefined && params.payment_intent !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: charge, payment_intent.', {
      param: 'payment_intent',
      code: 'parameters_exclusive',
    });
  }
  if (params.charge !== undefined) {
    const charge = store.get('charge', params.charge);
    if (!charge) throw resourceMissing('charge', params.charge, 'charge');
    return charge;
  }
  if (params.payment_intent === undefined) {
    throw invalidRequest(
      'One of the following params should be provided for this request: payment_intent or charge.',
      { code: 'parameter_missing' },
    );
  }
  const paymentIntent = store.get('payment_intent', params.payment_intent);
  if (!paymentIntent)
    throw resourceMissing('payment_intent', params.payment_intent, 'payment_intent');
  const charge =
    typeof paymentIntent.latest_charge === 'string'
      ? store.get('charge', paymentIntent.latest_charge)
      : undefined;
  if (paymentIntent.status !== 'succeeded' || !charge) {
    throw invalidRequest(
      `This PaymentIntent (${paymentIntent.id}) does not have a successful charge to refund.`,
      { param: 'payment_intent', code: 'charge_not_refundable' },
    );
  }
  return charge;
}

/** What Stripe checks of the other parameters against the charge. */
function checkAgainstCharge(charge: Stripe.Charge, params: ParamsOf<'POST /v1/refunds'>): void {
  if (params.currency !== undefined && params.currency.toLowerCase() !== charge.currency)
    throw invalidRequest(
      `The currency (${params.currency}) must be the charge's currency (${charge.currency}).`,
      { param: 'currency' },
    );
  if (params.customer !== undefined && params.customer !== charge.customer)
    throw invalidRequest(`Charge ${charge.id} does not belong to customer ${params.customer}.`, {
      param: 'customer',
    });
}

/**
 * Routes of /v1/refunds: full or partial refunds of a succeeded charge, listed newest first, their
 * metadata updated (with `refund.updated`, and `charge.refund.updated` as Stripe still sends for
 * card refunds). Card refunds succeed at once, so none can be canceled, as at Stripe; those of the
 * refund-failing test card fail later (refund-failures.ts).
 * refund_application_fee and reverse_transfer (Connect) are accepted: with no application fee or
 * transfer on the simulated account's charges, there is nothing for them to reverse.
 */
export const refunds = new Hono<SimEnv>()
  .post('/', async (c) => {
    const params = parseParams(createParams, c.var.form);
    // Stripe's range check of the parameter, before it looks at the charge.
    if (params.amount !== undefined && params.amount < 1)
      throw invalidRequest('This value must be greater than or equal to 1.', { param: 'amount' });
    const charge = refundableCharge(c, params);
    checkAgainstCharge(charge, params);
    // Stripe's words and code for a charge taken back by a chargeback (open or lost); an inquiry
    // or a won dispute leaves it refundable (the dispute's is_charge_refundable).
    if (disputeOf(c.var.sim.store, charge.id)?.is_charge_refundable === false)
      throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, {
        code: 'charge_disputed',
      });
    const refundable = charge.amount_captured - charge.amount_refunded;
    if (charge.status !== 'succeeded' || !charge.captured)
      throw invalidRequest(`Charge ${charge.id} has not been captured, so it cannot be refunded.`, {
        code: 'charge_not_refundable',
      });
    if (refundable <= 0)
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
        code: 'charge_already_refunded',
      });
    const amount = params.amount ?? refundable;
    // Stripe's words, its amounts as money, and no code (only charge_already_refunded has one).
    if (amount > refundable) {
      const money = (value: number) => formatAmount(value, charge.currency);
      throw invalidRequest(
        `Refund amount (${money(amount)}) is greater than unrefunded amount on charge ` +
          `(${money(refundable)})`,
        { param: 'amount' },
      );
    }
    // A partial refund in fractions of a króna, or a KWD one not ending in 0, is refused too.
    checkStep(amount, charge.currency);

    const { store, events } = c.var.sim;
    const { request } = paymentContext(c);
    const built = buildRefund(charge, {
      amount,
      reason: params.reason ?? null,
      metadata: updatedMetadata({}, params.metadata),
      ...(params.instructions_email !== undefined && {
        instructionsEmail: params.instructions_email,
      }),
    });
    const refund = store.put({
      ...built,
      balance_transaction: recordRefundTransaction(store, built, charge),
    });
    const amountRefunded = charge.amount_refunded + amount;
    const refunded = store.put<Stripe.Charge>({
      ...charge,
      amount_refunded: amountRefunded,
      refunded: amountRefunded === charge.amount_captured,
    });
    events.record('refund.created', refund, request);
    events.record('charge.refunded', refunded, request);
    closeInquiryIfRefunded(store, events, refunded, request);
    if (RefundFailures.failsFor(charge))
      await c.var.sim.wakeAt(c.var.sim.refundFailures.schedule(refund.id));
    return respond(c, refund, params.expand);
  })
  .get('/', (c) => {
    const params = parseParams(listParams, c.var.form);
    const { charge, payment_intent } = params;
    return respondWithList(c, 'refund', params, (refund) =>
      matches(refund, { charge, payment_intent }),
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'refund', c.req.param('id')), params.expand);
  })
  .post('/:id', (c) => {
    const params = parseParams(updateParams, c.var.form);
    const refund = load(c, 'refund', c.req.param('id'));
    const updated = { ...refund, metadata: updatedMetadata(refund.metadata, params.metadata) };
    const changes = previousAttributes(refund, updated);
    if (!changes) return respond(c, refund, params.expand);
    c.var.sim.store.put(updated);
    const { request } = paymentContext(c);
    c.var.sim.events.record('refund.updated', updated, request, changes);
    c.var.sim.events.record('charge.refund.updated', updated, request, changes);
    return respond(c, updated, params.expand);
  })
  .post('/:id/cancel', (c) => {
    parseParams(cancelParams, c.var.form);
    const refund = load(c, 'refund', c.req.param('id'));
    throw invalidRequest(
      `You can only cancel a refund with a status of \`requires_action\`; ${refund.id} has status ` +
        `\`${refund.status}\`.`,
    );
  });
