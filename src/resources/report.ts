import type { ApplyReport, ResourceChange } from './apply.js';
import type { RemoveReport } from './remove.js';

/**
 * Reports as text: one line per resource (`created bucket my-bucket`) and a
 * summary counting each action.
 */

/** `created bucket my-bucket (value)` / `unchanged table jobs — existed before up; down leaves it`. */
export function formatChange(change: ResourceChange): string {
  const changes =
    change.changes && change.changes.length > 0 ? ` (${change.changes.join(', ')})` : '';
  const note = change.note ? ` — ${change.note}` : '';
  return `${change.action} ${change.kind} ${change.name}${changes}${note}`;
}

/** `3 created, 1 unchanged`. */
export function summarize(changes: readonly ResourceChange[]): string {
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.action, (counts.get(change.action) ?? 0) + 1);
  if (counts.size === 0) return 'no resources';
  const planned = new Set(['create', 'update', 'delete']);
  return [...counts]
    .map(([action, n]) => (planned.has(action) ? `${n} to ${action}` : `${n} ${action}`))
    .join(', ');
}

/** The lines `up` prints. */
export function formatApplyReport(report: ApplyReport): string[] {
  const head = report.dryRun ? `dry run of stack '${report.stack}' (nothing changed)` : undefined;
  return [
    ...(head ? [head] : []),
    ...report.resources.map(formatChange),
    `stack '${report.stack}': ${summarize(report.resources)}`,
  ];
}

/** The lines `down` prints. */
export function formatRemoveReport(report: RemoveReport): string[] {
  if (!report.found) return [`stack '${report.stack}' has nothing applied; nothing to remove`];
  return [
    ...(report.dryRun ? [`dry run of down for stack '${report.stack}' (nothing removed)`] : []),
    ...report.resources.map(formatChange),
    `stack '${report.stack}': ${summarize(report.resources)}`,
  ];
}
