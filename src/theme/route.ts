/**
 * GET /theme.css: the theme's colours for the shop's accent (./stylesheet.ts). The link pages use
 * carries the current version, which a browser may keep for good; any other is revalidated.
 */
import { Hono } from 'hono/tiny';
import { KEPT_FOR_GOOD } from '../assets/version';
import type { AppEnv } from '../types';
import { theme } from './stylesheet';

export const themeRoute = new Hono<AppEnv>().get('/', function themeHandler(c) {
  const { css, version } = theme();
  // This version's link can be kept for good; an old or missing version is revalidated.
  const cache = c.req.query('v') === version ? KEPT_FOR_GOOD : 'no-cache';
  return c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': cache });
});
