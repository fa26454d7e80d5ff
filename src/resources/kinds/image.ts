import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ImageTarget } from '../../runtime/index.js';
import type { ImageMapping, LocalImageRegistry } from '../../services/ecr/index.js';
import { parseImageUri } from '../../services/ecr/index.js';
import { baseLogicalId } from '../logical-id.js';
import type { ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import { cannotChange } from './support.js';

/**
 * `image`: what an ECR image URI runs locally — a built-in program, a folder
 * of executables (bring-your-own `train` / `serve`), or a real image for a
 * container engine. Job definitions, task definitions and SageMaker jobs
 * then find their image by the same URI they use on AWS. On AWS the image is
 * built and pushed by CI; the template holds only its ECR repository.
 */

const REPOSITORY = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;

const imageSchema = z
  .strictObject({
    kind: z.literal('image'),
    /** The image URI: `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>` (or `<repo>:<tag>`). */
    uri: z.string().min(1),
    /** How reports name it. Default: the URI. */
    name: z.string().min(1).optional(),
    /** A built-in program's name. */
    program: z.string().min(1).optional(),
    /** A folder of executables, relative to the config file. */
    folder: z.string().min(1).optional(),
    /** A real image for Docker or Podman: `true` for the URI itself, or another image. */
    container: z.union([z.literal(true), z.string().min(1)]).optional(),
  })
  .superRefine((spec, ctx) => {
    const given = (['program', 'folder', 'container'] as const).filter(
      (f) => spec[f] !== undefined,
    );
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: given.length === 0 ? [] : [given[1] as string],
        message: `an image runs exactly one of program, folder or container (got ${given.length === 0 ? 'none' : given.join(' and ')})`,
      });
    }
    const problem = uriProblem(spec.uri);
    if (problem) ctx.addIssue({ code: 'custom', path: ['uri'], message: problem });
  })
  .transform((spec) => ({ ...spec, name: spec.name ?? spec.uri }));

/** An image spec (after compile, `folder` is absolute). */
export type ImageSpec = z.infer<typeof imageSchema>;

/** The `image` kind. */
export const imageKind = defineKind<ImageSpec>({
  kind: 'image',
  logicalIdSuffix: 'Image',
  schema: imageSchema,
  compile(spec, context) {
    if (spec.folder === undefined) return spec;
    const folder = resolve(context.baseDir, spec.folder);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      return {
        issues: [
          {
            path: ['folder'],
            message: `'${folder}' is not a folder; give a folder of the image's executables (e.g. train, serve), relative to the config file`,
          },
        ],
      };
    }
    return { ...spec, folder };
  },
  key: (spec) => imageKey(spec.uri),
  plan: planImage,
  async apply(host, spec) {
    const plan = await planImage(host, spec);
    if (plan.action === 'conflict') throw cannotChange(plan.problem);
    if (plan.action === 'unchanged') return 'unchanged';
    await host.services.ecr.registerImage({
      imageUri: spec.uri,
      ...(spec.program !== undefined ? { program: spec.program } : {}),
      ...(spec.folder !== undefined ? { folder: spec.folder } : {}),
      ...(spec.container !== undefined ? { container: spec.container } : {}),
    });
    return plan.action === 'create' ? 'created' : 'updated';
  },
  async remove(host, spec) {
    const ref = parseImageUri(spec.uri);
    const ecr = host.services.ecr;
    const mappings = ecr.listMappings().filter((m) => m.repositoryName === ref.repository);
    if (!mappings.some((m) => m.imageTag === ref.tag)) return 'absent';
    await untag(
      ecr,
      ref.repository,
      mappings.filter((m) => m.imageTag !== ref.tag),
    );
    return 'deleted';
  },
  synth(spec, context) {
    const ref = parseImageUri(spec.uri);
    // One repository per name, whatever the tag: two tags of one repository give the same resource.
    const id = baseLogicalId(ref.repository, 'Repository');
    context.note(
      `image '${spec.uri}' is not built by this template: CI builds it and pushes it to the ECR repository '${ref.repository}' (docker push) before the stack runs jobs with it`,
    );
    return {
      resources: {
        [id]: {
          Type: 'AWS::ECR::Repository',
          Properties: { RepositoryName: ref.repository },
          Metadata: {
            modelmill: {
              images:
                'pushed by CI (docker build, docker tag, docker push); this template creates only the repository',
            },
          },
        },
      },
      outputs: {
        [`${id}Uri`]: {
          Description: `URI of the ECR repository ${ref.repository}`,
          Value: { 'Fn::GetAtt': [id, 'RepositoryUri'] },
        },
      },
    };
  },
});

/** `<repository>:<tag>` of a URI, whatever registry host it names. */
function imageKey(uri: string): string {
  const ref = parseImageUri(uri);
  return `${ref.repository}:${ref.tag ?? 'latest'}`;
}

function uriProblem(uri: string): string | undefined {
  const ref = parseImageUri(uri);
  if (ref.digest !== undefined)
    return `'${uri}' names a digest; register an image by tag (<repository>:<tag>)`;
  if (!REPOSITORY.test(ref.repository))
    return `the repository '${ref.repository}' of '${uri}' is not a valid ECR repository name (lowercase letters, digits, and . _ - / between them)`;
  if (!TAG.test(ref.tag ?? 'latest'))
    return `the tag '${ref.tag}' of '${uri}' is not valid: up to 128 letters, digits, '_', '.' or '-'`;
  return undefined;
}

function wantedTarget(spec: ImageSpec): ImageTarget {
  if (spec.program !== undefined) return { kind: 'program', program: spec.program };
  if (spec.folder !== undefined) return { kind: 'folder', folder: resolve(spec.folder) };
  return { kind: 'container', image: spec.container === true ? spec.uri : String(spec.container) };
}

function describeTarget(target: ImageTarget): string {
  if (target.kind === 'program') return `program ${target.program}`;
  if (target.kind === 'folder') return `folder ${target.folder}`;
  return `container ${target.image}`;
}

async function planImage(host: ResourceHost, spec: ImageSpec): Promise<ResourcePlan> {
  const ref = parseImageUri(spec.uri);
  const ecr = host.services.ecr;
  const current = ecr
    .listMappings()
    .find((m) => m.repositoryName === ref.repository && m.imageTag === ref.tag);
  if (!current) return { action: 'create' };
  const wanted = wantedTarget(spec);
  const now = describeTarget(current.target);
  const next = describeTarget(wanted);
  if (now === next) return { action: 'unchanged' };
  const page = await ecr.describeRepositories({ repositoryNames: [ref.repository] });
  if (page.repositories[0]?.imageTagMutability === 'IMMUTABLE') {
    return {
      action: 'conflict',
      problem: `image '${imageKey(spec.uri)}' runs ${now}, but the config asks for ${next}, and the repository '${ref.repository}' is IMMUTABLE: a tag cannot move. Use a new tag in the URI`,
    };
  }
  return { action: 'update', changes: [`${now} → ${next}`] };
}

/**
 * Removes one tag from a repository, keeping `others`. The registry port has
 * no BatchDeleteImage, so the repository is recreated with the same settings
 * and the other tags registered again (same targets, so same digests); a
 * repository left with no image is deleted.
 */
async function untag(
  ecr: LocalImageRegistry,
  repository: string,
  others: ImageMapping[],
): Promise<void> {
  const [settings] = (await ecr.describeRepositories({ repositoryNames: [repository] }))
    .repositories;
  await ecr.deleteRepository({ repositoryName: repository, force: true });
  if (others.length === 0 || !settings) return;
  await ecr.createRepository({
    repositoryName: repository,
    imageTagMutability: settings.imageTagMutability,
    imageScanningConfiguration: settings.imageScanningConfiguration,
    encryptionConfiguration: settings.encryptionConfiguration,
  });
  for (const other of others) {
    const target = other.target;
    await ecr.registerImage({
      imageUri: `${repository}:${other.imageTag}`,
      ...(target.kind === 'program' ? { program: target.program } : {}),
      ...(target.kind === 'folder' ? { folder: target.folder } : {}),
      ...(target.kind === 'container' ? { container: target.image } : {}),
    });
  }
}
