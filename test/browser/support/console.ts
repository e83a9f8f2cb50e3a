/**
 * The merchant's console as an admin reaches it: /admin, the local Access stand-in's sign-in page
 * (access-sim/, which scripts/local-stack.mjs runs), and back to the console, signed in.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHECKOUT } from './checkout-page.ts';

/** The admin the console tests sign in as (the stand-in lets any email in). */
export const ADMIN = 'grace@shop.example';

/**
 * Signs in to the console on `page`: the stand-in's sign-in, then the console, which names them.
 * `checkout`: the shop's origin (a file's own stack), else the suite's.
 */
export async function signInToConsole(
  page: Page,
  email = ADMIN,
  checkout = CHECKOUT,
): Promise<void> {
  await page.goto(`${checkout}/admin`);
  expect(new URL(page.url()).pathname).toBe('/cdn-cgi/access/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${checkout}/admin`);
  await expect.poll(() => page.locator('#who').innerText()).toBe(email);
}
