/**
 * The console's orders, mounted at /admin/api/orders (behind the /admin gate):
 *
 *   POST /search             list, filtered and searched          list.ts
 *   GET  /<id>               the order, its history and refunds   detail.ts
 *   POST /<id>/refunds       a refund (Idempotency-Key)           refunds.ts
 *   POST /<id>/fulfil        fulfilment, run again                fulfil.ts
 *
 * and POST /admin/api/orders.csv (csv.ts), mounted beside it.
 */
import { bodyLimit } from 'hono/body-limit';
import { Hono } from 'hono/tiny';
import type { AppEnv } from '../../types';
import { refuse } from '../answer';
import { csvHandler } from './csv';
import { detailHandler } from './detail';
import { fulfilHandler } from './fulfil';
import { listHandler } from './list';
import { refundHandler } from './refunds';

/** A refund's body is two short fields, a search's four. */
const small = bodyLimit({
  maxSize: 1024,
  onError: (c) => refuse(c, 413, 'body_too_large', 'This request is too large.'),
});

export const orders = new Hono<AppEnv>()
  .post('/search', small, listHandler)
  .get('/:id', detailHandler)
  .post('/:id/refunds', small, refundHandler)
  .post('/:id/fulfil', fulfilHandler);

export const ordersCsv = new Hono<AppEnv>().post('/', csvHandler);
