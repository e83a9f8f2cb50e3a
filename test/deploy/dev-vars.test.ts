import { describe, expect, it } from 'vitest';
import { localStandIns, readDotenv } from '../../scripts/dev-vars.mjs';

describe('npm run dev: which stand-ins .dev.vars asks for', () => {
  it('reads .dev.vars as dotenv: quotes, export, comments', () => {
    expect(
      readDotenv(
        [
          '# a comment',
          'A=plain # trailing comment',
          'export B="quoted # not a comment"',
          "C='single'",
          '# D=commented out',
          'E=',
        ].join('\n'),
      ),
    ).toEqual({ A: 'plain', B: 'quoted # not a comment', C: 'single', E: '' });
  });

  it('starts the simulator however its address is spelled', () => {
    for (const value of [
      'http://127.0.0.1:12111',
      '"http://127.0.0.1:12111"',
      'http://127.0.0.1:12111/',
      ' http://127.0.0.1:12111 # the simulator',
    ]) {
      const found = localStandIns(
        `STRIPE_API_BASE=${value}\nACCESS_TEAM_DOMAIN=${value.replace('12111', '12112')}`,
      );
      expect(found, value).toMatchObject({ simulated: true, accessSimNamed: true });
      expect(found.warning, value).toBeUndefined();
    }
  });

  it('starts it on another loopback host, but says the simulator listens on 127.0.0.1', () => {
    for (const value of [
      'http://localhost:12111',
      'http://[::1]:12111',
      'http://127.0.0.2:12111',
    ]) {
      const found = localStandIns(`STRIPE_API_BASE=${value}`);
      expect(found.simulated, value).toBe(true);
      expect(found.warning, value).toContain(
        `is ${value}: the simulator listens on http://127.0.0.1:12111 only`,
      );
    }
  });

  it('says so when STRIPE_API_BASE is local but not the simulator’s; Stripe is no stand-in', () => {
    const other = localStandIns('STRIPE_API_BASE=http://127.0.0.1:12000');
    expect(other.simulated).toBe(false);
    expect(other.warning).toContain(
      'http://127.0.0.1:12000, a local address but not the simulator',
    );
    for (const text of [
      'STRIPE_API_BASE=https://api.stripe.com',
      '# STRIPE_API_BASE=http://127.0.0.1:12111',
      '',
    ])
      expect(localStandIns(text)).toMatchObject({ simulated: false, warning: undefined });
  });

  it('leaves TAX_CALCULATION to .dev.vars when it sets it', () => {
    expect(localStandIns('TAX_CALCULATION=none').taxSet).toBe(true);
    expect(localStandIns('# TAX_CALCULATION=none').taxSet).toBe(false);
  });
});
