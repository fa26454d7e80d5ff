import { ModelmillError, jsonEqual } from '../core/index.js';
import type { CompiledResource } from './config.js';
import { assignLogicalIds } from './logical-id.js';
import type { CfnOutput, CfnParameter, CfnResource } from './types.js';

/**
 * The AWS backend: the same resources as a CloudFormation template (JSON).
 * State machines keep their ASL document and DefinitionSubstitutions as
 * written, so the template deploys the definitions unchanged.
 */

/** A CloudFormation template. */
export interface CfnTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Metadata: { modelmill: { stack: string; notes?: string[] } };
  Parameters?: Record<string, CfnParameter>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, CfnOutput>;
}

/** Options of {@link synthTemplate}. */
export interface SynthOptions {
  /** The stack name (used in the description and metadata). */
  stack: string;
  /** A description. Default: `modelmill stack <stack>`. */
  description?: string;
}

/** The template and what it could not express. */
export interface SynthResult {
  template: CfnTemplate;
  /** Things left out or to do by hand (SecureString parameters, ...). */
  notes: string[];
}

/** Synthesizes compiled resources into one template; logical ids derive from kinds and names. */
export function synthTemplate(
  resources: readonly CompiledResource[],
  options: SynthOptions,
): SynthResult {
  const ids = assignLogicalIds(
    resources.map((r) => ({ name: r.key, suffix: r.kind.logicalIdSuffix })),
  );
  const notes: string[] = [];
  const template: CfnTemplate = {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: options.description ?? `modelmill stack ${options.stack}`,
    Metadata: { modelmill: { stack: options.stack } },
    Resources: {},
  };
  const outputs: Record<string, CfnOutput> = {};
  const parameters: Record<string, CfnParameter> = {};
  const byKey = new Map(
    resources.map((r, i) => [`${r.kind.kind}\u0000${r.key}`, ids[i] as string]),
  );
  resources.forEach((resource, i) => {
    const part = resource.kind.synth(resource.spec, {
      stack: options.stack,
      logicalId: ids[i] as string,
      note: (message) => notes.push(message),
      logicalIdOf: (kind, key) => byKey.get(`${kind}\u0000${key}`),
    });
    merge(template.Resources, part.resources, resource);
    merge(outputs, part.outputs ?? {}, resource);
    merge(parameters, part.parameters ?? {}, resource);
  });
  if (Object.keys(parameters).length > 0) template.Parameters = parameters;
  if (Object.keys(outputs).length > 0) template.Outputs = outputs;
  if (notes.length > 0) template.Metadata.modelmill.notes = notes;
  return { template, notes };
}

function merge<T>(
  into: Record<string, T>,
  from: Record<string, T>,
  resource: CompiledResource,
): void {
  for (const [id, value] of Object.entries(from)) {
    // Two resources may declare the same thing (one ECR repository for two image tags).
    if (Object.hasOwn(into, id) && jsonEqual(into[id], value)) continue;
    if (Object.hasOwn(into, id)) {
      throw new ModelmillError(
        'ValidationError',
        `resources[${resource.index}] (${resource.label}) synthesizes the logical id '${id}', which another resource already uses; rename one of them`,
      );
    }
    into[id] = value;
  }
}
