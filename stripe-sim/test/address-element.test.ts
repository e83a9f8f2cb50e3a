/**
 * The simulated Address Element's rules (stripe-js/address-rules.ts): what each country's address
 * needs before the element says `complete`, and the field each problem belongs to. Its DOM (labels,
 * keyboard, themes, axe) is checked in a browser by test/browser/shipping.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { addressErrors, hasPostalCode, STATES } from '../stripe-js/address-rules';
import { SIM_MESSAGES } from '../stripe-js/messages';

const BERLIN = {
  line1: 'Unter den Linden 1',
  line2: null,
  city: 'Berlin',
  state: '',
  postal_code: '10117',
  country: 'DE',
};

describe('the Address Element’s rules', () => {
  it('takes a complete German address, with no state', () => {
    expect(addressErrors('Erika Mustermann', BERLIN)).toEqual({});
  });

  it('names each missing field', () => {
    const empty = { ...BERLIN, line1: ' ', city: '', postal_code: '' };
    expect(addressErrors('', empty)).toEqual({
      name: 'incomplete_name',
      line1: 'incomplete_line1',
      city: 'incomplete_city',
      postal_code: 'incomplete_postal_code',
    });
  });

  it('checks the postal code’s format where it knows it', () => {
    expect(addressErrors('E M', { ...BERLIN, postal_code: '1011' })).toEqual({
      postal_code: 'invalid_postal_code',
    });
    const us = { ...BERLIN, country: 'US', state: 'CA', postal_code: '90012-1234' };
    expect(addressErrors('J D', us)).toEqual({});
    expect(addressErrors('J D', { ...us, postal_code: '9001' }).postal_code).toBe(
      'invalid_postal_code',
    );
  });

  it('needs a state from the list in the US, Canada and Australia', () => {
    const us = { ...BERLIN, country: 'US', postal_code: '90012' };
    expect(addressErrors('J D', us)).toEqual({ state: 'incomplete_state' });
    expect(addressErrors('J D', { ...us, state: 'XX' })).toEqual({ state: 'incomplete_state' });
    expect(STATES.CA).toHaveProperty('QC', 'Quebec');
  });

  it('asks no postal code where the country has none', () => {
    expect(hasPostalCode('HK')).toBe(false);
    expect(hasPostalCode('DE')).toBe(true);
    const hongKong = { ...BERLIN, country: 'HK', postal_code: '' };
    expect(addressErrors('Chan Tai Man', hongKong)).toEqual({});
  });

  it('says every problem in every language', () => {
    const problems = [
      'incomplete_name',
      'incomplete_line1',
      'incomplete_city',
      'incomplete_state',
      'incomplete_postal_code',
      'invalid_postal_code',
    ] as const;
    for (const words of Object.values(SIM_MESSAGES))
      for (const problem of problems) expect(words[problem]).toMatch(/^\S.+\.$/);
  });
});
