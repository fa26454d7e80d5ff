import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { RunTarget } from '../../runtime/index.js';
import type { SageMakerContext } from './context.js';
import { BUILTIN_TRAIN_PROGRAM } from './builtin-train.js';
import type { ResolvedImage } from './images.js';

/**
 * The `/opt/ml` of a job, mapped to a local folder
 * (`<home>/work/sagemaker/<kind>/<job>/opt/ml`), and what a job's program is
 * told about it. Containers would mount the folder at `/opt/ml`; programs
 * and bring-your-own executables run on the host and find it through
 * variables:
 *
 * | variable | what |
 * | --- | --- |
 * | `MODELMILL_OPT_ML` | the folder that stands for `/opt/ml` |
 * | `SM_MODEL_DIR` | `/opt/ml/model` |
 * | `SM_INPUT_DIR`, `SM_INPUT_CONFIG_DIR` | `/opt/ml/input`, `/opt/ml/input/config` |
 * | `SM_CHANNELS`, `SM_CHANNEL_<NAME>` | the channel names (JSON), each channel's folder `/opt/ml/input/data/<name>` |
 * | `SM_OUTPUT_DIR`, `SM_OUTPUT_DATA_DIR` | `/opt/ml/output` (where `failure` goes), `/opt/ml/output/data` |
 * | `SM_HPS`, `SM_HP_<NAME>` | the hyperparameters (JSON; one by one) |
 * | `SM_CURRENT_HOST`, `SM_HOSTS`, `SM_NUM_CPUS`, `SM_NUM_GPUS` | `algo-1`, `["algo-1"]`, the CPUs, 0 |
 * | `TRAINING_JOB_NAME`, `TRAINING_JOB_ARN` | the job |
 * | `SAGEMAKER_BIND_TO_PORT` | (model servers) the port to answer on |
 */

/** A job's folders. */
export interface JobFolder {
  /** The job's own folder (`<work>/<kind>/<job>`), holding `opt/ml` and packed artifacts. */
  root: string;
  /** The folder that stands for `/opt/ml`. */
  optMl: string;
  model: string;
  output: string;
  outputData: string;
  inputConfig: string;
  /** `/opt/ml/input/data/<channel>`. */
  channel(name: string): string;
}

/** Creates (emptying first) the folder of a job. */
export function createJobFolder(ctx: SageMakerContext, kind: string, name: string): JobFolder {
  const root = join(ctx.workDir, kind, name);
  rmSync(root, { recursive: true, force: true });
  const optMl = join(root, 'opt', 'ml');
  const folder: JobFolder = {
    root,
    optMl,
    model: join(optMl, 'model'),
    output: join(optMl, 'output'),
    outputData: join(optMl, 'output', 'data'),
    inputConfig: join(optMl, 'input', 'config'),
    channel: (channel) => join(optMl, 'input', 'data', channel),
  };
  for (const dir of [folder.model, folder.outputData, folder.inputConfig]) {
    mkdirSync(dir, { recursive: true });
  }
  return folder;
}

/** The variables that tell a program where its `/opt/ml` is. */
export function folderEnv(
  folder: JobFolder,
  channels: readonly string[],
  hyperparameters: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {
    MODELMILL_OPT_ML: folder.optMl,
    SM_MODEL_DIR: folder.model,
    SM_INPUT_DIR: join(folder.optMl, 'input'),
    SM_INPUT_CONFIG_DIR: folder.inputConfig,
    SM_OUTPUT_DIR: folder.output,
    SM_OUTPUT_DATA_DIR: folder.outputData,
    SM_CHANNELS: JSON.stringify(channels),
    SM_HPS: JSON.stringify(hyperparameters),
    SM_CURRENT_HOST: 'algo-1',
    SM_HOSTS: JSON.stringify(['algo-1']),
    SM_NUM_CPUS: String(cpus().length),
    SM_NUM_GPUS: '0',
  };
  for (const channel of channels) {
    env[`SM_CHANNEL_${channel.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`] =
      folder.channel(channel);
  }
  for (const [key, value] of Object.entries(hyperparameters)) {
    env[`SM_HP_${key.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`] = value;
  }
  return env;
}

/** The text of `/opt/ml/output/failure`, if the program wrote one. */
export function failureText(folder: JobFolder): string | undefined {
  const file = join(folder.output, 'failure');
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8').trim();
  return text === '' ? undefined : text;
}

/**
 * What runs a resolved image with the container's command: the built-in
 * program, or the registered target (program, folder, container) with
 * `command` (`['train']`, `['serve']`, or a processing job's entrypoint and
 * arguments).
 */
export function targetOf(resolved: ResolvedImage, command: string[]): RunTarget {
  if (resolved.kind === 'builtin')
    return { kind: 'program', name: BUILTIN_TRAIN_PROGRAM, args: command };
  return {
    kind: 'image',
    uri: resolved.image,
    image: resolved.kind === 'target' ? resolved.target : undefined,
    command,
  };
}

/** SageMaker's 1024-character limit on FailureReason. */
export function clip(text: string, max = 1024): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}
