import { extname } from 'node:path';
import { z } from 'zod';
import { tagsSchema } from './support.js';

/**
 * The `glueJob` spec: its schema (Glue's names and limits, the script forms
 * modelmill runs, worker rules) and what kind of script a job names.
 */

/** The script files the embedded Glue runs (Python with python3, the others with Node). */
export const GLUE_SCRIPT_EXTENSIONS = ['.py', '.js', '.mjs', '.cjs', '.ts', '.mts'] as const;

const GLUE_NAME = /^[\u0020-\uD7FF\uE000-\uFFFD\t]{1,255}$/;

/** The schema of a `glueJob` spec. */
export const glueJobSchema = z
  .strictObject({
    kind: z.literal('glueJob'),
    /** 1-255 printable characters on one line. */
    name: z.string().regex(GLUE_NAME, 'a Glue job name is 1-255 printable characters on one line'),
    /** `program:NAME`, a script path relative to the config (.py, .js, .ts, ...), or `s3://bucket/key`. */
    script: z.string().min(1),
    /** pythonshell (default) or glueetl (the default when workerType is given). */
    command: z.enum(['glueetl', 'pythonshell']).optional(),
    /** `--key` → value given to every run (a run's own Arguments win). Numbers and booleans become text. */
    defaultArguments: z
      .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]).transform(String))
      .default({}),
    /** Runs of the job at once. Default 1. */
    maxConcurrentRuns: z.int().min(1).default(1),
    /** Minutes a run may take. Default 2880 (48 hours), as Glue. */
    timeout: z.int().min(1).default(2880),
    /** Times Glue starts a failed run again. Default 0. */
    maxRetries: z.int().min(0).default(0),
    /** Default 4.0 for glueetl, 3.0 (Python 3.9) for pythonshell. */
    glueVersion: z
      .string()
      .regex(/^\d+\.\d+$/, 'a Glue version is like 4.0')
      .optional(),
    /** glueetl only, with numberOfWorkers: Standard, G.025X, G.1X, G.2X, G.4X, G.8X, Z.2X. */
    workerType: z.enum(['Standard', 'G.025X', 'G.1X', 'G.2X', 'G.4X', 'G.8X', 'Z.2X']).optional(),
    /** glueetl only, with workerType. */
    numberOfWorkers: z.int().min(1).optional(),
    /** The IAM role (name or ARN). Locally any role; synthesized as a role of its own when absent. */
    role: z.string().min(1).optional(),
    /** A description. */
    description: z.string().max(2048).optional(),
    /** Tags, set when the job is created. */
    tags: tagsSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    for (const name of Object.keys(spec.defaultArguments)) {
      if (!/^--\S+$/.test(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaultArguments', name],
          message: `Glue passes arguments as --key value; name it '--${name.replace(/^-*/, '')}'`,
        });
      }
    }
    const problem = scriptProblem(spec.script);
    if (problem) ctx.addIssue({ code: 'custom', path: ['script'], message: problem });
    if ((spec.workerType === undefined) !== (spec.numberOfWorkers === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [spec.workerType === undefined ? 'workerType' : 'numberOfWorkers'],
        message: 'give workerType and numberOfWorkers together, or neither',
      });
    }
    if (spec.command === 'pythonshell' && spec.workerType !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['workerType'],
        message:
          'Python shell jobs take no workers; remove workerType and numberOfWorkers, or set command to glueetl',
      });
    }
  })
  .transform((spec) => {
    const command = spec.command ?? (spec.workerType === undefined ? 'pythonshell' : 'glueetl');
    return {
      ...spec,
      command,
      glueVersion: spec.glueVersion ?? (command === 'glueetl' ? '4.0' : '3.0'),
    };
  });

/** A Glue job spec (after compile, a script file is an absolute path). */
export type GlueJobSpec = z.infer<typeof glueJobSchema>;

/** What kind of script a job runs. */
export function scriptKindOf(script: string): 'program' | 's3' | 'file' {
  if (script.startsWith('program:')) return 'program';
  return script.startsWith('s3://') ? 's3' : 'file';
}

function scriptProblem(script: string): string | undefined {
  const kind = scriptKindOf(script);
  if (kind === 'program') {
    return script.length > 'program:'.length
      ? undefined
      : 'program: needs the name of a built-in program (program:NAME)';
  }
  if (kind === 's3') {
    return /^s3:\/\/[^/]+\/.+[^/]$/.test(script)
      ? undefined
      : `'${script}' is not the S3 URI of a script; give s3://bucket/path/script.py`;
  }
  const extension = extname(script).toLowerCase();
  if ((GLUE_SCRIPT_EXTENSIONS as readonly string[]).includes(extension)) return undefined;
  return `'${script}' is not a script modelmill runs: give program:NAME, a ${GLUE_SCRIPT_EXTENSIONS.join(' / ')} file (relative to the config), or an s3:// URI${extension === '.scala' ? ' (Scala jobs run on AWS only; port the job to Python)' : ''}`;
}
