import { extname } from 'node:path';
import { z } from 'zod';
import { tagsSchema } from './support.js';

/**
 * The `function` spec: a Lambda function backed by a module's export
 * (`path#export`, the path relative to the config) or a host command
 * (`command:<words>`), with Lambda's names and limits.
 */

/** Files a `path#export` handler may name: Node.js modules, and Python modules. */
export const HANDLER_MODULE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.py'] as const;

/** Variables Lambda sets itself; a function's configuration may not set them. */
export const RESERVED_VARIABLES: ReadonlySet<string> = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
  'TZ',
]);

/** A handler, taken apart. */
export type ParsedHandler =
  | { kind: 'module'; path: string; exportName: string; python: boolean }
  | { kind: 'command'; command: string };

const EXPORT_NAME = /^[A-Za-z_$][\w$]*$/;

/** The parts of a handler, or what is wrong with it. */
export function parseHandler(handler: string): ParsedHandler | { problem: string } {
  if (handler.startsWith('command:')) {
    const command = handler.slice('command:'.length).trim();
    return command === ''
      ? {
          problem:
            'command: needs the command to run (command:<words>, or command:[...] for a JSON list)',
        }
      : { kind: 'command', command };
  }
  const hash = handler.lastIndexOf('#');
  if (hash <= 0) {
    return {
      problem: `'${handler}' is not a handler modelmill runs: give 'path/to/module.js#export' (relative to the config) or 'command:<words>'`,
    };
  }
  const path = handler.slice(0, hash);
  const exportName = handler.slice(hash + 1);
  const extension = extname(path).toLowerCase();
  if (!(HANDLER_MODULE_EXTENSIONS as readonly string[]).includes(extension)) {
    return {
      problem: `'${path}' is not a module a handler can name: give a ${HANDLER_MODULE_EXTENSIONS.join(' / ')} file`,
    };
  }
  if (!EXPORT_NAME.test(exportName)) {
    return {
      problem: `'${exportName}' after # is not a function name; give the exported function, e.g. ${path}#handler`,
    };
  }
  return { kind: 'module', path, exportName, python: extension === '.py' };
}

function variableProblem(name: string): string | undefined {
  if (!/^[a-zA-Z]\w*$/.test(name))
    return 'a variable name is letters, digits and _, starting with a letter';
  if (RESERVED_VARIABLES.has(name))
    return 'Lambda sets this variable itself; a function cannot set it (choose another name)';
  return undefined;
}

/** The schema of a `function` spec. */
export const functionSchema = z
  .strictObject({
    kind: z.literal('function'),
    /** 1-64 letters, digits, `-` and `_`. */
    name: z
      .string()
      .regex(/^[a-zA-Z0-9_-]{1,64}$/, "a function name is 1-64 letters, digits, '-' and '_'"),
    /** `path/to/module.js#export` (relative to the config; `.py` modules too) or `command:<words>`. */
    handler: z.string().min(1),
    /** Default nodejs20.x (python3.12 for a `.py` handler). */
    runtime: z
      .string()
      .regex(
        /^(nodejs\d+\.x|python3\.\d+|provided(\.al2|\.al2023)?)$/,
        'expected a Lambda runtime such as nodejs20.x, python3.12 or provided.al2023',
      )
      .optional(),
    /** Variables the function runs with. Numbers and booleans become text. */
    environment: z
      .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]).transform(String))
      .default({}),
    /** Seconds, 1-900. Default 3, as Lambda. */
    timeout: z.int().min(1).max(900).default(3),
    /** MiB, 128-10240. Default 128, as Lambda. */
    memorySize: z.int().min(128).max(10_240).default(128),
    /** A description. */
    description: z.string().max(256).optional(),
    /** The execution role. Locally any role; synthesized as a role of its own when absent. */
    role: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/,
        'expected an IAM role ARN (arn:aws:iam::123456789012:role/name)',
      )
      .optional(),
    /** Tags, set when the function is created. */
    tags: tagsSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    for (const name of Object.keys(spec.environment)) {
      const problem = variableProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', path: ['environment', name], message: problem });
    }
    const parsed = parseHandler(spec.handler);
    if ('problem' in parsed) {
      ctx.addIssue({ code: 'custom', path: ['handler'], message: parsed.problem });
      return;
    }
    if (parsed.kind !== 'module' || spec.runtime === undefined) return;
    const python = spec.runtime.startsWith('python');
    if (python !== parsed.python) {
      ctx.addIssue({
        code: 'custom',
        path: ['runtime'],
        message: parsed.python
          ? `the handler is a Python module; set runtime to a python3.x runtime (or leave it out for python3.12)`
          : `the handler is a Node.js module; set runtime to a nodejs runtime (or leave it out for nodejs20.x)`,
      });
    }
  })
  .transform((spec) => {
    const parsed = parseHandler(spec.handler);
    const python = 'kind' in parsed && parsed.kind === 'module' && parsed.python;
    return { ...spec, runtime: spec.runtime ?? (python ? 'python3.12' : 'nodejs20.x') };
  });

/** A function spec (after compile, a module handler's path is absolute). */
export type FunctionSpec = z.infer<typeof functionSchema>;
