import { join } from 'node:path';
import { errorMessage } from '../../core/index.js';
import type { Deployment, SageMakerContext } from './context.js';
import { notify } from './context.js';
import { requireEndpointConfig, requireModel } from './models.js';
import { Kind, seconds } from './names.js';
import type { ModelServer } from './serving.js';
import { containerOf, startModelServer } from './serving.js';
import { ClientError } from './staging.js';
import type { ResourceRow } from './store.js';
import type {
  EndpointConfigDescription,
  EndpointDescription,
  EndpointStatus,
  ProductionVariantSummary,
} from './types.js';

/**
 * Deploying an endpoint configuration: one model server per variant, swapped
 * in once all are up (the old ones stopped after); a failure leaves the old
 * servers serving (InService, FailureReason set) or, for a new endpoint,
 * Failed. Also: serving again after a restart, and stopping everything.
 */

type Row = ResourceRow<EndpointDescription>;

/** Saves the endpoint and wakes its waiters. */
export function saveEndpoint(ctx: SageMakerContext, row: Row, status?: EndpointStatus): void {
  if (status) row.doc.EndpointStatus = status;
  row.doc.LastModifiedTime = seconds(ctx.clock.now());
  row.status = row.doc.EndpointStatus;
  ctx.store.put(row);
  notify(ctx, Kind.Endpoint, row.name);
}

/** Stops servers, ignoring their errors. */
export async function stopAll(servers: Iterable<ModelServer>): Promise<void> {
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
    saveEndpoint(ctx, current, 'InService');
  } catch (err) {
    const current = ctx.store.get<EndpointDescription>(Kind.Endpoint, row.name);
    if (epoch !== ctx.epoch || !current) return;
    const reason =
      err instanceof ClientError ? err.message.replace(/^ClientError: /, '') : errorMessage(err);
    current.doc.FailureReason = reason.slice(0, 1024);
    saveEndpoint(ctx, current, ctx.deployments.has(key) ? 'InService' : 'Failed');
  }
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
