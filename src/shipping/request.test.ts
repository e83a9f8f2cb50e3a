import { ENGLISH, type Text } from '../i18n';
import { describe, expect, it } from 'vitest';
import { SHIPPING } from '.';
import { parseShipping } from './request';

const TO_BERLIN = {
  name: 'Erika Mustermann',
  address: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'de' },
};

describe('parseShipping', () => {
  it('reads a shipping choice: trimmed, country in capitals, empty fields null', () => {
    expect(
      parseShipping({ ...TO_BERLIN, name: ' Erika Mustermann ', rate: 'express' }, true),
    ).toEqual({
      name: 'Erika Mustermann',
      address: {
        line1: 'Unter den Linden 1',
        line2: null,
        city: 'Berlin',
        state: null,
        postal_code: '10117',
        country: 'DE',
      },
      rate: 'express',
    });
  });

  it.each(['IE', 'ZA', 'HK'])(
    'takes an address in %s without a postal code, as Stripe does',
    (to) => {
      const config = { ...SHIPPING, countries: [...SHIPPING.countries, to] };
      const address = { ...TO_BERLIN.address, country: to, postal_code: '' };
      expect(parseShipping({ ...TO_BERLIN, address }, true, config)).toMatchObject({
        address: { country: to, postal_code: null },
      });
    },
  );

  it('needs no address for a cart with nothing to send, and refuses one', () => {
    expect(parseShipping(undefined, false)).toBeNull();
    expect(parseShipping(TO_BERLIN, false)).toMatchObject({ param: 'shipping' });
  });

  it.each([
    ['no shipping', undefined, 'shipping[address]'],
    ['not an object', 'Berlin', 'shipping'],
    ['no name', { ...TO_BERLIN, name: ' ' }, 'shipping[name]'],
    [
      'no line1',
      { ...TO_BERLIN, address: { ...TO_BERLIN.address, line1: '' } },
      'shipping[address][line1]',
    ],
    [
      'a country not shipped to',
      { ...TO_BERLIN, address: { ...TO_BERLIN.address, country: 'JP' } },
      'shipping[address][country]',
    ],
    [
      'no postal code in Germany',
      { ...TO_BERLIN, address: { ...TO_BERLIN.address, postal_code: '' } },
      'shipping[address][postal_code]',
    ],
    [
      'no state in the US',
      { ...TO_BERLIN, address: { ...TO_BERLIN.address, country: 'US', postal_code: '97201' } },
      'shipping[address][state]',
    ],
  ])('refuses %s, naming %s', (_, shipping, param) => {
    const refused = parseShipping(shipping, true);
    expect(refused).toMatchObject({ param });
    // A sentence of the catalogue, which the reader gets in their language.
    expect(ENGLISH.t((refused as { message: Text }).message)).toMatch(/^\S.+\.$/);
  });
});
