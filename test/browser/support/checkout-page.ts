/**
 * One customer in Chromium: a fresh browser context per test, with everything the tests assert on
 * besides the screen: the page's POST /charge requests, console errors, uncaught errors and
 * Content-Security-Policy violations on every page the customer visits. How a customer drives the
 * page (page.mjs) is re-exported here; tests get their customer from the fixtures (fixtures.ts).
 */
import type {
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Page,
  Request,
} from 'playwright-core';
import { inject } from 'vitest';
import { DESKTOP, payButton } from './page.mjs';

export {
  DESKTOP,
  cartTotal,
  checkoutReady,
  FUTURE_EXPIRY,
  fields,
  PHONE,
  fillCard,
  fillCheckout,
  openCheckout,
  openPromotionCode,
  payButton,
  paymentMessage,
  quantity,
  thankYouText,
} from './page.mjs';

export const CHROMIUM = inject('chromium');
export const CHECKOUT = inject('checkout');
export const SIM = inject('sim');

/**
 * Presses Pay for a card that needs 3-D Secure, and waits for the bank's page (the simulator's
 * challenge) to be ready.
 */
export async function payToTheBank(page: Page): Promise<void> {
  await payButton(page).click();
  await page.waitForURL(`${SIM}/_sim/3ds/**`, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Complete authentication' }).waitFor();
}

/**
 * Whether a URL is one of these paths of the shop, whatever its query (the page's requests say its
 * language: /config, /quote and /charge with `?lang=`). A route's matcher too.
 */
export const shopPath =
  (...paths: string[]) =>
  (url: string | URL): boolean => {
    const parsed = URL.canParse(url) ? new URL(url) : undefined; // a console line may have none
    return parsed?.origin === CHECKOUT && paths.includes(parsed.pathname);
  };

/** Client IPs from the IPv6 documentation prefix: one per customer, another range per test file. */
const ipRange = Math.floor(Math.random() * 0xffff).toString(16);

/** The hosts of this machine, where the checkout and the simulators answer. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
let customers = 0;

export interface Customer {
  context: BrowserContext;
  page: Page;
  /** The page's POST /charge requests, in order (a page's, or a reload's). */
  charges: Request[];
  /** Console errors, uncaught errors and CSP violations, on any page of this customer. */
  problems: string[];
  /**
   * Says that a console error is expected (Chromium logs the 404 of a not-found page, say): the
   * problems matching it are not this customer's problems.
   */
  expectConsoleError(pattern: RegExp): void;
  /** The problems nobody expected. */
  unexpectedProblems(): string[];
  /** The checkout_id the page sent with its last POST /charge. */
  checkoutId(): string;
}

/**
 * A new customer (browser context and page); its caller closes `context` (the fixtures do, and
 * then expect no unexpected problem).
 * Each customer comes from its own client network (CF-Connecting-IP, as Cloudflare sets it, in an
 * IPv6 /64 of its own), so that the per-network card-testing limits count customers, not the suite.
 */
export async function createCustomer(
  browser: Browser,
  options: BrowserContextOptions = DESKTOP,
): Promise<Customer> {
  const context = await browser.newContext({ ...options, baseURL: CHECKOUT });
  const ip = `2001:db8:${ipRange}:${(++customers).toString(16)}::1`;
  await context.route(shopPath('/charge', '/quote'), (route) =>
    route.continue({ headers: { ...route.request().headers(), 'cf-connecting-ip': ip } }),
  );

  const problems: string[] = [];
  // Everything stays on this machine (the checkout and the simulators): a request to any other
  // host (js.stripe.com, Turnstile's, a font) is this customer's problem, and never sent. A test's
  // own route for such a host, added later, is asked first.
  await context.route(
    (url) => !LOOPBACK.has(url.hostname),
    (route) => {
      problems.push(`Unexpected request off this machine: ${route.request().url()}`);
      return route.abort('blockedbyclient');
    },
  );
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
      if (request.method() === 'POST' && shopPath('/charge')(request.url())) charges.push(request);
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
        shopPath('/charge')(message.location().url)
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

  const expected: RegExp[] = [];
  return {
    context,
    page,
    charges,
    problems,
    expectConsoleError: (pattern) => void expected.push(pattern),
    unexpectedProblems: () =>
      problems.filter((problem) => !expected.some((pattern) => pattern.test(problem))),
    checkoutId() {
      const last = charges.at(-1);
      if (!last) throw new Error('the page has not sent POST /charge');
      return (JSON.parse(last.postData() ?? '{}') as { checkout_id: string }).checkout_id;
    },
  };
}
