import { ModelmillError, errorMessage, isModelmillError } from '../core/index.js';
import type { CompiledResource, CompileResourcesOptions } from './config.js';
import { compileResources } from './config.js';
import { formatIssue } from './issues.js';
import type { Ledger, LedgerEntry } from './ledger.js';
import { createLedger } from './ledger.js';
import type { KindRegistry } from './registry.js';
import { createKindRegistry } from './registry.js';
import { assertStackName } from './stack-name.js';
import type { ResourceHost, ResourcePlan } from './types.js';

/**
 * `up`: plan every resource first (nothing is touched when any cannot be
 * applied), then apply them in config order, remembering in the ledger what
 * this stack created. Resources dropped from the config are kept (and
 * reported) unless `prune` removes them.
 */

/** What happened, or would happen, to one resource. */
export const ResourceAction = {
  Create: 'create',
  Update: 'update',
  Created: 'created',
  Updated: 'updated',
  Delete: 'delete',
  Unchanged: 'unchanged',
  Deleted: 'deleted',
  Absent: 'absent',
  Kept: 'kept',
} as const;
/** A resource action. */
export type ResourceAction = (typeof ResourceAction)[keyof typeof ResourceAction];

/** One line of a report. */
export interface ResourceChange {
  kind: string;
  name: string;
  action: ResourceAction;
  /** What differs, for updates (`value`, `definition`). */
  changes?: string[];
  /** Why, when it helps (`existed before up; down leaves it`). */
  note?: string;
}

/** What `up` did (or, with `dryRun`, would do). */
export interface ApplyReport {
  stack: string;
  dryRun: boolean;
  resources: ResourceChange[];
}

/** Options of {@link applyResources}. */
export interface ApplyOptions {
  /** The stack the resources belong to. */
  stack: string;
  /** The resolved config path, to tell two configs with the same stack name apart. */
  source?: string;
  /** Plan only; change nothing. Default false. */
  dryRun?: boolean;
  /** Remove resources this stack created that the config no longer lists. Default false (kept). */
  prune?: boolean;
  /** Allow non-empty buckets to be pruned with their objects. Default false. */
  force?: boolean;
}

/**
 * Validates and applies resource specs (a config's `resources`, or what a
 * module returns). Throws InvalidConfig listing every problem, or
 * ValidationError listing what cannot change in place; nothing is applied then.
 */
export async function applyResources(
  host: ResourceHost,
  specs: readonly unknown[],
  options: ApplyOptions & Pick<CompileResourcesOptions, 'baseDir' | 'params' | 'kinds'>,
): Promise<ApplyReport> {
  const compiled = compileResources([...specs], options);
  if (!compiled.ok) {
    throw new ModelmillError(
      'InvalidConfig',
      `the resources have ${compiled.issues.length} problem(s); nothing was applied:\n${compiled.issues.map(formatIssue).join('\n')}`,
      { details: { issues: compiled.issues } },
    );
  }
  return applyCompiled(host, compiled.resources, options);
}

/** Applies already compiled resources (see {@link applyResources}). */
export async function applyCompiled(
  host: ResourceHost,
  resources: readonly CompiledResource[],
  options: ApplyOptions & { kinds?: KindRegistry },
): Promise<ApplyReport> {
  assertStackName(options.stack);
  const ledger = createLedger(host.db);
  checkSource(ledger, options);
  const known = new Map(ledger.entries(options.stack).map((e) => [idOf(e.kind, e.key), e]));
  const plans = await planAll(host, resources);
  const listed = new Set(resources.map((r) => idOf(r.kind.kind, r.key)));
  const orphans = [...known.values()].filter((e) => !listed.has(idOf(e.kind, e.key)));
  const dryRun = options.dryRun ?? false;
  if (options.prune && !dryRun) await checkPrune(host, orphans, options);
  const report: ApplyReport = { stack: options.stack, dryRun, resources: [] };
  if (!dryRun) ledger.touchStack(options.stack, options.source, host.clock.now());
  for (const [i, resource] of resources.entries()) {
    const plan = plans[i] as ResourcePlan;
    const entry = known.get(idOf(resource.kind.kind, resource.key));
    const change = dryRun
      ? planned(resource, plan)
      : await applyOne(host, ledger, options.stack, resource);
    const owned =
      entry?.owned === true || change.action === 'created' || change.action === 'create';
    if (!owned && plan.action !== 'create') change.note = 'existed before up; down leaves it';
    report.resources.push(change);
  }
  report.resources.push(...(await handleOrphans(host, ledger, orphans, options)));
  return report;
}

function idOf(kind: string, key: string): string {
  return `${kind}\u0000${key}`;
}

/** Refuses a prune that would have to delete something it may not (a non-empty bucket without force). */
async function checkPrune(
  host: ResourceHost,
  orphans: LedgerEntry[],
  options: ApplyOptions & { kinds?: KindRegistry },
): Promise<void> {
  const kinds = options.kinds ?? createKindRegistry();
  const problems: string[] = [];
  for (const entry of orphans.filter((e) => e.owned)) {
    const problem = await kinds
      .get(entry.kind)
      ?.checkRemove?.(host, entry.spec, { force: options.force ?? false });
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) {
    throw new ModelmillError(
      'ValidationError',
      `--prune cannot remove what the config dropped; nothing was applied:\n${problems.join('\n')}`,
      { details: { problems } },
    );
  }
}

function checkSource(ledger: Ledger, options: ApplyOptions): void {
  const existing = ledger.getStack(options.stack);
  if (existing?.source && options.source && existing.source !== options.source) {
    throw new ModelmillError(
      'ValidationError',
      `stack '${options.stack}' was applied from ${existing.source}, not ${options.source}; pass --stack NAME to keep the two configs apart, or run 'modelmill down --stack ${options.stack}' first`,
    );
  }
}

async function planAll(
  host: ResourceHost,
  resources: readonly CompiledResource[],
): Promise<ResourcePlan[]> {
  const plans: ResourcePlan[] = [];
  const problems: string[] = [];
  for (const resource of resources) {
    const plan = await resource.kind.plan(host, resource.spec);
    if (plan.action === 'conflict')
      problems.push(`resources[${resource.index}] (${resource.label}): ${plan.problem}`);
    plans.push(plan);
  }
  if (problems.length > 0) {
    throw new ModelmillError(
      'ValidationError',
      `${problems.length} resource(s) cannot be applied in place; nothing was applied:\n${problems.join('\n')}`,
      { details: { problems } },
    );
  }
  return plans;
}

function planned(resource: CompiledResource, plan: ResourcePlan): ResourceChange {
  const base = { kind: resource.kind.kind, name: resource.spec.name };
  if (plan.action === 'update') return { ...base, action: 'update', changes: plan.changes };
  return { ...base, action: plan.action === 'create' ? 'create' : 'unchanged' };
}

async function applyOne(
  host: ResourceHost,
  ledger: Ledger,
  stack: string,
  resource: CompiledResource,
): Promise<ResourceChange> {
  const { kind, spec } = resource;
  let plan: ResourcePlan | undefined;
  try {
    plan = await kind.plan(host, spec);
    const outcome = await kind.apply(host, spec);
    ledger.record({
      stack,
      kind: kind.kind,
      key: resource.key,
      spec: kind.redact ? kind.redact(spec) : spec,
      owned: outcome === 'created',
      appliedAt: host.clock.now(),
    });
    return {
      kind: kind.kind,
      name: spec.name,
      action: outcome,
      ...(outcome === 'updated' && plan.action === 'update' ? { changes: plan.changes } : {}),
    };
  } catch (err) {
    throw new ModelmillError(
      isModelmillError(err) ? err.code : 'InternalFailure',
      `applying resources[${resource.index}] (${resource.label}) failed: ${errorMessage(err)}. The resources before it were applied and are recorded in stack '${stack}'; fix the problem and run up again (or down to remove them)`,
      { cause: err, ...(isModelmillError(err) ? { fault: err.fault } : { fault: 'server' }) },
    );
  }
}

async function handleOrphans(
  host: ResourceHost,
  ledger: Ledger,
  orphans: LedgerEntry[],
  options: ApplyOptions & { kinds?: KindRegistry },
): Promise<ResourceChange[]> {
  const kinds = options.kinds ?? createKindRegistry();
  const changes: ResourceChange[] = [];
  for (const entry of orphans.sort((a, b) => b.seq - a.seq)) {
    const base = { kind: entry.kind, name: entry.spec.name };
    const kind = kinds.get(entry.kind);
    if (!options.prune || !entry.owned || !kind) {
      if (options.prune && !options.dryRun && !entry.owned)
        ledger.forget(entry.stack, entry.kind, entry.key);
      changes.push({
        ...base,
        action: 'kept',
        note: !entry.owned
          ? 'no longer in the config; it existed before up, so it is left alone'
          : options.prune
            ? `no longer in the config; kind '${entry.kind}' is unknown to this version, so it is left alone`
            : 'no longer in the config; run up with --prune (or down) to remove it',
      });
      continue;
    }
    if (options.dryRun) {
      changes.push({ ...base, action: 'delete', note: 'no longer in the config' });
      continue;
    }
    const outcome = await kind.remove(host, entry.spec, { force: options.force ?? false });
    ledger.forget(entry.stack, entry.kind, entry.key);
    changes.push({ ...base, action: outcome, note: 'no longer in the config' });
  }
  return changes;
}
