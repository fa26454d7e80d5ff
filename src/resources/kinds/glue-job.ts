import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { jsonEqual } from '../../core/index.js';
import type { Job, JobFields } from '../../services/glue/index.js';
import type { ResourceHost, ResourcePlan } from '../types.js';
import { defineKind } from '../types.js';
import type { GlueJobSpec } from './glue-job-spec.js';
import { glueJobSchema, scriptKindOf } from './glue-job-spec.js';
import { synthGlueJob } from './glue-job-synth.js';
import { defined, unlessMissing } from './support.js';

/**
 * `glueJob`: an AWS Glue job. Its `script` is a built-in program
 * (`program:NAME`), a Python or JavaScript/TypeScript file beside the config,
 * or an `s3://` script; runs get `defaultArguments` merged with their own
 * (`--key value`). Every field changes in place (UpdateJob); tags are set on
 * creation.
 */

/** The `glueJob` kind. */
export const glueJobKind = defineKind<GlueJobSpec>({
  kind: 'glueJob',
  logicalIdSuffix: 'GlueJob',
  schema: glueJobSchema,
  compile(spec, context) {
    if (scriptKindOf(spec.script) !== 'file') return spec;
    const file = resolve(context.baseDir, spec.script);
    if (!existsSync(file) || !statSync(file).isFile()) {
      return {
        issues: [
          {
            path: ['script'],
            message: `the script '${file}' does not exist; fix the path (it is relative to the config file), or give program:NAME or an s3:// URI`,
          },
        ],
      };
    }
    return { ...spec, script: file };
  },
  key: (spec) => spec.name,
  plan: planGlueJob,
  async apply(host, spec) {
    const current = await currentJob(host, spec.name);
    const glue = host.services.glue;
    if (!current) {
      await glue.createJob({
        Name: spec.name,
        ...wantedFields(host, spec, undefined),
        ...(spec.tags ? { Tags: spec.tags } : {}),
      });
      return 'created';
    }
    if (changesOf(current, spec).length === 0) return 'unchanged';
    await glue.updateJob({ JobName: spec.name, JobUpdate: wantedFields(host, spec, current) });
    return 'updated';
  },
  async remove(host, spec) {
    if (!(await currentJob(host, spec.name))) return 'absent';
    await host.services.glue.deleteJob({ JobName: spec.name });
    return 'deleted';
  },
  synth: synthGlueJob,
});

function currentJob(host: ResourceHost, name: string): Promise<Job | undefined> {
  return unlessMissing(
    async () => (await host.services.glue.getJob({ JobName: name })).Job,
    'EntityNotFoundException',
  );
}

/** The job definition the spec asks for; without a role, the current one (else a local role). */
function wantedFields(host: ResourceHost, spec: GlueJobSpec, current: Job | undefined): JobFields {
  return defined({
    Role:
      spec.role ?? current?.Role ?? `arn:aws:iam::${host.config.accountId}:role/modelmill-local`,
    Command: { Name: spec.command, ScriptLocation: spec.script },
    DefaultArguments: spec.defaultArguments,
    ExecutionProperty: { MaxConcurrentRuns: spec.maxConcurrentRuns },
    MaxRetries: spec.maxRetries,
    Timeout: spec.timeout,
    GlueVersion: spec.glueVersion,
    WorkerType: spec.workerType,
    NumberOfWorkers: spec.numberOfWorkers,
    Description: spec.description,
  });
}

/** The fields of `current` that differ from the spec, by their config names. */
function changesOf(current: Job, spec: GlueJobSpec): string[] {
  const compared: Array<[string, unknown, unknown]> = [
    ['command', current.Command.Name ?? 'glueetl', spec.command],
    ['script', current.Command.ScriptLocation, spec.script],
    ['defaultArguments', current.DefaultArguments ?? {}, spec.defaultArguments],
    [
      'maxConcurrentRuns',
      current.ExecutionProperty?.MaxConcurrentRuns ?? 1,
      spec.maxConcurrentRuns,
    ],
    ['timeout', current.Timeout, spec.timeout],
    ['maxRetries', current.MaxRetries ?? 0, spec.maxRetries],
    ['glueVersion', current.GlueVersion, spec.glueVersion],
    ['workerType', current.WorkerType, spec.workerType],
    ['numberOfWorkers', current.NumberOfWorkers, spec.numberOfWorkers],
    ['description', current.Description, spec.description],
  ];
  if (spec.role !== undefined) compared.push(['role', current.Role, spec.role]);
  return compared.filter(([, now, wanted]) => !jsonEqual(now, wanted)).map(([field]) => field);
}

async function planGlueJob(host: ResourceHost, spec: GlueJobSpec): Promise<ResourcePlan> {
  const current = await currentJob(host, spec.name);
  if (!current) return { action: 'create' };
  const changes = changesOf(current, spec);
  return changes.length === 0 ? { action: 'unchanged' } : { action: 'update', changes };
}
