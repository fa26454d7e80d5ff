import { existsSync } from 'node:fs';
import { parseS3Uri } from '../../core/index.js';
import type { SageMakerContext } from './context.js';
import { missingImage, resolveImage } from './images.js';
import { listPage, pick } from './listing.js';
import { Kind, arnOf, checkName, required, seconds, validation } from './names.js';
import { listSource } from './staging.js';
import type {
  CreateEndpointConfigInput,
  CreateModelInput,
  EndpointConfigDescription,
  ModelDescription,
  SageMakerHosting,
} from './types.js';

/**
 * Models and endpoint configurations: records, checked as SageMaker checks
 * them (the image must resolve, the model data must exist, the variants' models
 * must exist), with SageMaker's `Could not find ...` and `Cannot create
 * already existing ...` ValidationExceptions.
 */

/** The model called `name`, or ValidationException `Could not find model`. */
export function requireModel(ctx: SageMakerContext, name: unknown): ModelDescription {
  const row =
    typeof name === 'string' ? ctx.store.get<ModelDescription>(Kind.Model, name) : undefined;
  if (!row)
    throw validation(`Could not find model "${arnOf(ctx.scope, Kind.Model, String(name))}".`);
  return row.doc;
}

/** The endpoint configuration called `name`, or ValidationException. */
export function requireEndpointConfig(
  ctx: SageMakerContext,
  name: unknown,
): EndpointConfigDescription {
  const row =
    typeof name === 'string'
      ? ctx.store.get<EndpointConfigDescription>(Kind.EndpointConfig, name)
      : undefined;
  if (!row)
    throw validation(
      `Could not find endpoint configuration "${arnOf(ctx.scope, Kind.EndpointConfig, String(name))}".`,
    );
  return row.doc;
}

async function checkModelData(ctx: SageMakerContext, url: string | undefined): Promise<void> {
  if (!url) return;
  let found: boolean;
  try {
    const { bucket, key } = parseS3Uri(url);
    found = /\.(tar\.gz|tgz)$/.test(key)
      ? existsSync(ctx.objects.localPath(bucket, key))
      : (await listSource(ctx.objects, url)).length > 0;
  } catch {
    found = false;
  }
  if (!found)
    throw validation(
      `Could not find model data at ${url}. Write the model there first (a training job's ModelArtifacts.S3ModelArtifacts), or fix ModelDataUrl.`,
    );
}

async function createModel(
  ctx: SageMakerContext,
  input: CreateModelInput,
): Promise<{ ModelArn: string }> {
  const name = checkName(input?.ModelName, 'modelName');
  const containers = input.PrimaryContainer ? [input.PrimaryContainer] : (input.Containers ?? []);
  if (containers.length === 0)
    throw validation(`Model '${name}' needs a PrimaryContainer or Containers (each with an Image)`);
  for (const [i, container] of containers.entries()) {
    const where = input.PrimaryContainer ? 'PrimaryContainer' : `Containers[${i}]`;
    const image = String(required(container.Image, `${where}.Image`));
    if (resolveImage(ctx.images, image).kind === 'missing')
      throw missingImage(image, `${where}.Image`);
    await checkModelData(ctx, container.ModelDataUrl);
  }
  const arn = arnOf(ctx.scope, Kind.Model, name);
  if (ctx.store.get(Kind.Model, name))
    throw validation(`Cannot create already existing model "${arn}".`);
  const now = seconds(ctx.clock.now());
  const { Tags: _tags, ...fields } = input;
  const doc: ModelDescription = {
    ...fields,
    ModelName: name,
    ModelArn: arn,
    CreationTime: now,
    EnableNetworkIsolation: input.EnableNetworkIsolation ?? false,
  };
  ctx.store.put({ kind: Kind.Model, name, created: now, status: 'Created', doc });
  return { ModelArn: arn };
}

function createEndpointConfig(
  ctx: SageMakerContext,
  input: CreateEndpointConfigInput,
): { EndpointConfigArn: string } {
  const name = checkName(input?.EndpointConfigName, 'endpointConfigName');
  const variants = required(input.ProductionVariants, 'productionVariants');
  if (!Array.isArray(variants) || variants.length === 0) {
    throw validation(
      `Endpoint configuration '${name}' needs at least one ProductionVariant ({"VariantName", "ModelName", ...})`,
    );
  }
  const seen = new Set<string>();
  for (const variant of variants) {
    const variantName = String(
      required(variant.VariantName, 'productionVariants.member.variantName'),
    );
    if (seen.has(variantName))
      throw validation(
        `Variant names must be unique: '${variantName}' is given twice in ProductionVariants`,
      );
    seen.add(variantName);
    requireModel(ctx, variant.ModelName);
  }
  const arn = arnOf(ctx.scope, Kind.EndpointConfig, name);
  if (ctx.store.get(Kind.EndpointConfig, name))
    throw validation(`Cannot create already existing endpoint configuration "${arn}".`);
  const now = seconds(ctx.clock.now());
  const { Tags: _tags, ...fields } = input;
  const doc: EndpointConfigDescription = {
    ...fields,
    EndpointConfigName: name,
    EndpointConfigArn: arn,
    ProductionVariants: variants.map((v) => ({ InitialVariantWeight: 1, ...v })),
    CreationTime: now,
  };
  ctx.store.put({ kind: Kind.EndpointConfig, name, created: now, status: 'Created', doc });
  return { EndpointConfigArn: arn };
}

/** The model and endpoint configuration operations of the port. */
export function modelOps(
  ctx: SageMakerContext,
): Pick<
  SageMakerHosting,
  | 'createModel'
  | 'describeModel'
  | 'listModels'
  | 'deleteModel'
  | 'createEndpointConfig'
  | 'describeEndpointConfig'
  | 'listEndpointConfigs'
  | 'deleteEndpointConfig'
> {
  return {
    createModel: (input) => createModel(ctx, input),
    describeModel: async (input) => requireModel(ctx, input?.ModelName),
    async listModels(input = {}) {
      const page = listPage(ctx.store.list(Kind.Model), input, {
        nameField: 'ModelName',
        defaultOrder: 'Descending',
        summarize: (r) => pick(r.doc, ['ModelName', 'ModelArn', 'CreationTime']),
      });
      return { Models: page.items, ...(page.NextToken ? { NextToken: page.NextToken } : {}) };
    },
    async deleteModel(input) {
      requireModel(ctx, input?.ModelName);
      ctx.store.delete(Kind.Model, input.ModelName);
      return {};
    },
    createEndpointConfig: async (input) => createEndpointConfig(ctx, input),
    describeEndpointConfig: async (input) => requireEndpointConfig(ctx, input?.EndpointConfigName),
    async listEndpointConfigs(input = {}) {
      const page = listPage(ctx.store.list(Kind.EndpointConfig), input, {
        nameField: 'EndpointConfigName',
        defaultOrder: 'Descending',
        summarize: (r) => pick(r.doc, ['EndpointConfigName', 'EndpointConfigArn', 'CreationTime']),
      });
      return {
        EndpointConfigs: page.items,
        ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      };
    },
    async deleteEndpointConfig(input) {
      requireEndpointConfig(ctx, input?.EndpointConfigName);
      ctx.store.delete(Kind.EndpointConfig, input.EndpointConfigName);
      return {};
    },
  };
}
