import type { JobArgs } from './orchestration-args.js';
import { runLocations } from './orchestration-args.js';
import type { Row } from './orchestration-tables.js';
import { text } from './orchestration-tables.js';

/**
 * The notice cleanup mails to the use case's topic: a subject SNS accepts
 * (`<uc> Training Status: SUCCEEDED`) and a plain-text body saying what
 * ran, how the partitions did, the winner or the error, and where the
 * outputs are.
 */

/** What the mail reports. */
export interface RunReport {
  status: string;
  error: string;
  cause: string;
  meta: Row | undefined;
  partitions: { total: number; succeeded: number; failed: number; unfinished: number };
  failures: string[];
  cleanupProblems: string[];
}

/** `<uc> Training Status: SUCCEEDED` (at most 100 characters, as SNS requires). */
export function mailSubject(job: JobArgs, status: string): string {
  const what = job.ctx === 'training' ? 'Training' : 'Inference';
  return `${job.useCase} ${what} Status: ${status}`.slice(0, 100);
}

function winnerLines(job: JobArgs, meta: Row | undefined): string[] {
  if (!meta) return [];
  if (job.ctx === 'inferencing') {
    return [
      `Model: ${text(meta.winner_algorithm, '?')} from ${text(meta.approved_model_prefix_path, '?')}`,
    ];
  }
  if (meta.algo_with_highest_score === undefined) return [];
  const scores = Array.isArray(meta.algo_score)
    ? (meta.algo_score as Row[])
        .map((s) => `${String(s.algo_name)}=${String(s.algo_score)}`)
        .join(', ')
    : '';
  return [
    `Winner: ${text(meta.algo_with_highest_score)}${meta.metric_name ? ` (${text(meta.metric_name)})` : ''}${scores ? ` — scores ${scores}` : ''}`,
    ...(meta.model_package_arn
      ? [`Model package: ${text(meta.model_package_arn)} (PendingManualApproval)`]
      : []),
  ];
}

function outputLines(job: JobArgs): string[] {
  const at = runLocations(job.sharedBucket, job.run);
  const lines =
    job.ctx === 'training'
      ? [
          `  models          ${at.training}`,
          `  predictions     ${at.predOrEval}`,
          `  evaluation      ${at.evaluationSummary}`,
        ]
      : [`  predictions     ${at.inferenceOut}`, `  summary         ${at.inferenceSummary}`];
  return [...lines, `  job debug dump  ${at.debug}`, `  run metadata    ${at.meta}`];
}

/** The mail body. */
export function mailBody(job: JobArgs, report: RunReport): string {
  const { meta, partitions: p } = report;
  const lines = [
    `DAPM ${job.ctx} run ${job.run.stepJobId} of use case ${job.useCase}: ${report.status}`,
    '',
    `Execution: ${job.executionId}`,
    `Run date: ${job.run.year}-${job.run.month}-${job.run.day}`,
    ...(meta
      ? [`Commit: ${text(meta.commit_id, '?')}  Repository: ${text(meta.repository, '?')}`]
      : []),
    ...(meta?.algo_names ? [`Algorithms: ${text(meta.algo_names)}`] : []),
    `Partitions: ${p.total} — ${p.succeeded} succeeded, ${p.failed} failed${p.unfinished ? `, ${p.unfinished} unfinished (terminated)` : ''}`,
    ...winnerLines(job, meta),
  ];
  if (report.status !== 'SUCCEEDED') {
    lines.push('', `Error: ${report.error || 'unknown'}`);
    if (report.cause) lines.push(`Cause: ${report.cause}`);
  }
  if (report.failures.length > 0) {
    lines.push('', 'Failed partitions:', ...report.failures.slice(0, 20).map((f) => `  ${f}`));
    if (report.failures.length > 20)
      lines.push(`  ... and ${report.failures.length - 20} more (see the debug dump)`);
  }
  if (report.cleanupProblems.length > 0) {
    lines.push('', 'Cleanup could not finish:', ...report.cleanupProblems.map((c) => `  ${c}`));
  }
  lines.push('', 'Outputs:', ...outputLines(job));
  return lines.join('\n') + '\n';
}
