import { z } from 'zod';
import { ModelmillError, isModelmillError } from '../../core/index.js';
import type {
  ModelPackageGroupDescription,
  ModelPackageSummary,
} from '../../services/sagemaker/index.js';
import type { ResourceHost } from '../types.js';
import { defineKind } from '../types.js';
import { cfnTags, defined, tagsSchema } from './support.js';

/**
 * `modelPackageGroup`: a SageMaker model package group, the registry entry
 * that training pipelines add versioned model packages to. SageMaker has no
 * UpdateModelPackageGroup, so the description and tags are set on creation
 * only. `down` refuses to delete a group that still holds packages (they are
 * the models trained into it) unless `--force`, which deletes them first.
 */

const modelPackageGroupSchema = z.strictObject({
  kind: z.literal('modelPackageGroup'),
  /** 1-63 letters, digits and hyphens, no leading or trailing hyphen. */
  name: z
    .string()
    .regex(
      /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/,
      'a model package group name is 1-63 letters, digits and hyphens, with no leading or trailing hyphen',
    ),
  /** A description, set on creation (SageMaker cannot change it). */
  description: z.string().max(1024).optional(),
  /** Tags, set on creation. */
  tags: tagsSchema.optional(),
});

/** A model package group spec. */
export type ModelPackageGroupSpec = z.infer<typeof modelPackageGroupSchema>;

/** The `modelPackageGroup` kind. */
export const modelPackageGroupKind = defineKind<ModelPackageGroupSpec>({
  kind: 'modelPackageGroup',
  logicalIdSuffix: 'ModelPackageGroup',
  schema: modelPackageGroupSchema,
  key: (spec) => spec.name,
  async plan(host, spec) {
    return (await describeGroup(host, spec.name)) ? { action: 'unchanged' } : { action: 'create' };
  },
  async apply(host, spec) {
    if (await describeGroup(host, spec.name)) return 'unchanged';
    await host.services.sagemaker.createModelPackageGroup({
      ModelPackageGroupName: spec.name,
      ...(spec.description === undefined ? {} : { ModelPackageGroupDescription: spec.description }),
      ...(spec.tags ? { Tags: cfnTags(spec.tags) as Array<{ Key: string; Value: string }> } : {}),
    });
    return 'created';
  },
  async checkRemove(host, spec, options) {
    if (options.force || !(await describeGroup(host, spec.name))) return undefined;
    return heldProblem(spec.name, await packagesOf(host, spec.name));
  },
  async remove(host, spec, options) {
    if (!(await describeGroup(host, spec.name))) return 'absent';
    const sagemaker = host.services.sagemaker;
    const held = await packagesOf(host, spec.name);
    if (held.length > 0 && !options.force) {
      throw new ModelmillError('ConflictException', heldProblem(spec.name, held) ?? '');
    }
    for (const pkg of held)
      await sagemaker.deleteModelPackage({ ModelPackageName: pkg.ModelPackageArn });
    await sagemaker.deleteModelPackageGroup({ ModelPackageGroupName: spec.name });
    return 'deleted';
  },
  synth(spec, context) {
    return {
      resources: {
        [context.logicalId]: {
          Type: 'AWS::SageMaker::ModelPackageGroup',
          Properties: defined({
            ModelPackageGroupName: spec.name,
            ModelPackageGroupDescription: spec.description,
            Tags: cfnTags(spec.tags),
          }),
        },
      },
      outputs: {
        [`${context.logicalId}Arn`]: {
          Description: `ARN of model package group ${spec.name}`,
          Value: { 'Fn::GetAtt': [context.logicalId, 'ModelPackageGroupArn'] },
        },
      },
    };
  },
});

/** The group, or undefined when SageMaker says it does not exist. */
async function describeGroup(
  host: ResourceHost,
  name: string,
): Promise<ModelPackageGroupDescription | undefined> {
  try {
    return await host.services.sagemaker.describeModelPackageGroup({ ModelPackageGroupName: name });
  } catch (err) {
    // SageMaker answers a missing group with a ValidationException ("... does not exist.").
    if (isModelmillError(err, 'ValidationException') && /does not exist/.test(err.message))
      return undefined;
    throw err;
  }
}

/** Every model package of the group, versioned or not (all pages). */
async function packagesOf(host: ResourceHost, group: string): Promise<ModelPackageSummary[]> {
  const packages: ModelPackageSummary[] = [];
  let token: string | undefined;
  do {
    const page = await host.services.sagemaker.listModelPackages({
      ModelPackageGroupName: group,
      ModelPackageType: 'Both',
      MaxResults: 100,
      ...(token ? { NextToken: token } : {}),
    });
    packages.push(...page.ModelPackageSummaryList);
    token = page.NextToken;
  } while (token);
  return packages;
}

function heldProblem(group: string, held: ModelPackageSummary[]): string | undefined {
  if (held.length === 0) return undefined;
  const shown = held
    .slice(0, 5)
    .map((p) =>
      p.ModelPackageVersion === undefined ? p.ModelPackageName : `version ${p.ModelPackageVersion}`,
    )
    .join(', ');
  const more = held.length > 5 ? ` and ${held.length - 5} more` : '';
  return `model package group '${group}' still holds ${held.length} model package(s) (${shown}${more}); deleting it would delete those models. Run down again with --force to delete the packages and the group, or delete the packages first (DeleteModelPackage)`;
}
