/**
 * Event-pattern matching against 1,000 rules: modelmill's compiled and
 * indexed matcher (rules filed by source and detail-type, patterns compiled
 * to closures) against a naive baseline in this file that tests every rule
 * with a straightforward recursive interpreter of the pattern JSON. Both
 * run on the same events in the same process and must agree on every match.
 * Also: PutEvents throughput through the embedded service (10 entries per
 * call, each event matched, recorded in SQLite). Goal: >= 100,000 events/s
 * matched on one core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  RuleIndex,
  compileEventPattern,
  createLocalEventBridge,
} from '../src/services/eventbridge/index.js';
import { openDatabase } from '../src/store/index.js';
import type { BenchReport } from './harness.js';
import { timeMs } from './harness.js';

const RULES = 1_000;
const EVENTS = 20_000;
const SOURCES = 100;
const TYPES = 10;

/** A small deterministic PRNG (mulberry32), so every run sees the same rules and events. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRules(random: () => number): object[] {
  const pick = (n: number) => Math.floor(random() * n);
  return Array.from({ length: RULES }, (_, i) => {
    const detail: Record<string, unknown> = {};
    const kind = i % 5;
    if (kind === 0) detail.status = ['SUCCEEDED', 'FAILED'];
    if (kind === 1) detail.score = [{ numeric: ['>=', pick(100)] }];
    if (kind === 2) detail.key = [{ prefix: `data/${pick(10)}/` }];
    if (kind === 3) detail.state = [{ 'anything-but': ['initializing', 'pending'] }];
    if (kind === 4) detail.model = { algorithm: [['lr', 'xgb', 'rf'][pick(3)]] };
    // One rule in twenty pins no exact source (prefix only), so it is tested against every event.
    const source = i % 20 === 0 ? [{ prefix: `app.${pick(SOURCES)}` }] : [`app.${pick(SOURCES)}`];
    return { source, 'detail-type': [`type-${pick(TYPES)}`], detail };
  });
}

function makeEvents(random: () => number): Array<Record<string, unknown>> {
  const pick = (n: number) => Math.floor(random() * n);
  return Array.from({ length: EVENTS }, (_, i) => ({
    version: '0',
    id: `e-${i}`,
    'detail-type': `type-${pick(TYPES)}`,
    source: `app.${pick(SOURCES)}`,
    account: '123456789012',
    time: '2024-01-01T00:00:00Z',
    region: 'us-east-1',
    resources: [],
    detail: {
      status: ['SUCCEEDED', 'FAILED', 'RUNNING'][pick(3)],
      score: pick(100),
      key: `data/${pick(10)}/part-${pick(1000)}.parquet`,
      state: ['initializing', 'pending', 'running', 'stopped'][pick(4)],
      model: { algorithm: ['lr', 'xgb', 'rf', 'knn'][pick(4)] },
    },
  }));
}

// The baseline: a direct interpreter of the pattern JSON, every rule, every event.
function naiveMatch(pattern: Record<string, any>, value: any): boolean {
  for (const [key, condition] of Object.entries(pattern)) {
    const inner = value === null || typeof value !== 'object' ? undefined : value[key];
    if (Array.isArray(condition) ? !naiveLeaf(condition, inner) : !naiveMatch(condition, inner))
      return false;
  }
  return true;
}

function naiveLeaf(conditions: any[], value: any): boolean {
  const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return conditions.some((c) => {
    if (c === null || typeof c !== 'object') return values.some((v) => v === c);
    if ('exists' in c) return c.exists === values.length > 0;
    return values.some((v) => naiveOperator(c, v));
  });
}

function naiveOperator(c: Record<string, any>, v: any): boolean {
  if ('prefix' in c) return typeof v === 'string' && v.startsWith(c.prefix);
  if ('suffix' in c) return typeof v === 'string' && v.endsWith(c.suffix);
  if ('anything-but' in c) {
    const excluded = Array.isArray(c['anything-but']) ? c['anything-but'] : [c['anything-but']];
    return !excluded.includes(v);
  }
  if ('numeric' in c) {
    if (typeof v !== 'number') return false;
    const ops: any[] = c.numeric;
    for (let i = 0; i < ops.length; i += 2) {
      const bound = ops[i + 1];
      const ok = {
        '<': v < bound,
        '<=': v <= bound,
        '>': v > bound,
        '>=': v >= bound,
        '=': v === bound,
      }[ops[i] as string];
      if (!ok) return false;
    }
    return true;
  }
  return false;
}

export default async function eventsBench(): Promise<BenchReport> {
  const random = prng(42);
  const rules = makeRules(random);
  const events = makeEvents(random);
  const texts = rules.map((r) => JSON.stringify(r));

  // Ours: compile once, index, match.
  const index = new RuleIndex(
    texts.map((text, order) => ({ pattern: compileEventPattern(text), order })),
  );
  let ours = 0;
  let baseline = 0;
  const oursMs = await timeMs(() => {
    for (let round = 0; round < 5; round += 1)
      for (const event of events) ours += index.match(event).length;
  });
  const parsed = texts.map((t) => JSON.parse(t) as Record<string, unknown>);
  const naiveEvents = events.slice(0, 4_000);
  const naiveMs = await timeMs(() => {
    for (const event of naiveEvents)
      for (const rule of parsed) if (naiveMatch(rule, event)) baseline += 1;
  });
  let check = 0;
  for (const event of naiveEvents) check += index.match(event).length;
  if (check !== baseline)
    throw new Error(`matchers disagree: ${check} matches vs the baseline's ${baseline}`);

  const putEvents = await measurePutEvents(texts, events.slice(0, 5_000));
  const oursRate = (events.length * 5) / (oursMs / 1000);
  const naiveRate = naiveEvents.length / (naiveMs / 1000);
  return {
    title: `EventBridge: event-pattern matching against ${RULES.toLocaleString('en-US')} rules`,
    rows: [
      {
        name: 'events matched against 1,000 rules (compiled, indexed)',
        value: oursRate,
        unit: 'events/s',
        baseline: naiveRate,
        baselineName: 'naive: every rule, recursive interpreter',
        goal: '>= 100,000 events/s',
        met: oursRate >= 100_000,
      },
      {
        name: 'PutEvents into a 1,000-rule bus (10 per call, recorded in SQLite)',
        value: putEvents,
        unit: 'events/s',
      },
    ],
    notes: [
      `${ours / 5} matches over ${events.length.toLocaleString('en-US')} events (${(ours / 5 / events.length).toFixed(2)} per event); the baseline agreed on all ${baseline} matches of its ${naiveEvents.length.toLocaleString('en-US')}-event sample.`,
      'One rule in twenty pins its source by prefix only, so it is tested against every event; the others are filed under their exact source and detail-type.',
    ],
  };
}

async function measurePutEvents(
  patterns: string[],
  events: Array<Record<string, unknown>>,
): Promise<number> {
  const home = mkdtempSync(join(tmpdir(), 'mm-bench-events-'));
  try {
    const db = openDatabase(join(home, 'modelmill.db'));
    const eb = createLocalEventBridge({
      db,
      scope: { region: 'us-east-1', accountId: '123456789012' },
    });
    for (const [i, EventPattern] of patterns.entries())
      await eb.putRule({ Name: `rule-${i}`, EventPattern });
    const entries = events.map((e) => ({
      Source: e.source as string,
      DetailType: e['detail-type'] as string,
      Detail: JSON.stringify(e.detail),
    }));
    const ms = await timeMs(async () => {
      for (let i = 0; i < entries.length; i += 10)
        await eb.putEvents({ Entries: entries.slice(i, i + 10) });
    });
    db.close();
    return entries.length / (ms / 1000);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
