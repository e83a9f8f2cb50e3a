/** GET /admin/api/session: who is signed in, for the console page to show. */
import { Hono } from 'hono/tiny';
import type { AppEnv } from '../types';

export const session = new Hono<AppEnv>().get('/', function sessionHandler(c) {
  return c.json({ email: c.get('adminEmail') });
});
