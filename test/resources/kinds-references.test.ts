import { describe, expect, it } from 'vitest';
import type { CompiledResource } from '../../src/resources/index.js';
import { formatIssue } from '../../src/resources/index.js';
import { referenceOrderIssues, referencesOf } from '../../src/resources/kinds/index.js';
import { compiled, failure, instance, up, useInstance } from './kinds-fixture.js';

/**
 * References between resources of one config: `up` applies in the order
 * listed, so a resource must follow those it names. The check finds configs
 * listing them the other way round; `up` itself stops at the first resource
 * whose reference is missing, naming the fix.
 */

useInstance();

const outOfOrder = [
  {
    kind: 'jobQueue',
    name: 'q',
    computeEnvironments: ['ce', 'arn:aws:batch:us-east-1:1:compute-environment/other'],
  },
  { kind: 'computeEnvironment', name: 'ce' },
  {
    kind: 'rule',
    name: 'r',
    bus: 'arn:aws:events:us-east-1:1:event-bus/ops',
    eventPattern: { source: ['x'] },
  },
  {
    kind: 'subscription',
    topic: 'arn:aws:sns:us-east-1:1:notices',
    protocol: 'email',
    endpoint: 'a@b.co',
  },
  { kind: 'eventBus', name: 'ops' },
  { kind: 'topic', name: 'notices' },
  {
    kind: 'athenaTable',
    database: 'lake',
    name: 't',
    location: 's3://b/t/',
    format: 'json',
    columns: [{ name: 'a', type: 'int' }],
  },
  { kind: 'athenaDatabase', name: 'lake' },
];

/** Each spec compiled on its own, at its index (the whole config would fail its order check). */
const each = (specs: unknown[]) =>
  specs.map((spec, index) => ({ ...(compiled([spec])[0] as CompiledResource), index }));

describe('references', () => {
  it('lists what each spec names, by kind and key', () => {
    const [queue, , rule, subscription, , , table] = each(outOfOrder);
    expect(referencesOf(queue!.spec)).toEqual([
      { kind: 'computeEnvironment', key: 'ce', field: 'computeEnvironments[0]' },
      { kind: 'computeEnvironment', key: 'other', field: 'computeEnvironments[1]' },
    ]);
    expect(referencesOf(rule!.spec)).toEqual([{ kind: 'eventBus', key: 'ops', field: 'bus' }]);
    expect(referencesOf(subscription!.spec)).toEqual([
      { kind: 'topic', key: 'notices', field: 'topic' },
    ]);
    expect(referencesOf(table!.spec)).toEqual([
      { kind: 'athenaDatabase', key: 'lake', field: 'database' },
    ]);
    expect(referencesOf({ kind: 'bucket', name: 'b' })).toEqual([]);
  });

  it('reports each resource listed before one it names', () => {
    expect(referenceOrderIssues(each(outOfOrder)).map(formatIssue)).toEqual([
      "resources[0] (jobQueue 'q'): computeEnvironments[0]: names computeEnvironment 'ce', which the config lists later (resources[1]); resources are applied in the order listed, so move it before this jobQueue",
      "resources[2] (rule 'r'): bus: names eventBus 'ops', which the config lists later (resources[4]); resources are applied in the order listed, so move it before this rule",
      "resources[3] (subscription 'notices:email:a@b.co'): topic: names topic 'notices', which the config lists later (resources[5]); resources are applied in the order listed, so move it before this subscription",
      "resources[6] (athenaTable 't'): database: names athenaDatabase 'lake', which the config lists later (resources[7]); resources are applied in the order listed, so move it before this athenaTable",
    ]);
    const inOrder = [1, 0, 4, 2, 5, 3, 7, 6].map((i) => outOfOrder[i]);
    expect(referenceOrderIssues(each(inOrder))).toEqual([]);
  });

  it('up applies nothing when a resource comes before one it names', async () => {
    // Refused at compile once config.ts runs referenceOrderIssues, else when the queue is applied.
    const error = await failure(up(outOfOrder.slice(0, 2)));
    for (const part of [
      "resources[0] (jobQueue 'q')",
      'computeEnvironments[0]',
      'before this jobQueue',
    ])
      expect(error.message).toContain(part);
    const { computeEnvironments } = await instance.mm.services.batch.describeComputeEnvironments();
    expect(computeEnvironments).toEqual([]);
  });
});
