import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { ImageTarget, ProgramMode } from './types.js';

/**
 * What a container image and command become locally, the same for Batch,
 * ECS, Glue and SageMaker:
 * - `modelmill job <name> ...` runs the built-in program (whatever the image);
 * - an image registered to a program runs it, the command's `--key value`
 *   words as its arguments;
 * - an image registered to a folder runs the command with the folder first on
 *   PATH (bring-your-own `train` / `serve` executables);
 * - an image registered as a real image runs in Docker or Podman;
 * - an image not registered runs the command on the host, and says so;
 * - with neither, the run fails with `CannotPullContainerError`, as on AWS.
 */

/** A resolved plan. */
export type ImagePlan =
  | { kind: 'program'; name: string; argv: string[]; mode?: ProgramMode; note?: string }
  | { kind: 'command'; command: string[]; pathPrefix?: string; note?: string }
  | { kind: 'container'; image: string; command: string[] }
  | { kind: 'fail'; reason: string };

/** The program named by `modelmill job <name> ...`, if the command is one. */
export function modelmillJobCommand(
  command: readonly string[] | undefined,
): { name: string; argv: string[] } | undefined {
  if (!command || command.length < 3) return undefined;
  const [head, sub, name] = command;
  const isModelmill = head === 'modelmill' || head?.endsWith('/modelmill');
  if (!isModelmill || sub !== 'job' || !name) return undefined;
  return { name, argv: command.slice(3) };
}

function notFoundReason(uri: string): string {
  return `CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref ${uri}: not found locally. The image is not registered and the job has no command: register it with \`modelmill images register ${uri} --program NAME\` (or --folder DIR), or give the job a command to run on the host`;
}

/** Plans a run of `command` in the image `uri`, registered as `image` (or not registered). */
export function planImageRun(
  uri: string,
  image: ImageTarget | undefined,
  command: readonly string[] | undefined,
): ImagePlan {
  const words = command ? [...command] : [];
  const job = modelmillJobCommand(words);
  if (job) return { kind: 'program', name: job.name, argv: job.argv };
  if (image?.kind === 'program') return { kind: 'program', name: image.program, argv: words };
  if (image?.kind === 'container') return { kind: 'container', image: image.image, command: words };
  if (image?.kind === 'folder') {
    if (words.length === 0) {
      return {
        kind: 'fail',
        reason: `CannotStartContainerError: image ${uri} is the folder ${image.folder} and the job gives no command to run in it (e.g. ["train"])`,
      };
    }
    const [head = '', ...rest] = words;
    const local = join(image.folder, head);
    const resolved = !head.includes('/') && existsSync(local) ? local : head;
    return { kind: 'command', command: [resolved, ...rest], pathPrefix: image.folder };
  }
  if (words.length === 0) return { kind: 'fail', reason: notFoundReason(uri) };
  return {
    kind: 'command',
    command: words,
    note: `modelmill: image ${uri} is not registered; running the command on the host: ${words.join(' ')}`,
  };
}

/** PATH with `prefix` first. */
export function prependPath(path: string | undefined, prefix: string): string {
  return path ? `${prefix}${delimiter}${path}` : prefix;
}
