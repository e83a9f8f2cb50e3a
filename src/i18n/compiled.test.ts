import { describe, expect, it } from 'vitest';
import { CATALOGUES, LANGUAGES } from '.';
import { fillEach } from './compiled';
import { fill, placeholders } from './format';

describe('fillEach', () => {
  it("writes every catalogue message as the page script's fill does", () => {
    for (const language of LANGUAGES)
      for (const message of Object.values(CATALOGUES[language])) {
        const names = placeholders(message);
        // Every other placeholder given a value, the rest left as they are.
        const params = Object.fromEntries(
          names.filter((_, i) => i % 2 === 0).map((name) => [name, `<${name}>`]),
        );
        expect(fillEach(message, (name) => params[name])).toBe(fill(message, params));
      }
  });

  it('fills a placeholder each time it appears, numbers and empty values too', () => {
    const values: Record<string, string | number> = { n: 3, e: '' };
    const value = (name: string) => values[name];
    expect(fillEach('{n} of {n}, {e}.{x}', value)).toBe('3 of 3, .{x}');
    expect(fillEach('no placeholder', value)).toBe('no placeholder');
    expect(fillEach('{n}', value)).toBe('3');
  });
});
