import type { Contract } from '../src/contract/contract';
import type { FieldTree } from './contract/probes';

/** What tools/test-setup.mjs provides to the tests (vitest's provide/inject). */
declare module 'vitest' {
  export interface ProvidedContext {
    /** The contract derived from the installed stripe-node at test time, with each answer's fields. */
    stripeContract: Contract & { returns: Record<string, FieldTree> };
    /** Whether src/contract/contract.generated.json is that contract. */
    contractIsFresh: boolean;
    /** Whether public/v3/index.js is the build of stripe-js/. */
    stripeJsIsFresh: boolean;
  }
}
