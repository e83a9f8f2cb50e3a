// The promotion code's form, a chunk of its own with its messages in every language, as Stripe's
// Checkout offers it: the page shows "Add promotion code" (a disclosure), and this chunk, loaded
// when the customer opens it or when the kept checkout holds a code, makes the field, Apply and
// Remove, and the note that explains a code. The discount's row and the price stay the page's:
// it sends the code in its quote (checkout.ts) and shows what the server answers.
import type { t as Messages } from './messages';
import type { Answer } from './order';
export { default as messages } from 'messages:promo';

/**
 * What checkout.ts lends the code's form (so that this chunk shares no code with its script).
 * Keys listed in scripts/build-client.mjs's PAGE_PRIVATE_PROPS are minified.
 */
export interface PromoPage {
  /** The code applied ('' for none), kept until the receipt. */
  saved: { code: string };
  /** Prices the cart with a code ('' removes it). */
  requote: (code: string) => unknown;
  el: <E = HTMLElement>(tag: string, properties?: object) => E;
  t: typeof Messages;
}

/** The form's views, as the quote changes. */
export interface PromoForm {
  /** The field and its button for the code applied (read-only, Remove) or none (Apply). */
  show: () => void;
  /** The server's answer to a quote that sent `code`: its refusal, or the discount it gives. */
  quoted: (answer: Answer, code: string) => void;
}

/**
 * Makes the code's form after the disclosure's button, open; the button then closes and opens it
 * (its field focused when opened).
 */
export function promoForm(page: PromoPage, button: HTMLButtonElement): PromoForm {
  const { el, t, saved } = page;
  // Its own form, so that Enter in the field applies the code and never pays.
  const form = el<HTMLFormElement>('form');
  const input = el<HTMLInputElement>('input', {
    id: 'code',
    autocomplete: 'off',
    value: saved.code,
  });
  const apply = el('button', { id: 'apply' });
  // A live region that takes no room until it says something.
  const note = el('div', { id: 'code-note', ariaLive: 'polite' });
  input.setAttribute('aria-describedby', note.id);
  const row = el('div', { className: 'row' });
  row.append(input, apply);
  form.append(el('label', { htmlFor: input.id, textContent: t('page.code') }), row, note);
  button.after(form);
  // Apply (or Enter in the field) and Remove.
  form.onsubmit = (event) => {
    event.preventDefault();
    const code = saved.code ? '' : input.value.trim();
    if (saved.code) input.value = note.textContent = '';
    if (code || saved.code) page.requote(code);
  };
  // The disclosure: open (the field focused) and closed again; a code applied stays applied.
  const open = (expanded: boolean) => {
    button.ariaExpanded = String(expanded);
    form.hidden = !expanded;
  };
  button.onclick = () => {
    open(form.hidden);
    if (!form.hidden) input.focus();
  };
  const view: PromoForm = {
    show() {
      input.readOnly = !!saved.code;
      apply.textContent = t(saved.code ? 'remove' : 'apply');
    },
    quoted({ error, discount }, code) {
      const refused = error?.param === 'promotion_code';
      input.ariaInvalid = String(refused);
      if (!refused && (error || !code)) return;
      note.textContent = refused ? error!.message : discount!.description;
      // A refusal in the red of the page's other refusals (cart.css); a discount's words plain.
      note.className = refused ? 'bad' : '';
    },
  };
  view.show();
  open(true);
  return view;
}
