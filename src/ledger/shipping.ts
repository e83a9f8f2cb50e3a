/** An order's shipping as stored (JSON in `orders.shipping`), and as Stripe writes it. */
import type Stripe from 'stripe';
import type { Order, StoredShipping } from '.';

/** Where an order is sent; null when it has nothing to send. */
export function shippingOf(order: Pick<Order, 'shipping'>): StoredShipping | null {
  return order.shipping ? (JSON.parse(order.shipping) as StoredShipping) : null;
}

/** A PaymentIntent's `shipping` hash for an order's shipping (Stripe omits empty fields). */
export function stripeShipping(
  shipping: StoredShipping,
): Stripe.PaymentIntentCreateParams.Shipping {
  const { line1, line2, city, state, postal_code, country } = shipping.address;
  return {
    name: shipping.name,
    address: {
      line1,
      city,
      country,
      ...(line2 && { line2 }),
      ...(state && { state }),
      ...(postal_code && { postal_code }),
    },
  };
}
