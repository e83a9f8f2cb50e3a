import { Hono } from 'hono';
import type { SimEnv } from '../context';
import { contract } from '../contract/contract';
import { resourceMissing } from '../errors';
import { parseParams } from '../params';
import { load, matches, respond, respondWithList } from './helpers';

const listParams = contract('GET /v1/balance_transactions');
const retrieveParams = contract('GET /v1/balance_transactions/:id');

/** Routes of /v1/balance_transactions: one per captured charge and per refund (see balance.ts). */
export const balanceTransactions = new Hono<SimEnv>()
  .get('/', (c) => {
    const params = parseParams(listParams, c.var.form);
    // No payouts are made: a payout id cannot name one.
    if (params.payout !== undefined) throw resourceMissing('payout', params.payout, 'payout');
    const { currency, source, type } = params;
    return respondWithList(c, 'balance_transaction', params, (txn) =>
      matches(txn, { currency: currency?.toLowerCase(), source, type }),
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'balance_transaction', c.req.param('id')), params.expand);
  });
