import { describe, expect, it } from 'vitest';
import { consolePath } from './authorized';

const origin = 'http://127.0.0.1:8787';

describe('consolePath', () => {
  it('keeps a page of this origin under /admin, with its query', () => {
    expect(consolePath(`${origin}/admin`, origin)).toBe('/admin');
    expect(consolePath(`${origin}/admin/orders?q=x`, origin)).toBe('/admin/orders?q=x');
    expect(consolePath('/admin/api/session', origin)).toBe('/admin/api/session');
  });

  it("sends anything else to the console's home", () => {
    for (const away of [
      undefined,
      '',
      'https://evil.example/admin',
      '//evil.example/admin',
      'http://localhost:8787/admin',
      `${origin}/administrator`,
      `${origin}/admin/../charge`,
      '/charge',
      'javascript:alert(1)',
    ])
      expect(consolePath(away, origin), String(away)).toBe('/admin');
  });
});
