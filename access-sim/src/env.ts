/** Vars of the stand-in Worker (see wrangler.toml). */
export interface Env {
  /** The AUD tag of tokens whose request names none (the checkout's ACCESS_AUD). */
  ACCESS_AUD?: string;
}
