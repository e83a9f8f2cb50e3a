// Cloudflare Turnstile's challenge, a chunk of its own: shown only once the shop asks for it (after
// a decline from this network). Its token travels in the payment form (cf-turnstile-response).

/**
 * Shows the challenge before `pay` (once), with Turnstile's script loaded by `load`. Rejects when
 * the script does not arrive: the empty widget goes, so that the next Pay the shop refuses for
 * want of a check shows it again and loads the script anew.
 */
export async function challenge(
  pay: HTMLButtonElement,
  siteKey: string,
  load: (src: string) => unknown,
) {
  if (pay.form?.querySelector('.cf-turnstile')) return;
  const widget = Object.assign(document.createElement('div'), { className: 'cf-turnstile' });
  widget.dataset.sitekey = siteKey;
  // The page's language, not the browser's (Turnstile's default): its catalogue's ("de" for de-CH).
  widget.dataset.language = document.documentElement.lang.split('-')[0]!.toLowerCase();
  pay.before(widget);
  try {
    await load('https://challenges.cloudflare.com/turnstile/v0/api.js');
  } catch (error) {
    widget.remove();
    throw error;
  }
}
