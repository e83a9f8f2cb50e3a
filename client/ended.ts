// The receipt of a payment received (src/receipt/view.ts): the checkout this tab kept is over, so
// that the next visit to the shop is a new order, as the Checkout page's own way to its receipt
// does (checkout.ts). Stripe's hosted page sends its customer here without passing through it.
import { KEPT_CHECKOUT } from './order';

try {
  sessionStorage.removeItem(KEPT_CHECKOUT);
} catch {
  // storage off (site data blocked): nothing was kept
}
