import { ModelmillError, errorMessage } from '../../core/index.js';
import type { Deployment, SageMakerContext } from './context.js';
import { notify, waitUntil } from './context.js';
import { deploy, saveEndpoint, stopAll } from './deploy.js';
import { listPage, pick } from './listing.js';
import { requireEndpointConfig } from './models.js';
import { Kind, arnOf, checkName, seconds, validation } from './names.js';
import type { ModelServer } from './serving.js';
import type { ResourceRow } from './store.js';
import type {
  EndpointDescription,
  InvokeEndpointInput,
  InvokeEndpointOutput,
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

function createEndpoint(
  ctx: SageMakerContext,
  input: { EndpointName: string; EndpointConfigName: string },
): { EndpointArn: string } {
  const name = checkName(input?.EndpointName, 'endpointName');
  const config = requireEndpointConfig(ctx, input.EndpointConfigName);
  const arn = endpointArn(ctx, name);
  if (ctx.store.get(Kind.Endpoint, name)) {
    throw validation(`Cannot create already existing endpoint "${arn}".`);
  }
  const now = seconds(ctx.clock.now());
  const doc: EndpointDescription = {
    EndpointName: name,
    EndpointArn: arn,
    EndpointConfigName: config.EndpointConfigName,
    EndpointStatus: 'Creating',
    CreationTime: now,
    LastModifiedTime: now,
  };
  const row: Row = { kind: Kind.Endpoint, name, created: now, status: 'Creating', doc };
  saveEndpoint(ctx, row);
  void deploy(ctx, row, config.EndpointConfigName);
  return { EndpointArn: arn };
}

function updateEndpoint(
  ctx: SageMakerContext,
  input: { EndpointName: string; EndpointConfigName: string },
): { EndpointArn: string } {
  const row = requireEndpoint(ctx, input?.EndpointName);
  if (row.doc.EndpointStatus === 'Failed') {
    throw validation(
      `Cannot update failed endpoint "${row.doc.EndpointArn}": delete it (DeleteEndpoint) and create it again`,
    );
  }
  if (row.doc.EndpointStatus !== 'InService') {
    throw validation(
      `Cannot update in-progress endpoint "${row.doc.EndpointArn}": it is ${row.doc.EndpointStatus}; wait until it is InService`,
    );
  }
  const config = requireEndpointConfig(ctx, input.EndpointConfigName);
  saveEndpoint(ctx, row, 'Updating');
  void deploy(ctx, row, config.EndpointConfigName);
  return { EndpointArn: row.doc.EndpointArn };
}

function modelError(
  ctx: SageMakerContext,
  name: string,
  status: number,
  body: Buffer,
): ModelmillError {
  const text = body.toString('utf8').slice(0, 1000);
  const group = `/aws/sagemaker/Endpoints/${name}`;
  return new ModelmillError(
    'ModelError',
    `Received client error (${status}) from primary with message "${text}". See the log group ${group} for more information.`,
    {
      details: {
        OriginalStatusCode: status,
        OriginalMessage: text,
        LogStreamArn: `arn:aws:logs:${ctx.scope.region}:${ctx.scope.accountId}:log-group:${group}`,
      },
    },
  );
}

async function invokeEndpoint(
  ctx: SageMakerContext,
  input: InvokeEndpointInput,
): Promise<InvokeEndpointOutput> {
  const name = String(input?.EndpointName);
  const row = ctx.store.get<EndpointDescription>(Kind.Endpoint, name);
  if (!row) {
    throw new ModelmillError(
      'ValidationError',
      `Endpoint ${name} of account ${ctx.scope.accountId} not found.`,
    );
  }
  const deployment = ctx.deployments.get(row.name.toLowerCase());
  if (!deployment) {
    const why = row.doc.FailureReason ? ` (${row.doc.FailureReason})` : '';
    throw new ModelmillError(
      'ValidationError',
      `Endpoint ${name} is not ready: it is ${row.doc.EndpointStatus}${why}; wait until it is InService`,
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
  if (answer.status < 200 || answer.status >= 300)
    throw modelError(ctx, name, answer.status, answer.body);
  return { Body: answer.body, ContentType: answer.contentType, InvokedProductionVariant: variant };
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
    createEndpoint: async (input) => createEndpoint(ctx, input),
    updateEndpoint: async (input) => updateEndpoint(ctx, input),
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
    invokeEndpoint: (input) => invokeEndpoint(ctx, input),
  };
}
