// The receipt of a payment still being confirmed (src/receipt/view.ts), its own small script: it
// asks the shop for the same page every few seconds, a bounded number of times, instead of the
// page reloading itself (which restarts a screen reader: WCAG 2.2.1). The page is shown again only
// once its outcome has changed. When the checks stop, the status (a polite live region) says so
// and "Check again" appears: a link to the same address, which is the page's way without it.

/** Seconds between two checks, and how many: about a minute in all. */
const EVERY_MS = 5_000;
const CHECKS = 12;

const link = document.getElementById('check-again') as HTMLAnchorElement | null;
const region = document.querySelector<HTMLElement>('[role="status"]');

/** Whether the page at this address is still being confirmed (no answer: nothing new to show). */
async function stillOpen(): Promise<boolean> {
  try {
    const response = await fetch(location.href, { cache: 'no-store' });
    return !response.ok || (await response.text()).includes('id="check-again"');
  } catch {
    return true;
  }
}

async function recheck(left: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
  if (!(await stillOpen())) return location.reload();
  if (left > 1) return recheck(left - 1);
  region!.append(` ${link!.dataset.stopped}`);
  link!.hidden = false;
}

if (link && region) {
  link.hidden = true;
  void recheck(CHECKS);
}

export {}; // a module: its names are its own
