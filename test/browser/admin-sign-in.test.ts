/**
 * Signing in to /admin through the local Cloudflare Access stand-in, in Chromium: a page request
 * without a cookie goes to the stand-in's sign-in page (accessible: axe, labels, errors tied to
 * their field), and comes back signed in with the CF_Authorization cookie of the checkout.
 */
import { axeViolations } from './support/axe.ts';
import { CHECKOUT, CHROMIUM } from './support/checkout-page.ts';
import { describe, expect, test } from './support/fixtures.ts';

describe.skipIf(!CHROMIUM)('signing in to /admin (local Access stand-in)', () => {
  test('goes to the sign-in page and back to the page asked for, with the cookie', async ({
    customer,
  }) => {
    const { context, page } = customer;
    await page.goto(`${CHECKOUT}/admin/api/session`);
    const signIn = new URL(page.url());
    expect(signIn.pathname).toBe('/cdn-cgi/access/login');
    expect(signIn.searchParams.get('redirect_url')).toBe(`${CHECKOUT}/admin/api/session`);
    expect(await page.title()).toBe('Sign in · Cloudflare Access (local stand-in)');
    expect(await axeViolations(page)).toEqual([]);

    // An address the browser accepts but the stand-in does not: the error is tied to its field.
    const email = page.getByLabel('Email', { exact: true });
    await email.fill('grace@localhost');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#email-error').innerText()).toMatch(/^Enter an email address/);
    expect(await email.getAttribute('aria-describedby')).toBe('email-error');
    expect(await axeViolations(page)).toEqual([]);
    // Chromium logs the form's 400 answer, which is the one expected here (and nothing else).
    expect(customer.problems.splice(0)).toEqual([
      expect.stringMatching(
        /status of 400 \(Bad Request\) \(http:[^)]*\/cdn-cgi\/access\/login\)$/,
      ),
    ]);

    await email.fill('grace@shop.example');
    await email.press('Enter');
    await page.waitForURL(`${CHECKOUT}/admin/api/session`);
    expect(JSON.parse(await page.locator('body').innerText())).toEqual({
      email: 'grace@shop.example',
    });
    const [cookie] = await context.cookies(`${CHECKOUT}/admin`);
    expect(cookie).toMatchObject({
      name: 'CF_Authorization',
      path: '/admin',
      httpOnly: true,
      sameSite: 'Lax',
    });
    // Only /admin gets it: the shop's own pages never carry the admin's token.
    expect(await context.cookies(`${CHECKOUT}/`)).toEqual([]);
  });
});
