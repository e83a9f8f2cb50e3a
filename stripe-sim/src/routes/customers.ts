import { Hono } from 'hono';
import { paymentContext, type SimEnv } from '../context';
import { contract } from '../contract/contract';
import {
  createCustomer,
  customerChanges,
  deleteCustomer,
  liveCustomer,
  updateCustomer,
} from '../customers';
import { parseParams } from '../params';
import { load, matches, respond, respondWithList } from './helpers';

const createParams = contract('POST /v1/customers');
const listParams = contract('GET /v1/customers');
const retrieveParams = contract('GET /v1/customers/:id');
const updateParams = contract('POST /v1/customers/:id');
const deleteParams = contract('DELETE /v1/customers/:id');

/** Routes of /v1/customers, with customer.created, .updated and .deleted events. */
export const customers = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
    const customer = createCustomer(c.var.sim.store, params);
    c.var.sim.events.record('customer.created', customer, paymentContext(c).request);
    return respond(c, customer, params.expand);
  })
  .get('/', (c) => {
    const params = parseParams(listParams, c.var.form);
    // No test clocks exist, so no customer is on one.
    if (params.test_clock !== undefined) return respondWithList(c, 'customer', params, () => false);
    return respondWithList(
      c,
      'customer',
      params,
      (customer) => !customer.deleted && matches(customer, { email: params.email }),
    );
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    // A deleted customer is answered as Stripe does: { id, object, deleted: true }.
    return respond(c, load(c, 'customer', c.req.param('id')), params.expand);
  })
  .post('/:id', (c) => {
    const params = parseParams(updateParams, c.var.form);
    const before = liveCustomer(c.var.sim.store, c.req.param('id'));
    const customer = updateCustomer(c.var.sim.store, before, params);
    // As at Stripe: customer.updated with the previous values, and no event when nothing changed.
    const changes = customerChanges(before, customer);
    if (changes)
      c.var.sim.events.record('customer.updated', customer, paymentContext(c).request, changes);
    return respond(c, customer, params.expand);
  })
  .delete('/:id', (c) => {
    parseParams(deleteParams, c.var.form);
    const customer = liveCustomer(c.var.sim.store, c.req.param('id'));
    const deleted = deleteCustomer(c.var.sim.store, customer);
    c.var.sim.events.record('customer.deleted', customer, paymentContext(c).request);
    return respond(c, deleted);
  });
