import { ModelmillError, errorMessage, isModelmillError } from '../core/index.js';
import type { ResourceChange } from './apply.js';
import type { LedgerEntry } from './ledger.js';
import { createLedger } from './ledger.js';
import type { KindRegistry } from './registry.js';
import { createKindRegistry } from './registry.js';
import type { ResourceHost } from './types.js';

/**
 * `down`: removes exactly what a stack created, newest first. Resources that
 * existed before `up` are left alone and said so. Removals that would destroy
 * data (a non-empty bucket without `force`) are refused before anything is
 * removed.
 */

/** What `down` did. */
export interface RemoveReport {
  stack: string;
  /** False when no stack of that name was ever applied (nothing to do). */
  found: boolean;
  dryRun: boolean;
  resources: ResourceChange[];
}

/** Options of {@link removeStack}. */
export interface RemoveStackOptions {
  /** Delete a bucket's objects with it instead of refusing. Default false. */
  force?: boolean;
  /** Report what would be removed; remove nothing. Default false. */
  dryRun?: boolean;
  /** Kinds to remove with. Default: the built-in kinds. */
  kinds?: KindRegistry;
}

/** Removes what `up` created under `stack`. Throws ValidationError when a removal is refused. */
export async function removeStack(
  host: ResourceHost,
  stack: string,
  options: RemoveStackOptions = {},
): Promise<RemoveReport> {
  const ledger = createLedger(host.db);
  const dryRun = options.dryRun ?? false;
  if (!ledger.getStack(stack)) return { stack, found: false, dryRun, resources: [] };
  const kinds = options.kinds ?? createKindRegistry();
  const force = options.force ?? false;
  const entries = ledger.entries(stack).sort((a, b) => b.seq - a.seq);
  await checkRemovals(host, kinds, entries, force);
  const report: RemoveReport = { stack, found: true, dryRun, resources: [] };
  for (const entry of entries) {
    const base = { kind: entry.kind, name: entry.spec.name };
    if (!entry.owned) {
      report.resources.push({ ...base, action: 'kept', note: 'existed before up; left alone' });
      if (!dryRun) ledger.forget(stack, entry.kind, entry.key);
      continue;
    }
    if (dryRun) {
      report.resources.push({ ...base, action: 'delete' });
      continue;
    }
    const kind = kinds.get(entry.kind) as NonNullable<ReturnType<KindRegistry['get']>>;
    try {
      const outcome = await kind.remove(host, entry.spec, { force });
      ledger.forget(stack, entry.kind, entry.key);
      report.resources.push({
        ...base,
        action: outcome,
        ...(outcome === 'absent' ? { note: 'already gone' } : {}),
      });
    } catch (err) {
      throw new ModelmillError(
        isModelmillError(err) ? err.code : 'InternalFailure',
        `removing ${entry.kind} '${entry.spec.name}' failed: ${errorMessage(err)}. What was removed before it is forgotten; fix the problem and run down again`,
        { cause: err, fault: isModelmillError(err) ? err.fault : 'server' },
      );
    }
  }
  if (!dryRun) ledger.dropStack(stack);
  return report;
}

/** The stacks applied so far, with where they came from. */
export function listStacks(host: ResourceHost) {
  return createLedger(host.db).listStacks();
}

/** The stack last applied from a resolved config path, if any. */
export function stackForSource(host: ResourceHost, source: string): string | undefined {
  return createLedger(host.db).stackForSource(source)?.stack;
}

async function checkRemovals(
  host: ResourceHost,
  kinds: KindRegistry,
  entries: LedgerEntry[],
  force: boolean,
): Promise<void> {
  const problems: string[] = [];
  for (const entry of entries.filter((e) => e.owned)) {
    const kind = kinds.get(entry.kind);
    if (!kind) {
      problems.push(
        `${entry.kind} '${entry.spec.name}': this version of modelmill does not know the kind '${entry.kind}'; remove it with the version that created it`,
      );
      continue;
    }
    const problem = await kind.checkRemove?.(host, entry.spec, { force });
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) {
    throw new ModelmillError(
      'ValidationError',
      `down refused; nothing was removed:\n${problems.join('\n')}`,
      { details: { problems } },
    );
  }
}
