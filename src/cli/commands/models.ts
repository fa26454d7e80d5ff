import type { Command } from 'commander';
import { ModelmillError } from '../../core/index.js';
import type { Modelmill } from '../../modelmill.js';
import { createModelmill } from '../../modelmill.js';
import type {
  ModelApprovalStatus,
  ModelRegistry,
  ServiceEventBus,
} from '../../services/sagemaker/index.js';
import { createLocalModelRegistry, serviceEventsPort } from '../../services/sagemaker/index.js';
import { printJson, println, table, when } from '../output.js';

/**
 * `modelmill models`: the model registry from the command line.
 * - `models list [--group G] [--status S] [--output table|json]`: model
 *   package versions, newest first;
 * - `models describe ARN|group/version`: the DescribeModelPackage document;
 * - `models approve ARN|group/version [--description TEXT]` and
 *   `models reject ...`: UpdateModelPackage, which puts the `SageMaker Model
 *   Package State Change` event approval rules listen for.
 */

const STATUSES = ['Approved', 'Rejected', 'PendingManualApproval'];

/** The instance's registry, or one over its database until the composition root wires SageMaker. */
export function registryOf(mm: Modelmill): ModelRegistry {
  const services = mm.services as unknown as {
    sagemaker?: ModelRegistry;
    events?: ServiceEventBus;
  };
  if (services.sagemaker) return services.sagemaker;
  const events = services.events ? serviceEventsPort(services.events) : undefined;
  return createLocalModelRegistry({
    db: mm.db,
    scope: { region: mm.config.region, accountId: mm.config.accountId },
    clock: mm.clock,
    logger: mm.logger,
    ...(events ? { events } : {}),
  });
}

async function withRegistry(fn: (registry: ModelRegistry) => Promise<void>): Promise<void> {
  const mm = await createModelmill();
  try {
    await fn(registryOf(mm));
    // An approval starts what its rules target (the DAPM approval hand-off): let it finish.
    await mm.settle();
  } finally {
    await mm.close();
  }
}

function checkStatus(status: string | undefined): ModelApprovalStatus | undefined {
  if (status === undefined) return undefined;
  if (!STATUSES.includes(status)) {
    throw new ModelmillError(
      'InvalidArgument',
      `--status must be one of ${STATUSES.join(', ')} (got '${status}')`,
    );
  }
  return status as ModelApprovalStatus;
}

async function list(
  registry: ModelRegistry,
  opts: { group?: string; status?: string; output: string },
): Promise<void> {
  if (opts.output !== 'table' && opts.output !== 'json') {
    throw new ModelmillError(
      'InvalidArgument',
      `--output must be table or json (got '${opts.output}')`,
    );
  }
  const status = checkStatus(opts.status);
  const summaries = [];
  let token: string | undefined;
  do {
    const page = await registry.listModelPackages({
      ModelPackageType: 'Both',
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      ...(opts.group ? { ModelPackageGroupName: opts.group } : {}),
      ...(status ? { ModelApprovalStatus: status } : {}),
      ...(token ? { NextToken: token } : {}),
    });
    summaries.push(...page.ModelPackageSummaryList);
    token = page.NextToken;
  } while (token);
  if (opts.output === 'json') return printJson(summaries);
  if (summaries.length === 0) return println('no model packages');
  println(
    table(
      ['GROUP', 'VERSION', 'STATUS', 'CREATED', 'ARN'],
      summaries.map((s) => [
        s.ModelPackageGroupName ?? '',
        s.ModelPackageVersion,
        s.ModelApprovalStatus ?? '',
        when(s.CreationTime * 1000),
        s.ModelPackageArn,
      ]),
    ),
  );
}

async function decide(
  registry: ModelRegistry,
  name: string,
  status: ModelApprovalStatus,
  description: string | undefined,
): Promise<void> {
  const { ModelPackageArn } = await registry.describeModelPackage({ ModelPackageName: name });
  await registry.updateModelPackage({
    ModelPackageArn,
    ModelApprovalStatus: status,
    ...(description === undefined ? {} : { ApprovalDescription: description }),
  });
  println(`${ModelPackageArn} ${status}`);
}

/** Registers `modelmill models list|describe|approve|reject`. */
export function registerModels(program: Command, setExit: (code: number) => void): void {
  const models = program
    .command('models')
    .description('the model registry: model package versions and their approval');
  models
    .command('list')
    .description('list model package versions, newest first')
    .option('--group <name>', 'only this model package group')
    .option('--status <status>', 'only Approved, Rejected or PendingManualApproval')
    .option('--output <format>', 'table or json', 'table')
    .action(async (opts: { group?: string; status?: string; output: string }) => {
      await withRegistry((registry) => list(registry, opts));
      setExit(0);
    });
  models
    .command('describe <package>')
    .description('show a model package (ARN or group/version) as JSON')
    .action(async (name: string) => {
      await withRegistry(async (registry) =>
        printJson(await registry.describeModelPackage({ ModelPackageName: name })),
      );
      setExit(0);
    });
  for (const [verb, status] of [
    ['approve', 'Approved'],
    ['reject', 'Rejected'],
  ] as const) {
    models
      .command(`${verb} <package>`)
      .description(
        `mark a model package (ARN or group/version) ${status}; puts the state-change event`,
      )
      .option('--description <text>', 'why (ApprovalDescription)')
      .action(async (name: string, opts: { description?: string }) => {
        await withRegistry((registry) => decide(registry, name, status, opts.description));
        setExit(0);
      });
  }
}
