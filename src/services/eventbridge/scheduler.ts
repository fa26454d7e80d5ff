import type { Clock, Logger } from '../../core/index.js';
import { errorMessage } from '../../core/index.js';
import type { Schedule } from './schedule-expression.js';
import type { Scheduler } from './types.js';

/**
 * Fires scheduled rules on the Clock port: one loop sleeps until the next
 * rule is due, fires every due rule, and starts over. Changes to rules wake
 * it (`refresh`). Firings missed while stopped are skipped, not replayed.
 */

/** A rule the scheduler runs. */
export interface ScheduledRule {
  /** Identifies the rule and its schedule; a changed key restarts its timing. */
  key: string;
  schedule: Schedule;
  /** When the rule was enabled (epoch ms): rates count from here. */
  anchor: number;
}

/** What the scheduler needs. */
export interface SchedulerDeps {
  clock: Clock;
  logger: Logger;
  /** The enabled scheduled rules, read at every turn. */
  rules(): ScheduledRule[];
  /** Fires one rule for the scheduled time `at` (epoch ms). */
  fire(rule: ScheduledRule, at: number): Promise<void>;
}

/** The scheduler, plus `refresh()` for the service to call when rules change. */
export interface RuleScheduler extends Scheduler {
  refresh(): void;
}

/** Builds a stopped scheduler. */
export function createScheduler(deps: SchedulerDeps): RuleScheduler {
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: AbortController | undefined;
  let dirty = false;
  const nextAt = new Map<string, number>();

  async function fireDue(now: number): Promise<number | undefined> {
    const rules = deps.rules();
    const live = new Set(rules.map((r) => r.key));
    for (const key of nextAt.keys()) if (!live.has(key)) nextAt.delete(key);
    let earliest: number | undefined;
    for (const rule of rules) {
      let at = nextAt.get(rule.key) ?? rule.schedule.next(now, rule.anchor);
      if (at !== undefined && at <= now) {
        try {
          await deps.fire(rule, at);
        } catch (err) {
          deps.logger.warn('eventbridge: scheduled rule failed to fire', {
            rule: rule.key,
            error: errorMessage(err),
          });
        }
        const following = rule.schedule.next(at, rule.anchor);
        at =
          following !== undefined && following <= now
            ? rule.schedule.next(now, rule.anchor)
            : following;
      }
      if (at === undefined) nextAt.delete(rule.key);
      else {
        nextAt.set(rule.key, at);
        earliest = earliest === undefined ? at : Math.min(earliest, at);
      }
    }
    return earliest;
  }

  async function run(): Promise<void> {
    while (running) {
      dirty = false;
      const earliest = await fireDue(deps.clock.now());
      if (!running) break;
      if (dirty) continue;
      wake = new AbortController();
      const wait = earliest === undefined ? 3_600_000 : Math.max(0, earliest - deps.clock.now());
      try {
        await deps.clock.sleep(wait, wake.signal);
      } catch {
        // woken by refresh() or stop(): look at the rules again
      }
    }
  }

  return {
    get running() {
      return running;
    },
    start() {
      if (running) return;
      running = true;
      nextAt.clear();
      loop = run();
    },
    async stop() {
      running = false;
      wake?.abort();
      await loop;
      loop = undefined;
    },
    refresh() {
      dirty = true;
      wake?.abort();
    },
  };
}
