import { z } from 'zod';
import { nameFromArnOrName } from '../../core/index.js';
import type { ResourceHost } from '../types.js';

/** What the Batch kinds share: Batch's name rule, and looking environments and queues up by name. */

/** A Batch name: 1-128 letters, digits, `-` and `_`, starting with a letter or digit. */
export const batchName = z
  .string()
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9_-]{0,127}$/,
    'a Batch name is 1-128 letters, digits, hyphens and underscores, starting with a letter or digit',
  );

/** ENABLED (default) or DISABLED. */
export const batchState = z.enum(['ENABLED', 'DISABLED']).default('ENABLED');

/** The compute environment named `nameOrArn` (by name, whatever account or region), if it exists. */
export async function findComputeEnvironment(host: ResourceHost, nameOrArn: string) {
  const name = nameFromArnOrName(nameOrArn);
  const page = await host.services.batch.describeComputeEnvironments({
    computeEnvironments: [name],
  });
  return page.computeEnvironments.find((ce) => ce.computeEnvironmentName === name);
}

/** The job queue named `name`, if it exists. */
export async function findJobQueue(host: ResourceHost, name: string) {
  const page = await host.services.batch.describeJobQueues({ jobQueues: [name] });
  return page.jobQueues.find((q) => q.jobQueueName === name);
}

/** Every job queue (all pages). */
export async function allJobQueues(host: ResourceHost) {
  const queues = [];
  let nextToken: string | undefined;
  do {
    const page = await host.services.batch.describeJobQueues(nextToken ? { nextToken } : {});
    queues.push(...page.jobQueues);
    nextToken = page.nextToken;
  } while (nextToken);
  return queues;
}

/** Batch-style tags synthesize as a map (unlike most resource types' `[{ Key, Value }]`). */
export function batchTags(tags: Record<string, string> | undefined) {
  return tags && Object.keys(tags).length > 0 ? tags : undefined;
}
