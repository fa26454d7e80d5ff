import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { openDatabase } from '../../store/index.js';
import { createAwsSsm } from './aws.js';
import { runParameterStoreContract } from './contract.js';
import { createLocalSsm } from './local.js';

runParameterStoreContract('local', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mm-ssm-contract-'));
  const db = openDatabase(':memory:');
  return {
    store: createLocalSsm({ db, home, scope: { region: 'us-east-1', accountId: '000000000000' } }),
    cleanup: async () => {
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
});

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;
if (endpoint === undefined) {
  describe('ParameterStore contract: aws', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (plus AWS_REGION and credentials) to run it against SSM', () => {});
  });
} else {
  runParameterStoreContract('aws', async () => ({
    store: createAwsSsm({
      clientConfig: {
        ...(endpoint === 'aws' ? {} : { endpoint }),
        region: process.env.AWS_REGION ?? 'us-east-1',
      },
    }),
  }));
}
