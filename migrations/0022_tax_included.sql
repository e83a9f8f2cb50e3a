-- tax_included: the tax already inside the order's prices (products with taxBehavior 'inclusive'),
-- in minor units; tax_amount stays what was added on top of them (amount = lines' amounts +
-- shipping + tax_amount). The receipt says "Includes tax" under the total with it.
ALTER TABLE orders ADD COLUMN tax_included INTEGER NOT NULL DEFAULT 0 CHECK (tax_included >= 0);
-- Hosted orders recorded before kept Stripe's total_details.amount_tax, which counts inclusive tax
-- too: what their rows do not add up to was inside the prices. (SET reads the row as it was.)
UPDATE orders
SET tax_amount = amount - shipping_amount
      - (SELECT COALESCE(SUM(json_extract(value, '$.amount')), 0) FROM json_each(orders.lines)),
    tax_included = tax_amount - (amount - shipping_amount
      - (SELECT COALESCE(SUM(json_extract(value, '$.amount')), 0) FROM json_each(orders.lines)))
WHERE hosted = 1
  AND amount - shipping_amount
      - (SELECT COALESCE(SUM(json_extract(value, '$.amount')), 0) FROM json_each(orders.lines))
      BETWEEN 0 AND tax_amount - 1;
