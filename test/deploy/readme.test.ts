import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
/** What a reader sees before scrolling. */
const firstScreen = readme.split('\n').slice(0, 24).join('\n');

describe('README', () => {
  it('shows the Deploy to Cloudflare button and the one command on its first screen', () => {
    const button = '[![Deploy to Cloudflare](https://deploy.workers.cloudflare.com/button)]';
    const target =
      /\(https:\/\/deploy\.workers\.cloudflare\.com\/\?url=https:\/\/github\.com\/[\w.-]+\/[\w.-]+\)/;
    expect(firstScreen).toContain(button);
    expect(firstScreen.slice(firstScreen.indexOf(button) + button.length)).toMatch(
      new RegExp(`^${target.source}`),
    );
    expect(firstScreen).toContain('npm run setup');
  });

  it('stays the short front door', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  });
});
