import { Hono } from 'hono';
import type { SimEnv } from '../context';
import { PAGE_CSS, PAGE_HEADERS } from '../pages/layout';
import { messagePage } from '../pages/three-d-secure';
import { receiptPage } from '../pages/receipt';

/** The simulator's own pages besides 3-D Secure: receipts (a charge's receipt_url) and their stylesheet. */
export const pages = new Hono<SimEnv>()
  .get('/assets/page.css', (c) =>
    c.body(PAGE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  )
  .get('/receipts/:id', (c) => {
    const charge = c.var.sim.store.get('charge', c.req.param('id'));
    if (!charge)
      return c.html(
        messagePage('Receipt not found', 'There is no charge with this id.'),
        404,
        PAGE_HEADERS,
      );
    return c.html(receiptPage(charge), 200, PAGE_HEADERS);
  });
