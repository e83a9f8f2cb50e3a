import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkerConfig, writeDatabaseId } from './wrangler-config.mjs';

const CONFIG = `# the shop
name = "my-shop" # its name
main = "src/index.ts"

[[ratelimits]]
name = "CHARGE_IP_LIMITER"

# a comment before the ledger
[[d1_databases]]
binding = "OTHER"
database_name = "other"
database_id = "11111111-1111-1111-1111-111111111111"

[[d1_databases]]
binding = "DB" # the ledger
database_name = "shop-ledger"
database_id = "00000000-0000-0000-0000-000000000000" # placeholder
migrations_dir = "migrations"
`;

function file(text: string) {
  const path = join(mkdtempSync(join(tmpdir(), 'wrangler-config-')), 'wrangler.toml');
  writeFileSync(path, text);
  return path;
}

describe('wrangler.toml', () => {
  it('reads the Worker name and its DB binding, not another table’s', () => {
    expect(readWorkerConfig(file(CONFIG))).toEqual({
      name: 'my-shop',
      binding: 'DB',
      databaseName: 'shop-ledger',
      databaseId: '00000000-0000-0000-0000-000000000000',
    });
  });

  it('replaces only the database_id line of the binding, keeping comments and layout', () => {
    const path = file(CONFIG);
    writeDatabaseId(path, 'DB', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(readFileSync(path, 'utf8')).toBe(
      CONFIG.replace(
        'database_id = "00000000-0000-0000-0000-000000000000" # placeholder',
        'database_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" # placeholder',
      ),
    );
  });

  it('adds database_id after database_name when the binding has none', () => {
    const path = file(CONFIG.replace(/^database_id = "0+-.*\n/m, ''));
    expect(readWorkerConfig(path).databaseId).toBeUndefined();
    writeDatabaseId(path, 'DB', 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(readWorkerConfig(path).databaseId).toBe('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    expect(readFileSync(path, 'utf8')).toContain(
      'database_name = "shop-ledger"\ndatabase_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"\n',
    );
  });

  it('says what is missing from a configuration without the binding', () => {
    expect(() => readWorkerConfig(file('name = "x"\n'))).toThrow(/binding = "DB"/);
  });
});
