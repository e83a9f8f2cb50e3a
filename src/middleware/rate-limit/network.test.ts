import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IPV6_PREFIX_BITS } from '../../limits';
import { NO_ADDRESS, UNREADABLE, networkOf } from './network';

/** An IPv6 address as eight pieces. */
const pieces = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });

/** Every way to write the same address: full, without leading zeros, compressed, any case. */
function spellings(address: number[]): string[] {
  const hex = address.map((piece) => piece.toString(16));
  const full = address.map((piece) => piece.toString(16).padStart(4, '0'));
  const forms = [hex.join(':'), full.join(':'), full.join(':').toUpperCase()];
  // `::` for every run of zero pieces.
  for (let start = 0; start < 8; start++)
    for (let end = start + 1; end <= 8 && address[end - 1] === 0; end++)
      forms.push(`${hex.slice(0, start).join(':')}::${hex.slice(end).join(':')}`);
  return forms;
}

describe('networkOf', () => {
  it(`keys IPv6 on its /${IPV6_PREFIX_BITS}, whatever the spelling`, () => {
    expect(IPV6_PREFIX_BITS).toBe(64);
    expect(networkOf('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:DB8:0001:0002::ffff')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
    expect(networkOf('[2001:db8:1:2::9]')).toBe('2001:db8:1:2::/64');
    // A zone id names the sender's interface, not a network.
    expect(networkOf('fe80::1:2:3:4%eth0')).toBe('fe80:0:0:0::/64');
    expect(networkOf('fe80::1%25en0')).toBe('fe80:0:0:0::/64');
    fc.assert(
      fc.property(pieces, (address) => {
        const prefix = address.slice(0, 4).map((piece) => piece.toString(16));
        expect(new Set(spellings(address).map(networkOf))).toEqual(
          new Set([`${prefix.join(':')}::/64`]),
        );
      }),
    );
  });

  it('gives addresses of one /64 one key, and addresses of two /64s two', () => {
    fc.assert(
      fc.property(pieces, pieces, (a, b) => {
        const key = (address: number[]) => networkOf(spellings(address)[0]);
        expect(key([...a.slice(0, 4), ...b.slice(4)])).toBe(key(a));
        expect(key(a) === key(b)).toBe(a.slice(0, 4).join() === b.slice(0, 4).join());
      }),
    );
  });

  it('keys IPv4 on the address, IPv4-mapped IPv6 included', () => {
    expect(networkOf('203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(networkOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(networkOf('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkOf('203.0.113.8')).not.toBe(networkOf('203.0.113.7'));
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        expect(networkOf(address)).toBe(address);
        expect(networkOf(`::ffff:${address}`)).toBe(address);
      }),
    );
  });

  it('never throws, and gives anything that is not an address one shared key', () => {
    expect(networkOf(undefined)).toBe(NO_ADDRESS);
    for (const garbage of [
      '',
      'local',
      'example.com',
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '0x7f.1',
      '2001:db8::1::2',
      '2001:db8:1:2:3:4:5:6:7',
      '12345::',
      ':::',
      '::1]@evil.example/[',
      'http://[::1]/',
      '[::1',
      '1.2.3.4, 5.6.7.8',
    ])
      expect(networkOf(garbage), garbage).toBe(UNREADABLE);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(typeof networkOf(text)).toBe('string');
      }),
    );
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        expect(networkOf(address)).not.toBe(UNREADABLE);
      }),
    );
  });
});
