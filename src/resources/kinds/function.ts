import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { jsonEqual } from '../../core/index.js';
import type { CreateFunctionInput, FunctionConfiguration } from '../../services/lambda/index.js';
import type { ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import type { FunctionSpec } from './function-spec.js';
import { functionSchema, parseHandler } from './function-spec.js';
import { synthFunction } from './function-synth.js';
import { unlessMissing } from './support.js';

/**
 * `function`: a Lambda function whose code is a module beside the config
 * (`path#export`, used in place, not copied) or a host command
 * (`command:<words>`). The embedded Lambda has no UpdateFunctionConfiguration,
 * so a changed setting replaces the function (same name and ARN, its tags
 * kept); on AWS the template updates it in place.
 */

/** The `function` kind. */
export const functionKind = defineKind<FunctionSpec>({
  kind: 'function',
  logicalIdSuffix: 'Function',
  schema: functionSchema,
  compile(spec, context) {
    const parsed = parseHandler(spec.handler);
    if (!('kind' in parsed) || parsed.kind !== 'module') return spec;
    const file = resolve(context.baseDir, parsed.path);
    if (!existsSync(file) || !statSync(file).isFile()) {
      return {
        issues: [
          {
            path: ['handler'],
            message: `the module '${file}' does not exist; fix the path before # (it is relative to the config file)`,
          },
        ],
      };
    }
    return { ...spec, handler: `${file}#${parsed.exportName}` };
  },
  key: (spec) => spec.name,
  plan: planFunction,
  async apply(host, spec) {
    const current = await currentFunction(host, spec.name);
    const lambda = host.services.lambda;
    if (!current) {
      await lambda.createFunction(createInput(host, spec, undefined));
      return 'created';
    }
    if (changesOf(current.Configuration, spec).length === 0) return 'unchanged';
    const input = createInput(host, spec, current.Configuration);
    await lambda.deleteFunction({ FunctionName: spec.name });
    await lambda.createFunction({
      ...input,
      ...(current.Tags && Object.keys(current.Tags).length > 0 ? { Tags: current.Tags } : {}),
    });
    return 'updated';
  },
  async remove(host, spec) {
    if (!(await currentFunction(host, spec.name))) return 'absent';
    await host.services.lambda.deleteFunction({ FunctionName: spec.name });
    return 'deleted';
  },
  synth: synthFunction,
});

function currentFunction(host: ResourceHost, name: string) {
  return unlessMissing(
    () => host.services.lambda.getFunction({ FunctionName: name }),
    'ResourceNotFoundException',
  );
}

/** CreateFunction's request for the spec; without a role, the current one (else a local role). */
function createInput(
  host: ResourceHost,
  spec: FunctionSpec,
  current: FunctionConfiguration | undefined,
): CreateFunctionInput {
  return {
    FunctionName: spec.name,
    Role:
      spec.role ?? current?.Role ?? `arn:aws:iam::${host.config.accountId}:role/modelmill-local`,
    Code: {},
    Runtime: spec.runtime,
    Handler: spec.handler,
    Timeout: spec.timeout,
    MemorySize: spec.memorySize,
    ...(Object.keys(spec.environment).length > 0
      ? { Environment: { Variables: spec.environment } }
      : {}),
    ...(spec.description === undefined ? {} : { Description: spec.description }),
    ...(spec.tags ? { Tags: spec.tags } : {}),
  };
}

/** The settings of `current` that differ from the spec, by their config names. */
function changesOf(current: FunctionConfiguration, spec: FunctionSpec): string[] {
  const compared: Array<[string, unknown, unknown]> = [
    ['handler', current.Handler, spec.handler],
    ['runtime', current.Runtime, spec.runtime],
    ['environment', current.Environment?.Variables ?? {}, spec.environment],
    ['timeout', current.Timeout, spec.timeout],
    ['memorySize', current.MemorySize, spec.memorySize],
    ['description', current.Description, spec.description ?? ''],
  ];
  if (spec.role !== undefined) compared.push(['role', current.Role, spec.role]);
  return compared.filter(([, now, wanted]) => !jsonEqual(now, wanted)).map(([field]) => field);
}

async function planFunction(host: ResourceHost, spec: FunctionSpec): Promise<ResourcePlan> {
  const current = await currentFunction(host, spec.name);
  if (!current) return { action: 'create' };
  const changes = changesOf(current.Configuration, spec);
  return changes.length === 0 ? { action: 'unchanged' } : { action: 'update', changes };
}
