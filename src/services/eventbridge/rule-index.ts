import type { CompiledPattern } from './pattern-compile.js';

/**
 * Finding the rules an event matches without testing every rule: rules are
 * filed under the exact `source` and `detail-type` values their patterns pin
 * (most rules pin both), so an event is tested only against the rules filed
 * under its own source and type, plus the few that pin neither.
 */

/** What the index holds: anything with a compiled pattern and an order. */
export interface Indexable {
  pattern: CompiledPattern;
  /** Position among the bus's rules; matches come back in this order. */
  order: number;
}

interface Bucket<T> {
  byType: Map<string, T[]>;
  anyType: T[];
}

function emptyBucket<T>(): Bucket<T> {
  return { byType: new Map(), anyType: [] };
}

function file<T extends Indexable>(bucket: Bucket<T>, rule: T): void {
  const types = rule.pattern.detailTypes;
  if (types === undefined) {
    bucket.anyType.push(rule);
    return;
  }
  for (const type of new Set(types)) {
    const list = bucket.byType.get(type);
    if (list) list.push(rule);
    else bucket.byType.set(type, [rule]);
  }
}

/** An immutable index over one bus's enabled pattern rules. */
export class RuleIndex<T extends Indexable> {
  private readonly bySource = new Map<string, Bucket<T>>();
  private readonly anySource: Bucket<T> = emptyBucket();
  /** How many rules are indexed. */
  readonly size: number;

  constructor(rules: readonly T[]) {
    this.size = rules.length;
    for (const rule of rules) {
      const sources = rule.pattern.sources;
      if (sources === undefined) {
        file(this.anySource, rule);
        continue;
      }
      for (const source of new Set(sources)) {
        let bucket = this.bySource.get(source);
        if (!bucket) {
          bucket = emptyBucket();
          this.bySource.set(source, bucket);
        }
        file(bucket, rule);
      }
    }
  }

  /** The rules whose patterns match `event`, in rule order. */
  match(event: Record<string, unknown>): T[] {
    const source = event.source;
    const type = event['detail-type'];
    const out: T[] = [];
    const bucket = typeof source === 'string' ? this.bySource.get(source) : undefined;
    if (bucket) collect(bucket, type, event, out);
    collect(this.anySource, type, event, out);
    if (out.length > 1) out.sort((a, b) => a.order - b.order);
    return out;
  }
}

function collect<T extends Indexable>(
  bucket: Bucket<T>,
  type: unknown,
  event: unknown,
  out: T[],
): void {
  const typed = typeof type === 'string' ? bucket.byType.get(type) : undefined;
  if (typed) for (const rule of typed) if (rule.pattern.matches(event)) out.push(rule);
  for (const rule of bucket.anyType) if (rule.pattern.matches(event)) out.push(rule);
}
