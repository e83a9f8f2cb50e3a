// What the Checkout page says: its messages in the reader's language, which the Worker put into
// the page (#messages: src/i18n's script.*, only that language's), filled with what varies.
// Amounts arrive formatted for the reader; the server's own messages (refusals, declines) come
// with its answers, in the same language, and are shown as they are.
import type { ScriptKey, ScriptMessages } from '../src/i18n';
import { fill } from '../src/i18n/format';

const messages = JSON.parse(document.getElementById('messages')!.textContent!) as ScriptMessages;
const say = (key: ScriptKey, params: Record<string, string> = {}) => fill(messages[key], params);

export const T = {
  quantityOf: (name: string) => say('script.quantityOf', { name }),
  discount: (code: string) => say('script.discount', { code }),
  apply: say('script.apply'),
  remove: say('script.remove'),
  pay: (amount: string) => say('script.pay', { amount }),
  paying: (amount: string) => say('script.paying', { amount }),
  tryAgain: say('script.tryAgain'),
  noAnswer: say('script.noAnswer'),
  bankNotDone: say('script.bankNotDone'),
  noLoad: say('script.loadFailed'),
  shipping: (rate: string) => say('script.shipping', { rate }),
  addressFirst: say('script.addressFirst'),
  free: say('script.free'),
  checkout: say('script.checkout'),
  onStripe: say('script.onStripe'),
  shipTo: say('script.shipTo'),
} as const;
