/** Keyboard-only navigation: where the focus is, and a Tab that must land, visibly, on a control. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The focused element: its accessible label and whether a focus indicator is drawn around it. */
export function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { name: '(nothing)', visible: false };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const labels = (el as HTMLInputElement).labels;
    const name =
      (labels && labels[0]?.textContent) ||
      el.getAttribute('aria-label') ||
      el.textContent ||
      el.tagName;
    return { name: name.trim(), visible: el.matches(':focus-visible') && outline };
  });
}

/** Presses Tab (or Shift+Tab) and expects focus, visibly, on the control named `name`. */
export async function tabTo(page: Page, name: string | RegExp, key = 'Tab') {
  await page.keyboard.press(key);
  const now = await focused(page);
  expect(now.name).toMatch(name);
  expect(now.visible, `visible focus on ${now.name}`).toBe(true);
}

/** Tabs to each control in turn, visibly focused, typing its text where one is given. */
export async function tabThrough(page: Page, stops: [name: string | RegExp, text?: string][]) {
  for (const [name, text] of stops) {
    await tabTo(page, name);
    if (text !== undefined) await page.keyboard.type(text);
  }
}
