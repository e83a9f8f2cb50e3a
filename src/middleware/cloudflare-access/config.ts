/**
 * Cloudflare Access configuration: which team signs the tokens and for which application.
 *
 * ACCESS_TEAM_DOMAIN is the team domain (`myteam.cloudflareaccess.com`, with or without
 * `https://`); ACCESS_AUD is the Application Audience (AUD) tag of the Access application. Both
 * unset: the console is off. Anything missing, malformed or unsafe refuses with a reason for the
 * log, which names the variable, never its value. Plain http is accepted only for the local
 * stand-in (access-sim/) in simulated mode, where the request itself arrives on a loopback address.
 */
// .js: bench/same-io type-checks this folder with Node's module resolution.
import { isLoopback, readVar, resolvePaymentConfig } from '../../config/index.js';

export interface AccessConfig {
  ok: true;
  /** The team domain as an origin: the tokens' `iss`, and where its keys are served. */
  issuer: string;
  /** The JSON Web Key Set of the team: `<issuer>/cdn-cgi/access/certs`. */
  certsUrl: string;
  /** ACCESS_AUD: every token's `aud` must include it. */
  audience: string;
  /**
   * The team is the local stand-in (loopback, simulated mode): browsers without a token are sent
   * to its sign-in page, and /cdn-cgi/access/authorized sets the cookie, as Access's edge would.
   */
  standIn: boolean;
}

interface AccessConfigError {
  ok: false;
  /** `off`: neither variable is set. `misconfigured`: set, but unusable or unsafe here. */
  reason: 'off' | 'misconfigured';
  /** For the operator's log (names a variable, never a value). */
  detail: string;
}

/**
 * Decides the Access configuration for one request. Pure: reads `env` and the request URL only.
 * @param requestUrl the URL the admin reached; plain http needs simulated mode (loopback).
 */
export function resolveAccessConfig(
  env: object,
  requestUrl: URL,
): AccessConfig | AccessConfigError {
  const teamDomain = readVar(env, 'ACCESS_TEAM_DOMAIN');
  const audience = readVar(env, 'ACCESS_AUD');
  const refuse = (detail: string): AccessConfigError => ({
    ok: false,
    reason: 'misconfigured',
    detail,
  });
  if (!teamDomain && !audience)
    return { ok: false, reason: 'off', detail: 'ACCESS_TEAM_DOMAIN and ACCESS_AUD are not set' };
  if (!teamDomain) return refuse('ACCESS_TEAM_DOMAIN is not set (ACCESS_AUD is)');
  if (!audience) return refuse('ACCESS_AUD is not set (ACCESS_TEAM_DOMAIN is)');

  let team: URL;
  try {
    team = new URL(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(teamDomain) ? teamDomain : `https://${teamDomain}`,
    );
  } catch {
    return refuse('ACCESS_TEAM_DOMAIN is not a domain such as myteam.cloudflareaccess.com');
  }
  if (
    (team.protocol !== 'https:' && team.protocol !== 'http:') ||
    team.pathname !== '/' ||
    team.search ||
    team.hash ||
    team.username ||
    team.password
  )
    return refuse(
      'ACCESS_TEAM_DOMAIN must be a bare team domain such as myteam.cloudflareaccess.com',
    );

  let standIn = false;
  if (team.protocol === 'http:') {
    const payment = resolvePaymentConfig(env, requestUrl);
    standIn = isLoopback(team.hostname) && payment.ok && payment.mode === 'simulated';
    if (!standIn)
      return refuse(
        'ACCESS_TEAM_DOMAIN uses plain http, which is accepted only for the local Access stand-in ' +
          'in simulated mode',
      );
  }
  return {
    ok: true,
    issuer: team.origin,
    certsUrl: `${team.origin}/cdn-cgi/access/certs`,
    audience,
    standIn,
  };
}
