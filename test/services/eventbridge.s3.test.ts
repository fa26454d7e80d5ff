import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../src/core/index.js';
import { createLocalEventBridge } from '../../src/services/eventbridge/index.js';
import { createLocalS3 } from '../../src/services/s3/index.js';
import { openDatabase } from '../../src/store/index.js';

/**
 * S3 landing triggers (SYSTEMS.md §4): the S3 service's onEvent hook wired to
 * EventBridge, as the composition root wires it, and a rule on the default
 * bus that starts the MLOps state machine when training data lands.
 */

describe('S3 notifications on the default bus', () => {
  it('starts the state machine when data/train/* lands in the feature store, not for other keys', async () => {
    const db = openDatabase(':memory:');
    const scope = { region: 'ap-south-1', accountId: '123456789012' };
    const clock = createFakeClock(Date.UTC(2024, 2, 1, 8, 0, 0));
    const started: string[] = [];
    const events = createLocalEventBridge({
      db,
      scope,
      clock,
      targets: {
        startExecution: async (arn, input) => {
          started.push(input);
          return { executionArn: `${arn}:run-${started.length}` };
        },
      },
    });
    const s3 = createLocalS3({
      db,
      home: mkdtempSync(join(tmpdir(), 'mm-eb-s3-')),
      scope,
      clock,
      onEvent: (event) => void events.putS3Notification(event),
    });
    await events.putRule({
      Name: 'feature-store-landing',
      EventPattern: JSON.stringify({
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: ['mlops-feature-store'] },
          object: { key: [{ prefix: 'data/train/' }] },
        },
      }),
    });
    await events.putTargets({
      Rule: 'feature-store-landing',
      Targets: [
        {
          Id: 'mlops',
          Arn: 'arn:aws:states:ap-south-1:123456789012:stateMachine:mlops-module',
          Input: '{}',
        },
      ],
    });
    await s3.createBucket({ Bucket: 'mlops-feature-store' });
    await s3.putObject({
      Bucket: 'mlops-feature-store',
      Key: 'data/train/train.csv',
      Body: Buffer.from('y,x\n1,2\n'),
    });
    await s3.putObject({
      Bucket: 'mlops-feature-store',
      Key: 'data/score/score.csv',
      Body: Buffer.from('x\n2\n'),
    });
    await s3.deleteObject({ Bucket: 'mlops-feature-store', Key: 'data/train/train.csv' });
    await events.idle();
    expect(started).toEqual(['{}']);
    const logged = events.listEvents({ source: 'aws.s3' }).reverse();
    expect(
      logged.map((e) => [e.detailType, (e.event.detail as any).object.key, e.matchedRules]),
    ).toEqual([
      ['Object Created', 'data/train/train.csv', ['feature-store-landing']],
      ['Object Created', 'data/score/score.csv', []],
      ['Object Deleted', 'data/train/train.csv', []],
    ]);
    expect(logged[0]?.event.detail).toMatchObject({
      object: { size: 8, etag: expect.stringMatching(/^[0-9a-f]{32}$/) },
      reason: 'PutObject',
    });
  });
});
