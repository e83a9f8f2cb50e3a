import { describe, expect, it } from 'vitest';
import { resolveAccessConfig } from './config';

const local = new URL('http://127.0.0.1:8787/admin');
const deployed = new URL('https://shop.example.com/admin');
const simulated = {
  STRIPE_SECRET_KEY: 'sk_test_abc',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_abc',
  STRIPE_API_BASE: 'http://127.0.0.1:12111',
};
const team = { ACCESS_TEAM_DOMAIN: 'myteam.cloudflareaccess.com', ACCESS_AUD: 'aud-tag' };

describe('resolveAccessConfig', () => {
  it('is off with neither variable, and misconfigured with one of them', () => {
    expect(resolveAccessConfig({}, deployed)).toMatchObject({ ok: false, reason: 'off' });
    expect(
      resolveAccessConfig({ ACCESS_TEAM_DOMAIN: ' ', ACCESS_AUD: '' }, deployed),
    ).toMatchObject({ ok: false, reason: 'off' });
    expect(resolveAccessConfig({ ACCESS_AUD: 'aud-tag' }, deployed)).toEqual({
      ok: false,
      reason: 'misconfigured',
      detail: 'ACCESS_TEAM_DOMAIN is not set (ACCESS_AUD is)',
    });
    expect(
      resolveAccessConfig({ ACCESS_TEAM_DOMAIN: 'myteam.cloudflareaccess.com' }, deployed),
    ).toMatchObject({ ok: false, reason: 'misconfigured', detail: /^ACCESS_AUD is not set/ });
  });

  it('takes a bare team domain or an https origin, and derives issuer and keys from it', () => {
    const expected = {
      ok: true,
      issuer: 'https://myteam.cloudflareaccess.com',
      certsUrl: 'https://myteam.cloudflareaccess.com/cdn-cgi/access/certs',
      audience: 'aud-tag',
      standIn: false,
    };
    expect(resolveAccessConfig(team, deployed)).toEqual(expected);
    for (const domain of [
      'https://myteam.cloudflareaccess.com',
      'https://myteam.cloudflareaccess.com/',
      ' MyTeam.CloudflareAccess.com ',
    ])
      expect(resolveAccessConfig({ ...team, ACCESS_TEAM_DOMAIN: domain }, deployed)).toEqual(
        expected,
      );
  });

  it('refuses what is not a bare domain, naming the variable', () => {
    for (const domain of [
      'https://myteam.cloudflareaccess.com/cdn-cgi/access/certs',
      'https://myteam.cloudflareaccess.com?x=1',
      'https://user@myteam.cloudflareaccess.com',
      'ftp://myteam.cloudflareaccess.com',
      'https://',
    ]) {
      const config = resolveAccessConfig({ ...team, ACCESS_TEAM_DOMAIN: domain }, deployed);
      expect(config, domain).toMatchObject({ ok: false, reason: 'misconfigured' });
      expect(config.ok || config.detail, domain).toMatch(/^ACCESS_TEAM_DOMAIN /);
    }
  });

  it('accepts plain http only for a loopback stand-in in simulated mode', () => {
    const standIn = { ...simulated, ...team, ACCESS_TEAM_DOMAIN: 'http://127.0.0.1:12112' };
    expect(resolveAccessConfig(standIn, local)).toEqual({
      ok: true,
      issuer: 'http://127.0.0.1:12112',
      certsUrl: 'http://127.0.0.1:12112/cdn-cgi/access/certs',
      audience: 'aud-tag',
      standIn: true,
    });
    const refused = {
      ok: false,
      reason: 'misconfigured',
      detail: expect.stringMatching(/^ACCESS_TEAM_DOMAIN uses plain http/),
    };
    // Deployed (the request is not loopback), whatever the variables say.
    expect(resolveAccessConfig(standIn, deployed)).toEqual(refused);
    // Not simulated mode: Stripe itself, or a live key.
    expect(resolveAccessConfig({ ...standIn, STRIPE_API_BASE: undefined }, local)).toEqual(refused);
    expect(
      resolveAccessConfig(
        { ...standIn, STRIPE_SECRET_KEY: 'sk_live_abc', STRIPE_PUBLISHABLE_KEY: 'pk_live_abc' },
        local,
      ),
    ).toEqual(refused);
    // A team that is not on this machine.
    expect(
      resolveAccessConfig({ ...standIn, ACCESS_TEAM_DOMAIN: 'http://myteam.example' }, local),
    ).toEqual(refused);
  });

  it('uses an https team as a real one, even in simulated mode (no stand-in sign-in)', () => {
    expect(resolveAccessConfig({ ...simulated, ...team }, local)).toMatchObject({
      ok: true,
      standIn: false,
    });
  });
});
