import type { InputRenderer } from './input-transform.js';
import { compileTargetInput } from './input-transform.js';
import { compileEventPattern } from './pattern.js';
import type { CompiledPattern } from './pattern-compile.js';
import { RuleIndex } from './rule-index.js';
import type { Schedule } from './schedule-expression.js';
import { compileSchedule } from './schedule-expression.js';
import type { EventBridgeStore } from './store.js';
import type { RuleState, Target } from './types.js';

/**
 * The compiled view of the catalog that routing and scheduling read: every
 * rule with its pattern, schedule and targets compiled, and per bus an index
 * of its enabled pattern rules. Rebuilt after each change to buses, rules or
 * targets (rare next to events).
 */

/** A target ready to deliver. */
export interface LiveTarget {
  target: Target;
  render: InputRenderer;
}

/** A rule ready to route. */
export interface LiveRule {
  bus: string;
  name: string;
  arn: string;
  order: number;
  state: RuleState;
  pattern: CompiledPattern | undefined;
  schedule: Schedule | undefined;
  /** When the rule was last enabled (epoch ms): rates count from here. */
  enabledAt: number;
  targets: LiveTarget[];
}

/** A rule that routes by pattern. */
export type PatternRule = LiveRule & { pattern: CompiledPattern };

/** Every rule, and the pattern-rule index of each bus. */
export interface LiveView {
  rules: LiveRule[];
  indexes: Map<string, RuleIndex<PatternRule>>;
}

/** Compiles the stored catalog. */
export function buildLiveView(store: EventBridgeStore): LiveView {
  const targets = store.allTargets();
  const rules = store.allRules().map((row, order): LiveRule => ({
    bus: row.bus,
    name: row.name,
    arn: row.arn,
    order,
    state: row.state,
    pattern: row.event_pattern === null ? undefined : compileEventPattern(row.event_pattern),
    schedule:
      row.schedule_expression === null ? undefined : compileSchedule(row.schedule_expression),
    enabledAt: row.enabled_at,
    targets: (targets.get(`${row.bus}\u0000${row.name}`) ?? []).map((target) => ({
      target,
      render: compileTargetInput(target),
    })),
  }));
  const byBus = new Map<string, PatternRule[]>();
  for (const rule of rules) {
    if (rule.state === 'DISABLED' || rule.pattern === undefined) continue;
    const list = byBus.get(rule.bus) ?? [];
    list.push(rule as PatternRule);
    byBus.set(rule.bus, list);
  }
  const indexes = new Map([...byBus].map(([bus, list]) => [bus, new RuleIndex(list)]));
  return { rules, indexes };
}
