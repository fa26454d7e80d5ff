import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { openDatabase } from '../../store/index.js';
import { runObjectStoreContract } from './contract.js';
import { createAwsS3 } from './aws.js';
import { createLocalS3 } from './local.js';

runObjectStoreContract('local', async () => {
  const home = mkdtempSync(join(tmpdir(), 'mm-s3-contract-'));
  const db = openDatabase(':memory:');
  return {
    store: createLocalS3({ db, home, scope: { region: 'us-east-1', accountId: '000000000000' } }),
    cleanup: async () => {
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
});

const endpoint = process.env.MODELMILL_TEST_AWS_ENDPOINT;
if (endpoint === undefined) {
  describe('ObjectStore contract: aws', () => {
    it.skip('skipped: set MODELMILL_TEST_AWS_ENDPOINT (plus AWS_REGION and credentials) to run it against S3', () => {});
  });
} else {
  runObjectStoreContract('aws', async () => ({
    store: createAwsS3({
      clientConfig: {
        ...(endpoint === 'aws' ? {} : { endpoint, forcePathStyle: true }),
        region: process.env.AWS_REGION ?? 'us-east-1',
      },
    }),
  }));
}
