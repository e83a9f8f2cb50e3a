-- A cart (issue 13): an order has lines, and may have a Stripe promotion code and its discount.
-- lines: the order as a JSON array, in the cart's order, one object per product:
--   { "product", "name", "quantity", "unit_amount", "discount", "amount" }, integer minor units;
--   `amount` is unit_amount × quantity less the line's share of the discount, so the lines' amounts
--   add up to the order's `amount` (what was charged). `name` is the product's name when bought.
-- product_id and quantity keep the first line's, for readers written before lines.
-- promotion_code: the code as Stripe spells it; promotion_code_id (promo_…) and coupon_id count the
--   shop's redemptions against Stripe's max_redemptions (src/ledger/index.ts: openOrder).
-- discount_amount: what the code took off the order, in minor units (0 without a code).
ALTER TABLE orders ADD COLUMN lines TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(lines));
ALTER TABLE orders ADD COLUMN promotion_code TEXT;
ALTER TABLE orders ADD COLUMN promotion_code_id TEXT;
ALTER TABLE orders ADD COLUMN coupon_id TEXT;
ALTER TABLE orders ADD COLUMN discount_amount INTEGER NOT NULL DEFAULT 0 CHECK (discount_amount >= 0);

-- Orders from before carts had one product: one line each, at the price they were charged.
UPDATE orders SET lines = json_array(json_object(
  'product', product_id, 'quantity', quantity, 'unit_amount', amount / quantity, 'discount', 0,
  'amount', amount))
WHERE lines = '[]';

-- A code's (and a coupon's) redemptions are counted at every checkout that uses one.
CREATE INDEX orders_by_promotion_code ON orders (promotion_code_id, status)
  WHERE promotion_code_id IS NOT NULL;
CREATE INDEX orders_by_coupon ON orders (coupon_id, status) WHERE coupon_id IS NOT NULL;
