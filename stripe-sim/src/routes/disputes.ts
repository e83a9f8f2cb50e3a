import { Hono } from 'hono';
import type Stripe from 'stripe';
import { paymentContext, type SimEnv } from '../context';
import { contract } from '../contract/contract';
import { accepted, closeDispute, isClosed, isInquiry, withEvidence } from '../disputes';
import { invalidRequest } from '../errors';
import { previousAttributes } from '../events';
import { updatedMetadata } from '../param-types';
import { parseParams } from '../params';
import { load, matches, respond, respondWithList } from './helpers';

const listParams = contract('GET /v1/disputes');
const retrieveParams = contract('GET /v1/disputes/:id');
const updateParams = contract('POST /v1/disputes/:id');
const closeParams = contract('POST /v1/disputes/:id/close');

/** Stripe's refusal to change a dispute that is over. */
const closedError = (dispute: Stripe.Dispute) =>
  invalidRequest(
    `This dispute is already closed (status ${dispute.status}): it can no longer be updated.`,
  );

/**
 * Routes of /v1/disputes (disputes come from the disputing test card, disputes.ts): listed newest
 * first (by `charge` or `payment_intent`), evidence staged or submitted, a dispute accepted. Each
 * change is `charge.dispute.updated`, with `charge.dispute.closed` once it is decided.
 */
export const disputes = new Hono<SimEnv>()
  .get('/', (c) => {
    const params = parseParams(listParams, c.var.form);
    const { charge, payment_intent } = params;
    return respondWithList(c, 'dispute', params, (dispute) =>
      matches(dispute, { charge, payment_intent }),
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'dispute', c.req.param('id')), params.expand);
  })
  .post('/:id', (c) => {
    const params = parseParams(updateParams, c.var.form);
    const dispute = load(c, 'dispute', c.req.param('id'));
    if (isClosed(dispute)) throw closedError(dispute);
    const { store, events } = c.var.sim;
    const { request } = paymentContext(c);
    const evidence = params.evidence as Record<string, unknown> | undefined;
    const submitted = withEvidence(dispute, evidence, params.submit !== false);
    const updated: Stripe.Dispute = {
      ...submitted,
      metadata: updatedMetadata(dispute.metadata, params.metadata),
      ...(params.intended_submission_method && {
        intended_submission_method: params.intended_submission_method,
      }),
    };
    const changes = previousAttributes(dispute, updated);
    if (!changes) return respond(c, dispute, params.expand);
    // Test mode decides at once: the update shows the evidence under review, then it closes.
    const reviewing = isInquiry(dispute) ? 'warning_under_review' : 'under_review';
    const review: Stripe.Dispute = isClosed(updated) ? { ...updated, status: reviewing } : updated;
    store.put(review);
    events.record('charge.dispute.updated', review, request, previousAttributes(dispute, review));
    const final = isClosed(updated) ? closeDispute(store, events, updated, request) : updated;
    return respond(c, final, params.expand);
  })
  .post('/:id/close', (c) => {
    const params = parseParams(closeParams, c.var.form);
    const dispute = load(c, 'dispute', c.req.param('id'));
    if (isClosed(dispute)) throw closedError(dispute);
    const { store, events } = c.var.sim;
    const closed = closeDispute(store, events, accepted(dispute), paymentContext(c).request);
    return respond(c, closed, params.expand);
  });
