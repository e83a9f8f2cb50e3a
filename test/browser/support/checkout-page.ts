/**
 * One customer in Chromium: a fresh browser context per test, with everything the tests assert on
 * besides the screen: the page's POST /charge requests, console errors, uncaught errors and
 * Content-Security-Policy violations on every page the customer visits.
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
  type Request,
} from 'playwright-core';
import { afterAll, beforeAll, expect, inject, onTestFinished } from 'vitest';
import { CHROMIUM_ARGS } from './chromium.ts';

export const CHROMIUM = inject('chromium');
export const CHECKOUT = inject('checkout');
export const SIM = inject('sim');

export const DESKTOP = { viewport: { width: 1280, height: 800 } } satisfies BrowserContextOptions;
export const PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} satisfies BrowserContextOptions;

/** A card expiry two years ahead, as typed (the form formats it as "MM / YY"). */
const nextYear = (new Date().getFullYear() + 2) % 100;
export const FUTURE_EXPIRY = `12${String(nextYear).padStart(2, '0')}`;

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM!, args: CHROMIUM_ARGS });
}

/** One Chromium for the enclosing describe block: launched before its tests, closed after. */
export function useChromium(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('Chromium is not running (use it inside a test)');
      return browser;
    },
  };
}

/** Client IPs from the IPv6 documentation prefix: one per customer, another range per test file. */
const ipRange = Math.floor(Math.random() * 0xffff).toString(16);
let customers = 0;

export interface Customer {
  context: BrowserContext;
  page: Page;
  /** The page's POST /charge requests, in order. */
  charges: Request[];
  /** Console errors, uncaught errors and CSP violations, on any page of this customer. */
  problems: string[];
  /** The checkout_id the page sent with its last POST /charge. */
  checkoutId(): string;
}

/**
 * A new customer (browser context and page). When the test finishes, its pages must not have
 * logged any console error, thrown, or violated the Content-Security-Policy.
 * Each customer comes from its own client network (CF-Connecting-IP, as Cloudflare sets it, in an
 * IPv6 /64 of its own), so that the per-network card-testing limits count customers, not the suite.
 */
export async function newCustomer(
  browser: Browser,
  options: BrowserContextOptions = DESKTOP,
): Promise<Customer> {
  const context = await browser.newContext({ ...options, baseURL: CHECKOUT });
  const ip = `2001:db8:${ipRange}:${(++customers).toString(16)}::1`;
  await context.route(`${CHECKOUT}/charge`, (route) =>
    route.continue({ headers: { ...route.request().headers(), 'cf-connecting-ip': ip } }),
  );

  const problems: string[] = [];
  // Runs before any script of every page (also the simulator's): Playwright injects it outside the CSP.
  // Violations by code the test itself evaluated (axe-core reading a cross-origin stylesheet through
  // an injected <style>) have no source file, and are not the page's.
  await context.exposeBinding(
    '__reportCspViolation',
    ({ page }, text: string) => void problems.push(`CSP violation on ${page.url()}: ${text}`),
  );
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      if (!event.sourceFile && (window as unknown as { __axeInjected?: boolean }).__axeInjected)
        return;
      const report = (window as unknown as { __reportCspViolation(text: string): void })
        .__reportCspViolation;
      report(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });

  const charges: Request[] = [];
  const watch = (page: Page) => {
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url() === `${CHECKOUT}/charge`)
        charges.push(request);
    });
    page.on(
      'pageerror',
      (error) => void problems.push(`Uncaught error on ${page.url()}: ${error.message}`),
    );
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // Chromium logs every 4xx answer; a 402 from POST /charge is the checkout's documented answer
      // to a declined card, which the page shows the customer.
      if (
        /^Failed to load resource: the server responded with a status of 402\b/.test(
          message.text(),
        ) &&
        message.location().url === `${CHECKOUT}/charge`
      )
        return;
      // The console line of a violation by test-evaluated code (see above); the event itself is checked.
      if (/^Applying inline style violates/.test(message.text()) && message.location().url === '')
        return;
      problems.push(
        `Console error on ${page.url()}: ${message.text()} (${message.location().url})`,
      );
    });
  };
  context.on('page', watch);
  const page = await context.newPage();

  // Also after the test's own checks: nothing logged until the very end either.
  onTestFinished(async () => {
    await context.close();
    expect(problems, 'console errors, page errors or CSP violations').toEqual([]);
  });
  return {
    context,
    page,
    charges,
    problems,
    checkoutId() {
      const last = charges.at(-1);
      if (!last) throw new Error('the page has not sent POST /charge');
      return (JSON.parse(last.postData() ?? '{}') as { checkout_id: string }).checkout_id;
    },
  };
}

/** No console error, uncaught error or CSP violation so far. */
export function expectCleanConsole(customer: Customer) {
  expect(customer.problems, 'console errors, page errors or CSP violations').toEqual([]);
}

/** Opens the Checkout page and waits until the payment form is ready and the Pay button enabled. */
export async function openCheckout(page: Page, path = '/') {
  await page.goto(path);
  await expect.poll(() => page.locator('#pay').isEnabled(), { timeout: 20_000 }).toBe(true);
  await page.getByLabel('Card number').waitFor();
}

export interface Card {
  number: string;
  expiry?: string;
  cvc?: string;
}

/** Types the email and card details the way a customer does (the form formats as they type). */
export async function fillCheckout(page: Page, card: Card, email = 'jane.doe@example.com') {
  await page.getByLabel('Email for your receipt').fill(email);
  await fillCard(page, card);
}

export async function fillCard(page: Page, { number, expiry = FUTURE_EXPIRY, cvc = '123' }: Card) {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiration date').fill(expiry);
  await page.getByLabel('Security code').fill(cvc);
}

/** The Pay button. */
export const payButton = (page: Page) => page.locator('#pay');

/** The page's aria-live (role=alert) region for payment messages. */
export const paymentMessage = (page: Page) => page.locator('#message');

/** Waits for the thank-you page and returns its main text. */
export async function thankYouText(page: Page): Promise<string> {
  await page.waitForURL(/\/thank-you\?/, { timeout: 30_000 });
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page.locator('main').innerText();
}
