import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors';
import { parseForm } from '../src/form';

describe("parseForm (Stripe's bracket syntax)", () => {
  it('decodes nested hashes and both array notations', () => {
    expect(
      parseForm(
        'amount=500&metadata[order]=42&expand[]=a&expand[]=b&items[0][id]=x&items[1][id]=y&card[number]=4242%204242',
      ),
    ).toEqual({
      amount: '500',
      metadata: { order: '42' },
      expand: { 0: 'a', 1: 'b' },
      items: { 0: { id: 'x' }, 1: { id: 'y' } },
      card: { number: '4242 4242' },
    });
  });

  it('refuses a name used both as a value and as a hash', () => {
    expect(() => parseForm('metadata=x&metadata[a]=1')).toThrow(ApiError);
    expect(() => parseForm('a[b]]=1')).toThrow(ApiError);
  });
});
