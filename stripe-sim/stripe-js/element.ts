import { applyTheme, loadStylesheet } from './dom';

type Handler = (event: unknown) => void;

/**
 * What every simulated Element shares: its fieldset, its event handlers (`on`/`off`), mounting
 * (ready once styled, so that nothing shifts after the page reveals it) and its theme.
 */
export abstract class SimElement {
  abstract readonly node: HTMLFieldSetElement;
  private handlers: Record<string, Handler[]> = {};

  constructor(private readonly elementType: string) {}

  protected emit(event: string, payload: unknown): void {
    for (const handler of this.handlers[event] ?? []) handler(payload);
  }

  /** The "night" theme is dark; any other is the light default (as Stripe's "stripe" theme). */
  setTheme(theme: unknown): void {
    applyTheme(this.node, theme);
  }

  mount(target: string | Element): this {
    const container = typeof target === 'string' ? document.querySelector(target) : target;
    if (!container) throw new Error(`stripe-sim: mount() target not found: ${String(target)}`);
    container.appendChild(this.node);
    void loadStylesheet().then(() => this.emit('ready', { elementType: this.elementType }));
    return this;
  }

  unmount(): void {
    this.node.remove();
  }

  destroy(): void {
    this.unmount();
    this.handlers = {};
  }

  on(event: string, handler: Handler): this {
    (this.handlers[event] ??= []).push(handler);
    return this;
  }

  off(event: string, handler: Handler): this {
    this.handlers[event] = (this.handlers[event] ?? []).filter((h) => h !== handler);
    return this;
  }
}
