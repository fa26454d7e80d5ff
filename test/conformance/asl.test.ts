import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeClock, createSequentialIds } from '../../src/core/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../src/engine/index.js';
import { repoRoot, sharedDir } from '../support/shared.js';
import type { Actual, ConformanceCase } from './compare.js';
import { compareCase } from './compare.js';

/**
 * Runs every execution case recorded against AWS Step Functions
 * (../shared/conformance/asl/cases) through the engine. At least 95% must
 * pass, and every case that does not must be listed, with its reason, in
 * test/conformance/known-gaps.md.
 */
const casesDir = sharedDir('conformance', 'asl', 'cases');

async function runCase(c: ConformanceCase): Promise<Actual> {
  const store = createMemoryStore();
  const engine = createEngine({
    store,
    integrations: new IntegrationRegistry(),
    scope: { region: 'us-east-1', accountId: '111111111111' },
    clock: createFakeClock(Date.UTC(2025, 0, 1)),
    ids: createSequentialIds(),
  });
  const { stateMachineArn } = engine.createStateMachine({
    name: 'conformance',
    definition: JSON.stringify(c.definition),
  });
  const { executionArn } = engine.startExecution({
    stateMachineArn,
    input: JSON.stringify(c.input),
  });
  const final = await engine.waitFor(executionArn);
  const history = engine.getExecutionHistory({ executionArn, maxResults: 100_000 }).items;
  return {
    status: final.status,
    ...(final.output === undefined ? {} : { output: JSON.parse(final.output) as unknown }),
    error: final.error,
    cause: final.cause,
    historyEventTypes: history.map((e) => e.type),
  };
}

function knownGaps(): Map<string, string> {
  const text = readFileSync(join(repoRoot, 'test', 'conformance', 'known-gaps.md'), 'utf8');
  const gaps = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\| `([^`]+)` \| (.*) \|$/.exec(line.trim());
    if (match?.[1]) gaps.set(match[1], match[2] ?? '');
  }
  return gaps;
}

describe.skipIf(!casesDir)('AWS conformance cases', () => {
  it('passes at least 95%, and lists every failure in known-gaps.md', async () => {
    const files = readdirSync(casesDir!)
      .filter((f) => f.endsWith('.json'))
      .sort();
    const failures: Array<{ id: string; why: string }> = [];
    for (const file of files) {
      const c = JSON.parse(readFileSync(join(casesDir!, file), 'utf8')) as ConformanceCase;
      let why: string | undefined;
      try {
        why = compareCase(c, await runCase(c));
      } catch (err) {
        why = `threw ${(err as Error).message}`;
      }
      if (why) failures.push({ id: c.id, why });
    }
    const passed = files.length - failures.length;
    const rate = passed / files.length;
    console.log(`conformance: ${passed}/${files.length} cases pass (${(rate * 100).toFixed(1)}%)`);
    const gaps = knownGaps();
    const unlisted = failures.filter((f) => !gaps.has(f.id));
    if (unlisted.length > 0)
      console.log(unlisted.map((f) => `| \`${f.id}\` | ${f.why.slice(0, 300)} |`).join('\n'));
    expect(unlisted.map((f) => f.id)).toEqual([]);
    expect(rate).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});

if (!casesDir) {
  console.log(
    'conformance cases skipped: ../shared/conformance/asl/cases is absent (set MODELMILL_SHARED to its parent folder)',
  );
}
