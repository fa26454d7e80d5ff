import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { openDatabase } from '../../store/index.js';
import { runAthenaContract } from './contract.js';
import { createLocalAthena } from './local.js';
import type { LocalAthena } from './local.js';

const homes: string[] = [];
const services: LocalAthena[] = [];

afterAll(async () => {
  for (const service of services) await service.close();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
});

runAthenaContract('embedded (DuckDB over the object files)', () => {
  const home = mkdtempSync(join(tmpdir(), 'mm-athena-'));
  homes.push(home);
  mkdirSync(join(home, 'objects', 'contract'), { recursive: true });
  const athena = createLocalAthena({
    db: openDatabase(':memory:'),
    home,
    scope: { region: 'us-east-1', accountId: '000000000000' },
  });
  services.push(athena);
  return {
    athena,
    catalog: athena.catalog,
    bucket: 'contract',
    putObject: async (key, body) => {
      const path = join(home, 'objects', 'contract', key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, body);
    },
  };
});
