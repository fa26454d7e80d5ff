import { ModelmillError, isPlainObject } from '../../core/index.js';
import type { CreateJobInput, Job, JobUpdate, StartJobRunInput } from './types.js';

/**
 * Checking job definitions and run requests at the edge, with Glue's error
 * names (`InvalidInputException`, `EntityNotFoundException`) and messages
 * that name the field and say what to give instead.
 */

/** Glue's default job timeout: 48 hours, in minutes. */
export const DEFAULT_TIMEOUT_MINUTES = 2880;

const NAME = /^[\u0020-\uD7FF\uE000-\uFFFD\t]{1,255}$/;

/** An InvalidInputException. */
export function invalidInput(message: string): ModelmillError {
  return new ModelmillError('InvalidInputException', message);
}

/** The EntityNotFoundException of a missing job. */
export function jobNotFound(name: string): ModelmillError {
  return new ModelmillError(
    'EntityNotFoundException',
    `Job with name: ${name} not found: no Glue job is called '${name}' here; create it with CreateJob (job names are exact and case-sensitive)`,
  );
}

/** A checked job name. */
export function checkJobName(name: unknown, field = 'JobName'): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw invalidInput(
      `${field} ${JSON.stringify(name)} is not a valid job name: give 1 to 255 printable characters`,
    );
  }
  return name;
}

function stringMap(value: unknown, field: string, job: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw invalidInput(
      `${field} of job '${job}' must be a map of strings ("--key": "value"), got ${JSON.stringify(value)}`,
    );
  }
  return value as Record<string, string>;
}

function integer(value: unknown, field: string, job: string, min: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalidInput(
      `${field} of job '${job}' must be an integer of at least ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function checkCommand(command: unknown, job: string): CreateJobInput['Command'] {
  if (!isPlainObject(command)) {
    throw invalidInput(
      `Command of job '${job}' is missing: give {"Name": "pythonshell", "ScriptLocation": "..."}`,
    );
  }
  const script = command.ScriptLocation;
  if (typeof script !== 'string' || script.trim() === '') {
    throw invalidInput(
      `Command.ScriptLocation of job '${job}' is missing: give the script to run — program:NAME for a built-in program, a .py or .js/.ts file path or file:// URL, or an s3:// URI`,
    );
  }
  return { ...command, Name: typeof command.Name === 'string' ? command.Name : 'glueetl' };
}

/** The stored job of a CreateJob request (or of an UpdateJob, with the job's name and dates). */
export function compileJob(fields: object, name: string, createdOn: number, now: number): Job {
  const input = fields as Record<string, unknown>;
  if (typeof input.Role !== 'string' || input.Role === '') {
    throw invalidInput(
      `Role of job '${name}' is missing: give the IAM role name or ARN the job runs as (any role locally)`,
    );
  }
  const { Tags: _tags, ...rest } = input;
  const maxRuns = isPlainObject(input.ExecutionProperty)
    ? integer(
        input.ExecutionProperty.MaxConcurrentRuns,
        'ExecutionProperty.MaxConcurrentRuns',
        name,
        1,
      )
    : undefined;
  const defaults = stringMap(input.DefaultArguments, 'DefaultArguments', name);
  const fixed = stringMap(input.NonOverridableArguments, 'NonOverridableArguments', name);
  return {
    ...rest,
    Name: name,
    Role: input.Role,
    Command: checkCommand(input.Command, name),
    ...(defaults ? { DefaultArguments: defaults } : {}),
    ...(fixed ? { NonOverridableArguments: fixed } : {}),
    ExecutionProperty: { MaxConcurrentRuns: maxRuns ?? 1 },
    MaxRetries: integer(input.MaxRetries, 'MaxRetries', name, 0) ?? 0,
    Timeout: integer(input.Timeout, 'Timeout', name, 1) ?? DEFAULT_TIMEOUT_MINUTES,
    CreatedOn: createdOn,
    LastModifiedOn: now,
  };
}

/** The checked JobUpdate of an UpdateJob request. */
export function checkUpdate(update: unknown, name: string): JobUpdate {
  if (!isPlainObject(update)) {
    throw invalidInput(`JobUpdate is missing: give the new definition of job '${name}'`);
  }
  return update as unknown as JobUpdate;
}

/** The checked StartJobRun request. */
export function checkStart(input: StartJobRunInput, job: string): StartJobRunInput {
  stringMap(input.Arguments, 'Arguments', job);
  integer(input.Timeout, 'Timeout', job, 1);
  return input;
}
