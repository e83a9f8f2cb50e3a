import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimEnv } from '../context';
import { contract } from '../contract/contract';
import { invalidRequest } from '../errors';
import { updatedMetadata } from '../param-types';
import { parseParams, type Schema, string } from '../params';
import type { StoredWebhookEndpoint } from '../webhook-endpoints';
import { load, respond, respondWithList } from './helpers';

/** An absolute http(s) URL, or Stripe's 400 `url_invalid`. */
const endpointUrl = (): Schema<string> => ({
  parse(value, param) {
    const text = string().parse(value, param);
    let url: URL | undefined;
    try {
      url = new URL(text);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname)
      throw invalidRequest(`Invalid URL: ${text}`, { param, code: 'url_invalid' });
    return text;
  },
});

// enabled_events and api_version: the event types and API versions stripe-node lists.
const createParams = contract('POST /v1/webhook_endpoints', { url: endpointUrl() });
const updateParams = contract('POST /v1/webhook_endpoints/:id', { url: endpointUrl() });
const retrieveParams = contract('GET /v1/webhook_endpoints/:id');
const listEndpointParams = contract('GET /v1/webhook_endpoints');
const deleteParams = contract('DELETE /v1/webhook_endpoints/:id');

/**
 * Routes of /v1/webhook_endpoints. Each enabled endpoint receives the events it subscribes to,
 * signed with its own secret, which only the creation's response shows.
 */
export const webhookEndpoints = new Hono<SimEnv>()
  .post('/', (c) => {
    const params = parseParams(createParams, c.var.form);
    const endpoint = c.var.sim.webhookEndpoints.create({
      url: params.url,
      enabled_events: params.enabled_events,
      description: params.description || null,
      metadata: updatedMetadata({}, params.metadata),
      api_version: params.api_version ?? null,
      connect: params.connect ?? false,
    });
    return respond(c, endpoint, params.expand);
  })
  .get('/', (c) => {
    const params = parseParams(listEndpointParams, c.var.form);
    return respondWithList(c, 'webhook_endpoint', params);
  })
  .get('/:id', (c) => {
    const params = parseParams(retrieveParams, c.var.form);
    return respond(c, load(c, 'webhook_endpoint', c.req.param('id')), params.expand);
  })
  .post('/:id', (c) => {
    const params = parseParams(updateParams, c.var.form);
    const current = load(c, 'webhook_endpoint', c.req.param('id'));
    const updated = c.var.sim.store.put<StoredWebhookEndpoint>({
      ...current,
      ...(params.url !== undefined && { url: params.url }),
      ...(params.enabled_events !== undefined && { enabled_events: params.enabled_events }),
      ...(params.description !== undefined && { description: params.description || null }),
      metadata: updatedMetadata(current.metadata, params.metadata),
      ...(params.disabled !== undefined && { status: params.disabled ? 'disabled' : 'enabled' }),
    });
    return respond(c, updated, params.expand);
  })
  .delete('/:id', (c) => {
    parseParams(deleteParams, c.var.form);
    const endpoint = load(c, 'webhook_endpoint', c.req.param('id'));
    c.var.sim.webhookEndpoints.remove(endpoint.id);
    const deleted: Stripe.DeletedWebhookEndpoint = {
      id: endpoint.id,
      object: 'webhook_endpoint',
      deleted: true,
    };
    return c.json(deleted);
  });
