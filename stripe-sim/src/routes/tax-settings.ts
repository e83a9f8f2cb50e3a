import { Hono } from 'hono';
import type { SimEnv } from '../context';
import { contract } from '../contract/contract';
import { parseParams } from '../params';
import { taxSettings } from '../tax/settings';
import { respond } from './helpers';

const retrieveParams = contract('GET /v1/tax/settings');

/** GET /v1/tax/settings: whether Stripe Tax can calculate tax for the account (`status`). */
export const taxSettingsRoute = new Hono<SimEnv>().get('/', (c) => {
  const params = parseParams(retrieveParams, c.var.form);
  return respond(c, taxSettings(c.var.sim.store), params.expand);
});
