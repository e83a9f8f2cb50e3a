/** DOM helpers: the simulated Stripe.js builds its markup with createElement/textContent only. */

/** The simulator the script was loaded from: it calls the API there, never Stripe. */
export const SIMULATOR = new URL(
  document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : location.href,
).origin;

let uid = 0;

/** A page-unique id prefix for the elements one form or dialog creates. */
export const nextId = () => `stripe-sim-${++uid}`;

/** An element with these attributes and text. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

/** Marks a form or dialog dark for `appearance.theme` "night", light for any other. */
export function applyTheme(node: HTMLElement, theme: unknown): void {
  node.classList.toggle('stripe-sim-night', theme === 'night');
}

let stylesheet: Promise<void> | undefined;

/** Links the form's stylesheet once; resolves when it has loaded (or failed), so 'ready' means styled. */
export function loadStylesheet(): Promise<void> {
  stylesheet ??= new Promise((resolve) => {
    const link = el('link', {
      rel: 'stylesheet',
      href: `${SIMULATOR}/v3/stripe-sim.css`,
      'data-stripe-sim': '',
    });
    link.onload = link.onerror = () => resolve();
    document.head.appendChild(link);
  });
  return stylesheet;
}

/** One labelled input with its hint and its error message, linked by aria-describedby. */
export interface Field {
  wrapper: HTMLDivElement;
  input: HTMLInputElement;
  hint: HTMLParagraphElement;
  error: HTMLParagraphElement;
}

export function field(
  id: string,
  label: string,
  attributes: Record<string, string>,
  hint: string,
): Field {
  const wrapper = el('div', { class: 'stripe-sim-field' });
  const input = el('input', {
    id,
    type: 'text',
    inputmode: 'numeric',
    spellcheck: 'false',
    'aria-invalid': 'false',
    ...attributes,
  });
  const hintNode = el('p', { id: `${id}-hint`, class: 'stripe-sim-hint' }, hint);
  const error = el('p', { id: `${id}-error`, class: 'stripe-sim-error' });
  input.setAttribute('aria-describedby', `${hintNode.id} ${error.id}`);
  wrapper.append(el('label', { for: id }, label), input, hintNode, error);
  return { wrapper, input, hint: hintNode, error };
}
