import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createSimulatorApp } from '../src/app';
import type { Simulator } from '../src/context';
import { ACCOUNT_SCENARIOS } from './contract/account';
import { BILLING_SCENARIOS } from './contract/billing';
import { CHECKOUT_SCENARIOS } from './contract/checkout';
import { PAYMENT_SCENARIOS } from './contract/payments';
import { type Pair, type Probe, batches, fieldAt, probes, together } from './contract/probes';
import {
  type Fixtures,
  type Rule,
  type Scenario,
  commonFixtures,
  sampleFor,
} from './contract/scenario';
import { api, resetAll } from './helpers';

/**
 * The parameter contract: every parameter the installed stripe-node declares for an endpoint the
 * simulator serves is accepted (sent alone, with a valid sample value and what it requires), and
 * where the answer has the field, the answer holds the value. The contract is derived from
 * stripe-node's type files when the tests start (tools/test-setup.mjs), so after a stripe-node
 * upgrade this test lists what is new. The exceptions (test/contract/*.ts) are Stripe's own
 * business rules or what the simulator does not simulate, each with its reason
 * (stripe-sim/README.md lists them).
 */

const contract = inject('stripeContract');

const SCENARIOS: Record<string, Scenario> = {
  ...PAYMENT_SCENARIOS,
  ...BILLING_SCENARIOS,
  ...CHECKOUT_SCENARIOS,
  ...ACCOUNT_SCENARIOS,
};

it('every API route the simulator serves is in the contract (src/contract/endpoints.ts)', () => {
  // The routes as the Hono app registers them (a state-less app: only its routes are read).
  const served = createSimulatorApp({} as Simulator)
    .routes.filter((route) => route.path.startsWith('/v1/') && route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/(.)\/$/, '$1')}`);
  expect([...new Set(served)].sort()).toEqual(Object.keys(contract.endpoints).sort());
});

const fill = (text: string, fixtures: Fixtures) =>
  text.replace(/\$(\w+)/g, (_, name: string) => fixtures[name] ?? `$${name}`);

/** The request a probe makes: its pairs, the rule's, and the base pairs the rule does not drop. */
function pairsOf(scenario: Scenario, probe: Probe, rules: Rule[]): Pair[] {
  const without = rules.flatMap((rule) => rule.without ?? []);
  const base = (scenario.base ?? []).filter(
    ([name]) => !without.some((prefix) => name.startsWith(prefix)),
  );
  return [...base, ...probe.pairs, ...rules.flatMap((rule) => rule.with ?? [])];
}

/** The fixtures a request names, the fresh ones made now. */
async function fixturesFor(scenario: Scenario, text: string, common: Fixtures) {
  let fixtures = { ...common };
  for (const [name, make] of Object.entries(scenario.fresh ?? {}))
    if (text.includes(`$${name}`)) fixtures = { ...fixtures, ...(await make(common)) };
  return fixtures;
}

/** The values the answer does not hold where its type has the field. */
function notStored(endpoint: string, probe: Probe, answer: unknown, fixtures: Fixtures) {
  const tree = contract.returns[endpoint];
  return probe.values.filter((sent) => {
    const found = tree && sent.value !== '' ? fieldAt(tree, answer, sent.path) : undefined;
    return found !== undefined && String(found.value) !== fill(sent.value, fixtures);
  });
}

/** What is wrong with the simulator's answer to a probe, if anything. */
async function check(
  endpoint: string,
  scenario: Scenario,
  probe: Probe,
  rules: Rule[],
  common: Fixtures,
): Promise<string | undefined> {
  const [method] = endpoint.split(' ') as [string];
  const pairs = pairsOf(scenario, probe, rules);
  const fixtures = await fixturesFor(scenario, scenario.url + JSON.stringify(pairs), common);
  const body = new URLSearchParams(
    pairs.map(([name, value]): Pair => [name, fill(value, fixtures)]),
  ).toString();
  const url = fill(scenario.url, fixtures);
  const inQuery = method === 'GET' || method === 'DELETE';
  const response = await api(inQuery && body ? `${url}?${body}` : url, {
    method,
    ...(scenario.key && { key: scenario.key }),
    ...(!inQuery && { body }),
  });
  const answer = (await response.json()) as { error?: { code?: string; message?: string } };
  const expected = rules.find((rule) => rule.expect)?.expect;
  if (expected) {
    const code = answer.error?.code;
    if (response.status !== expected.status || (expected.code && code !== expected.code))
      return `${probe.name}: expected ${expected.status} ${expected.code ?? ''}, got ${response.status} ${code ?? ''}`;
    return undefined;
  }
  if (!response.ok) return `${probe.name}: ${response.status} ${answer.error?.message}`;
  if (method !== 'POST' || rules.some((rule) => rule.storedElsewhere)) return undefined;
  const missing = notStored(endpoint, probe, answer, fixtures);
  if (missing.length > 0)
    return `${probe.name}: accepted, not returned: ${missing.map((sent) => sent.path.join('.')).join(', ')}`;
  return undefined;
}

/**
 * The problems of probes sent together: none if the simulator takes them all; otherwise the
 * probes are sent again in halves, down to the ones it refuses alone (two parameters that Stripe
 * refuses together, each accepted alone, are not a problem).
 */
async function problemsOf(
  endpoint: string,
  scenario: Scenario,
  batch: Probe[],
  rules: Rule[],
  common: Fixtures,
): Promise<string[]> {
  const problem = await check(endpoint, scenario, together(batch), rules, common);
  if (!problem) return [];
  if (batch.length === 1) return [problem];
  const half = Math.ceil(batch.length / 2);
  return [
    ...(await problemsOf(endpoint, scenario, batch.slice(0, half), rules, common)),
    ...(await problemsOf(endpoint, scenario, batch.slice(half), rules, common)),
  ];
}

/**
 * Probes to send together: the ones the same rules apply to. A refusal with a business rule's
 * `code` comes after the parameters are checked against the contract, so probes refused with one
 * go together too (one refused with another code is found alone); a refusal known by its status
 * only could hide a `parameter_unknown`, so each such probe goes alone.
 */
function plan(scenario: Scenario, all: Probe[]) {
  const groups = new Map<string, { rules: Rule[]; probes: Probe[] }>();
  all.forEach((probe, i) => {
    const rules = (scenario.rules ?? []).filter((rule) => rule.when.test(probe.name));
    const key = rules.some((rule) => rule.expect && !rule.expect.code)
      ? `alone ${i}`
      : rules.map((rule) => (scenario.rules ?? []).indexOf(rule)).join();
    const group = groups.get(key) ?? { rules, probes: [] };
    group.probes.push(probe);
    groups.set(key, group);
  });
  return [...groups.values()].flatMap(({ rules, probes: grouped }) =>
    batches(grouped, 40).map((batch) => ({ rules, batch })),
  );
}

// The objects probes name, made once: each scenario adds its own, and a probe that uses one up
// gets a fresh one (Scenario.fresh).
let shared: Fixtures = {};
beforeAll(async () => {
  await resetAll();
  shared = await commonFixtures();
}, 60_000);

describe.each(Object.keys(contract.endpoints))('%s', (endpoint) => {
  const scenario = SCENARIOS[endpoint];
  it('has a probe scenario in this test', () => {
    expect(scenario, `add ${endpoint} to SCENARIOS`).toBeDefined();
  });
  if (!scenario) return;
  const all = probes(contract, endpoint, sampleFor(scenario));
  let fixtures: Fixtures = {};
  beforeAll(async () => {
    fixtures = { ...shared, ...(await scenario.setup?.(shared)) };
  }, 60_000);

  it(`accepts each of its ${all.length} parameters as stripe-node declares them`, async () => {
    const problems: string[] = [];
    for (const { rules, batch } of plan(scenario, all))
      problems.push(...(await problemsOf(endpoint, scenario, batch, rules, fixtures)));
    expect(problems).toEqual([]);
  }, 300_000);
});
