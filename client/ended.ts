// The receipt of a payment received (src/receipt/view.ts): the checkout this tab kept is over if
// it is the receipt's (its meta "checkout"), so that the next visit to the shop is a new order, as
// the Checkout page's own way to its receipt does (checkout.ts). Stripe's hosted page sends its
// customer here without passing through it. Another checkout kept (a receipt opened in its tab,
// its payment maybe in doubt) is left: its "Try again" must still ask the shop.
import { KEPT_CHECKOUT, type Saved } from './order';

const receipt = document.querySelector<HTMLMetaElement>('meta[name="checkout"]')?.content;
try {
  const kept = JSON.parse(sessionStorage.getItem(KEPT_CHECKOUT)!) as Saved | null;
  if (kept?.id === receipt) sessionStorage.removeItem(KEPT_CHECKOUT);
} catch {
  // storage off (site data blocked): nothing was kept
}
