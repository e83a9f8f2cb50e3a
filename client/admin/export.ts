// The console's CSV export (POST /admin/api/orders.csv): a large ledger comes in parts of at most
// 300 orders, each naming the next in its Link header (rel="next"), so that no request of the
// Worker outgrows its limits. This follows them and saves one file, with the header once, and
// the UTF-8 byte order mark once, at its start (each part has its own: Excel needs it).
import { NO_REDIRECT, SIGNED_OUT } from './api';
import { $, el } from './dom';

const NEXT = /<([^>]+)>;\s*rel="next"/;
const BOM = '\uFEFF';
const FILENAME = /filename="([^"]+)"/;

/** One part: its text, its file name, and the next part's address (null: the last). */
async function fetchPart(
  path: string,
): Promise<{ text: string; name: string | null; next: string | null }> {
  // A POST, like every write of the console (it records who exported): from another site, the
  // browser names that site in Origin, and the shop refuses it.
  const response = await fetch(path, { method: 'POST', ...NO_REDIRECT });
  if (response.type === 'opaqueredirect') throw new Error(SIGNED_OUT);
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message ?? `The shop answered ${response.status}.`);
  }
  return {
    // text() drops a leading BOM already; said here too, so that no part brings one along.
    text: (await response.text()).replace(/^\uFEFF/, ''),
    name: FILENAME.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? null,
    next: NEXT.exec(response.headers.get('link') ?? '')?.[1] ?? null,
  };
}

/** Saves `parts` as one file named `name`, as a download. */
function save(parts: string[], name: string): void {
  const blob = new Blob([BOM, ...parts], { type: 'text/csv' });
  const link = el('a', { href: URL.createObjectURL(blob) });
  link.download = name;
  link.click();
  // The download has its copy once it started; the URL is let go a minute on.
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/** Makes the export form download every part of what it asks for as one file. */
export function setUpExport(): void {
  const form = $<HTMLFormElement>('export');
  const button = form.querySelector('button')!;
  const status = el('p', { role: 'status' });
  form.after(status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(form))
      if (typeof value === 'string' && value) query.set(name, value);
    // Unavailable while it runs, not `disabled`: that would hide the button (checkout.css) and
    // drop a keyboard user's focus to the page's start, as list.ts says for Show more.
    if (button.hasAttribute('aria-disabled')) return;
    void (async () => {
      button.setAttribute('aria-disabled', 'true');
      const parts: string[] = [];
      let name = 'orders.csv';
      try {
        let path: string | null = `${form.getAttribute('action')}?${query}`;
        while (path) {
          status.textContent = `Downloading… ${parts.length ? `(part ${parts.length + 1})` : ''}`;
          const part = await fetchPart(path);
          // Every part starts with the header: the file keeps the first part's.
          parts.push(parts.length ? part.text.slice(part.text.indexOf('\r\n') + 2) : part.text);
          name = part.name ?? name;
          path = part.next;
        }
        save(parts, name);
        status.textContent = 'Downloaded.';
      } catch (error) {
        // fetch's own TypeError: no answer at all; else the shop's refusal, in its words.
        const why =
          error instanceof Error && !(error instanceof TypeError)
            ? error.message
            : 'The console could not reach the shop.';
        status.textContent = `The export stopped, and nothing was saved. ${why}`;
      } finally {
        button.removeAttribute('aria-disabled');
      }
    })();
  });
}
