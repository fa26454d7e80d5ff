import { join } from 'node:path';
import { ModelmillError, errorMessage } from '../../core/index.js';
import type { Deployment, SageMakerContext } from './context.js';
import { notify, waitUntil } from './context.js';
import { listPage, pick } from './listing.js';
import { requireEndpointConfig, requireModel } from './models.js';
import { Kind, arnOf, checkName, seconds, validation } from './names.js';
import type { ModelServer } from './serving.js';
import { containerOf, startModelServer } from './serving.js';
import { ClientError } from './staging.js';
import type { ResourceRow } from './store.js';
import type {
  EndpointConfigDescription,
  EndpointDescription,
  EndpointStatus,
  ProductionVariantSummary,
  SageMakerHosting,
} from './types.js';

/**
 * Endpoints: CreateEndpoint (Creating → InService, or Failed with the
 * reason), UpdateEndpoint (Updating → InService on the new configuration; a
 * failed update rolls back to the old servers, InService, with the reason in
 * FailureReason), DeleteEndpoint (servers stopped), and SageMaker Runtime's
 * InvokeEndpoint, spread over the variants by weight. Each variant runs one
 * model server; its output goes to `/aws/sagemaker/Endpoints/<endpoint>`
 * under `<variant>/<instance>`.
 */

type Row = ResourceRow<EndpointDescription>;
const SETTLED = new Set<string>(['InService', 'Failed', 'OutOfService']);

function endpointArn(ctx: SageMakerContext, name: string): string {
  return arnOf(ctx.scope, Kind.Endpoint, name);
}

function requireEndpoint(ctx: SageMakerContext, name: unknown): Row {
  const row =
    typeof name === 'string' ? ctx.store.get<EndpointDescription>(Kind.Endpoint, name) : undefined;
  if (!row) throw validation(`Could not find endpoint "${endpointArn(ctx, String(name))}".`);
  return row;
}

function save(ctx: SageMakerContext, row: Row, status?: EndpointStatus): void {
  if (status) row.doc.EndpointStatus = status;
  row.doc.LastModifiedTime = seconds(ctx.clock.now());
  row.status = row.doc.EndpointStatus;
  ctx.store.put(row);
  notify(ctx, Kind.Endpoint, row.name);
}

async function stopAll(servers: Iterable<ModelServer>): Promise<void> {
  await Promise.all([...servers].map((s) => s.stop().catch(() => undefined)));
}

function summaries(
  ctx: SageMakerContext,
  config: EndpointConfigDescription,
): ProductionVariantSummary[] {
  const now = seconds(ctx.clock.now());
  return config.ProductionVariants.map((v) => {
    const image = String(containerOf(requireModel(ctx, v.ModelName)).Image);
    const weight = v.InitialVariantWeight ?? 1;
    const count = v.ServerlessConfig
      ? {}
      : { CurrentInstanceCount: 1, DesiredInstanceCount: v.InitialInstanceCount ?? 1 };
    return {
      VariantName: v.VariantName,
      DeployedImages: [{ SpecifiedImage: image, ResolvedImage: image, ResolutionTime: now }],
      CurrentWeight: weight,
      DesiredWeight: weight,
      ...count,
    };
  });
}

async function startServers(
  ctx: SageMakerContext,
  name: string,
  config: EndpointConfigDescription,
): Promise<Map<string, ModelServer>> {
  const servers = new Map<string, ModelServer>();
  try {
    for (const variant of config.ProductionVariants) {
      const model = requireModel(ctx, variant.ModelName);
      const instance = `i-${ctx.ids.uuid().replace(/-/g, '').slice(0, 17)}`;
      const server = await startModelServer(ctx, model, {
        folder: join(ctx.workDir, 'endpoints', name.toLowerCase(), variant.VariantName),
        log: {
          group: `/aws/sagemaker/Endpoints/${name}`,
          stream: `${variant.VariantName}/${instance}`,
        },
      });
      servers.set(variant.VariantName, server);
    }
    return servers;
  } catch (err) {
    await stopAll(servers.values());
    throw err;
  }
}

/** Starts the servers of `configName` for the endpoint and swaps them in (or records the failure). */
export async function deploy(ctx: SageMakerContext, row: Row, configName: string): Promise<void> {
  const epoch = ctx.epoch;
  const key = row.name.toLowerCase();
  try {
    const config = requireEndpointConfig(ctx, configName);
    const servers = await startServers(ctx, row.name, config);
    const current = ctx.store.get<EndpointDescription>(Kind.Endpoint, row.name);
    if (epoch !== ctx.epoch || !current) return await stopAll(servers.values());
    const old = ctx.deployments.get(key);
    const weights = new Map(
      config.ProductionVariants.map((v) => [v.VariantName, v.InitialVariantWeight ?? 1]),
    );
    const deployment: Deployment = { configName, servers, weights, calls: 0 };
    ctx.deployments.set(key, deployment);
    if (old) await stopAll(old.servers.values());
    const { FailureReason: _previous, ...doc } = current.doc;
    current.doc = {
      ...doc,
      EndpointConfigName: configName,
      ProductionVariants: summaries(ctx, config),
    };
    save(ctx, current, 'InService');
  } catch (err) {
    const current = ctx.store.get<EndpointDescription>(Kind.Endpoint, row.name);
    if (epoch !== ctx.epoch || !current) return;
    const reason =
      err instanceof ClientError ? err.message.replace(/^ClientError: /, '') : errorMessage(err);
    current.doc.FailureReason = reason.slice(0, 1024);
    save(ctx, current, ctx.deployments.has(key) ? 'InService' : 'Failed');
  }
}

function pickVariant(
  deployment: Deployment,
  target: string | undefined,
  name: string,
): [string, ModelServer] {
  if (target !== undefined) {
    const server = deployment.servers.get(target);
    if (!server)
      throw new ModelmillError(
        'ValidationError',
        `Endpoint ${name} has no variant '${target}' (it has ${[...deployment.servers.keys()].join(', ')}); fix TargetVariant`,
      );
    return [target, server];
  }
  const entries = [...deployment.servers.entries()];
  const total = entries.reduce((s, [v]) => s + (deployment.weights.get(v) ?? 1), 0);
  // A low-discrepancy sequence spreads calls over the variants by weight, deterministically.
  let point = ((deployment.calls++ * 0.6180339887) % 1) * total;
  for (const entry of entries) {
    point -= deployment.weights.get(entry[0]) ?? 1;
    if (point < 0) return entry;
  }
  return entries[entries.length - 1] as [string, ModelServer];
}

/** The endpoint operations of the port, InvokeEndpoint included. */
export function endpointOps(
  ctx: SageMakerContext,
): Pick<
  SageMakerHosting,
  | 'createEndpoint'
  | 'updateEndpoint'
  | 'describeEndpoint'
  | 'listEndpoints'
  | 'deleteEndpoint'
  | 'waitForEndpoint'
  | 'invokeEndpoint'
> {
  return {
    async createEndpoint(input) {
      const name = checkName(input?.EndpointName, 'endpointName');
      const config = requireEndpointConfig(ctx, input.EndpointConfigName);
      const arn = endpointArn(ctx, name);
      if (ctx.store.get(Kind.Endpoint, name))
        throw validation(`Cannot create already existing endpoint "${arn}".`);
      const now = seconds(ctx.clock.now());
      const row: Row = {
        kind: Kind.Endpoint,
        name,
        created: now,
        status: 'Creating',
        doc: {
          EndpointName: name,
          EndpointArn: arn,
          EndpointConfigName: config.EndpointConfigName,
          EndpointStatus: 'Creating',
          CreationTime: now,
          LastModifiedTime: now,
        },
      };
      save(ctx, row);
      void deploy(ctx, row, config.EndpointConfigName);
      return { EndpointArn: arn };
    },
    async updateEndpoint(input) {
      const row = requireEndpoint(ctx, input?.EndpointName);
      if (row.doc.EndpointStatus !== 'InService') {
        throw validation(
          `Cannot update in-progress endpoint "${row.doc.EndpointArn}": it is ${row.doc.EndpointStatus}; wait until it is InService`,
        );
      }
      const config = requireEndpointConfig(ctx, input.EndpointConfigName);
      save(ctx, row, 'Updating');
      void deploy(ctx, row, config.EndpointConfigName);
      return { EndpointArn: row.doc.EndpointArn };
    },
    describeEndpoint: async (input) => requireEndpoint(ctx, input?.EndpointName).doc,
    async listEndpoints(input = {}) {
      const page = listPage(ctx.store.list(Kind.Endpoint), input, {
        nameField: 'EndpointName',
        statusField: 'EndpointStatus',
        defaultOrder: 'Descending',
        summarize: (r) =>
          pick(r.doc, [
            'EndpointName',
            'EndpointArn',
            'CreationTime',
            'LastModifiedTime',
            'EndpointStatus',
          ]),
      });
      return { Endpoints: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
    async deleteEndpoint(input) {
      const row = requireEndpoint(ctx, input?.EndpointName);
      const deployment = ctx.deployments.get(row.name.toLowerCase());
      ctx.deployments.delete(row.name.toLowerCase());
      ctx.store.delete(Kind.Endpoint, row.name);
      notify(ctx, Kind.Endpoint, row.name);
      if (deployment) await stopAll(deployment.servers.values());
      return {};
    },
    waitForEndpoint: (name, options = {}) =>
      waitUntil(
        ctx,
        Kind.Endpoint,
        name,
        () => requireEndpoint(ctx, name).doc,
        (d) => SETTLED.has(d.EndpointStatus),
        options.signal,
      ),
    async invokeEndpoint(input) {
      const name = String(input?.EndpointName);
      const row = ctx.store.get<EndpointDescription>(Kind.Endpoint, name);
      if (!row)
        throw new ModelmillError(
          'ValidationError',
          `Endpoint ${name} of account ${ctx.scope.accountId} not found.`,
        );
      const deployment = ctx.deployments.get(row.name.toLowerCase());
      if (!deployment) {
        throw new ModelmillError(
          'ValidationError',
          `Endpoint ${name} is not ready: it is ${row.doc.EndpointStatus}${row.doc.FailureReason ? ` (${row.doc.FailureReason})` : ''}; wait until it is InService`,
        );
      }
      const [variant, server] = pickVariant(deployment, input.TargetVariant, name);
      const answer = await server
        .invoke(input.Body, input.ContentType, input.Accept)
        .catch((err: unknown) => {
          throw new ModelmillError(
            'ModelError',
            `The model of variant ${variant} could not be reached: ${errorMessage(err)}`,
          );
        });
      if (answer.status < 200 || answer.status >= 300) {
        const text = answer.body.toString('utf8').slice(0, 1000);
        throw new ModelmillError(
          'ModelError',
          `Received client error (${answer.status}) from primary with message "${text}". See the log group /aws/sagemaker/Endpoints/${name} for more information.`,
          {
            details: {
              OriginalStatusCode: answer.status,
              OriginalMessage: text,
              LogStreamArn: `arn:aws:logs:${ctx.scope.region}:${ctx.scope.accountId}:log-group:/aws/sagemaker/Endpoints/${name}`,
            },
          },
        );
      }
      return {
        Body: answer.body,
        ContentType: answer.contentType,
        InvokedProductionVariant: variant,
      };
    },
  };
}

/** Serves again the endpoints a previous process served (or was creating or updating). */
export async function recoverEndpoints(ctx: SageMakerContext): Promise<void> {
  const rows = ctx.store.list<EndpointDescription>(Kind.Endpoint, {
    statuses: ['InService', 'Creating', 'Updating'],
  });
  await Promise.all(
    rows
      .filter((r) => !ctx.deployments.has(r.name.toLowerCase()))
      .map((r) => deploy(ctx, r, r.doc.EndpointConfigName)),
  );
}

/** Stops every model server of every endpoint. */
export async function stopEndpoints(ctx: SageMakerContext): Promise<void> {
  const all = [...ctx.deployments.values()];
  ctx.deployments.clear();
  await stopAll(all.flatMap((d) => [...d.servers.values()]));
}
