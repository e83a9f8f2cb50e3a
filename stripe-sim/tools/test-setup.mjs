// The simulator's tests' global setup (Node, before the Workers pool starts): derives the contract
// from the installed stripe-node, which test/contract.test.ts sends to the simulator parameter by
// parameter, and says whether the committed generated files are what build.mjs would write now.
import { readFile } from 'node:fs/promises';
import { CONTRACT_FILE, STRIPE_JS_FILE, renderContract, renderStripeJs } from '../build.mjs';
import { deriveContract } from './stripe-types.mjs';

/** @param {import('vitest/node').TestProject} project */
export default async function setup(project) {
  const derived = deriveContract({ returns: true });
  const { returns: _returns, ...contract } = derived;
  const isFresh = async (path, text) => (await readFile(path, 'utf8')) === text;
  project.provide('stripeContract', derived);
  project.provide('contractIsFresh', await isFresh(CONTRACT_FILE, await renderContract(contract)));
  project.provide('stripeJsIsFresh', await isFresh(STRIPE_JS_FILE, await renderStripeJs()));
}
