import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/**
 * Labelled form controls for the simulator's pages: each has a visible label tied to it, a hint and
 * an error tied by `aria-describedby`, `aria-invalid` while it is wrong, and `autocomplete` so that
 * browsers can fill it in.
 */

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;
/** Messages by field name. */
type Errors = Readonly<Record<string, string>>;

/** The id of a field's control (its error is `<id>-error`, its hint `<id>-hint`). */
export const fieldId = (name: string) => `field-${name}`;

/** `aria-describedby` (hint, error) and `aria-invalid`; a group (fieldset) gets no `aria-invalid`. */
export function described(name: string, errors: Errors, hint?: string, group = false): Html {
  const id = fieldId(name);
  const ids = [hint && `${id}-hint`, errors[name] && `${id}-error`].filter(Boolean).join(' ');
  const invalid = Boolean(errors[name]) && !group;
  return html`${ids ? html` aria-describedby="${ids}"` : ''}${invalid ? html` aria-invalid="true"` : ''}`;
}

/** A field's error message, if it has one. */
export const fieldError = (name: string, errors: Errors): Html | '' =>
  errors[name] ? html`<p class="field-error" id="${fieldId(name)}-error">${errors[name]}</p>` : '';

const attribute = (name: string, value: string | undefined) =>
  value ? html` ${name}="${value}"` : '';

interface FieldOptions {
  name: string;
  label: string;
  errors: Errors;
  value?: string | null | undefined;
  type?: 'text' | 'email' | 'tel';
  autocomplete?: string;
  inputmode?: 'numeric';
  /** Not required: marked "(optional)", or `unmarked` when only some answers need it. */
  optional?: boolean | 'unmarked';
  readonly?: boolean;
  placeholder?: string;
  hint?: string;
}

/** "(optional)" after the label of a field that is not required. */
const optionalMarker = (optional: unknown) =>
  optional === true ? html` <span class="optional">(optional)</span>` : '';

/** A text input with its label, hint and error. */
export function field(o: FieldOptions): Html {
  const id = fieldId(o.name);
  const marker = optionalMarker(o.optional);
  const flags = html`${o.optional ? '' : html` required`}${o.readonly ? html` readonly` : ''}`;
  return html`<label for="${id}">${o.label}${marker}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    <input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${attribute(
      'autocomplete',
      o.autocomplete,
    )}${attribute('inputmode', o.inputmode)}${attribute('placeholder', o.placeholder)}${flags}${described(
      o.name,
      o.errors,
      o.hint,
    )} />
    ${fieldError(o.name, o.errors)}`;
}

interface SelectOptions {
  name: string;
  label: string;
  errors: Errors;
  options: ReadonlyArray<{ value: string; label: string }>;
  value?: string | null | undefined;
  /** The first, empty choice ("Choose a country"); none when there is only one option. */
  prompt?: string;
  autocomplete?: string;
  optional?: boolean;
}

/** A select with its label and error. */
export function select(o: SelectOptions): Html {
  const id = fieldId(o.name);
  const value = o.value || (o.options.length === 1 ? o.options[0]?.value : '');
  const prompt =
    o.prompt && o.options.length > 1 ? html`<option value="">${o.prompt}</option>` : '';
  return html`<label for="${id}">${o.label}${optionalMarker(o.optional)}</label>
    <select id="${id}" name="${o.name}"${attribute('autocomplete', o.autocomplete)}${
      o.optional ? '' : html` required`
    }${described(o.name, o.errors)}>
      ${prompt}
      ${o.options.map(
        (option) =>
          html`<option value="${option.value}"${option.value === value ? html` selected` : ''}>${
            option.label
          }</option>`,
      )}
    </select>
    ${fieldError(o.name, o.errors)}`;
}

/** A radio button or checkbox inside its label, so that the whole line (44 px) is the target. */
export function choice(
  type: 'radio' | 'checkbox',
  name: string,
  value: string,
  label: string,
  { checked = false, required = false, errors = {} as Errors } = {},
): Html {
  return html`<label class="choice"><input type="${type}" name="${name}" value="${value}"${
    checked ? html` checked` : ''
  }${required ? html` required` : ''}${type === 'checkbox' ? described(name, errors) : ''} /> ${label}</label>`;
}
