import { Hono } from 'hono';
import type Stripe from 'stripe';
import type { SimEnv } from '../context';
import { invalidRequest } from '../errors';
import { ENABLED_EVENTS } from '../event-types';
import { emptyable, metadataUpdate, updatedMetadata } from '../param-types';
import {
  boolean,
  list,
  metadata,
  oneOf,
  paramsOf,
  parseParams,
  string,
  type Schema,
} from '../params';
import { expandParam, listParams, load, respond, respondWithList } from './helpers';

type ApiVersion = Stripe.WebhookEndpointCreateParams.ApiVersion;

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

/** A Stripe API version such as `2026-10-28.endive`. */
const apiVersion = (): Schema<ApiVersion> => ({
  parse(value, param) {
    const text = string().parse(value, param);
    if (!/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(text))
      throw invalidRequest(`Invalid API version: ${text}`, { param });
    return text as ApiVersion;
  },
});

const enabledEvents = list(oneOf(ENABLED_EVENTS));
/** Empty unsets the description (answered as null). */
const description = emptyable();

const createParams = paramsOf<Stripe.WebhookEndpointCreateParams>()(
  {
    url: endpointUrl(),
    enabled_events: enabledEvents,
    description,
    metadata: metadata(),
    api_version: apiVersion(),
    expand: expandParam,
  },
  ['url', 'enabled_events'],
);
const updateParams = paramsOf<Stripe.WebhookEndpointUpdateParams>()({
  url: endpointUrl(),
  enabled_events: enabledEvents,
  description,
  metadata: metadataUpdate(),
  disabled: boolean(),
  expand: expandParam,
});
const retrieveParams = paramsOf<Stripe.WebhookEndpointRetrieveParams>()({ expand: expandParam });
const listEndpointParams = paramsOf<Stripe.WebhookEndpointListParams>()(listParams);

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
      metadata: params.metadata ?? {},
      api_version: params.api_version ?? null,
    });
    return c.json(endpoint);
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
    const updated = c.var.sim.store.put<Stripe.WebhookEndpoint>({
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
    const endpoint = load(c, 'webhook_endpoint', c.req.param('id'));
    c.var.sim.webhookEndpoints.remove(endpoint.id);
    const deleted: Stripe.DeletedWebhookEndpoint = {
      id: endpoint.id,
      object: 'webhook_endpoint',
      deleted: true,
    };
    return c.json(deleted);
  });
