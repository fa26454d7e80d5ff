import { execFile } from 'node:child_process';

/**
 * Container engines: Docker or Podman, used only when one answers. Detection
 * asks the engine's server for its version (the CLI alone is not enough: a
 * `docker` binary without a daemon does not count), with a short timeout.
 */

/** An engine that answered. */
export interface ContainerEngine {
  /** `docker` or `podman`. */
  name: string;
  /** The CLI to call. */
  command: string;
  /** The server's version. */
  version: string;
}

/** Options of detection. */
export interface DetectOptions {
  /** CLIs to try, in order. Default: docker, podman. */
  candidates?: readonly string[];
  /** How long each may take (ms). Default: 3000. */
  timeoutMs?: number;
}

function serverVersion(command: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      command,
      ['version', '--format', '{{.Server.Version}}'],
      { timeout: timeoutMs },
      (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined),
    );
  });
}

/** The first engine whose server answers, or `undefined` when none does. */
export async function detectContainerEngine(
  options: DetectOptions = {},
): Promise<ContainerEngine | undefined> {
  for (const command of options.candidates ?? ['docker', 'podman']) {
    const version = await serverVersion(command, options.timeoutMs ?? 3000);
    if (version) return { name: command.split('/').pop() ?? command, command, version };
  }
  return undefined;
}

/** What a container run needs. */
export interface ContainerRunInput {
  /** A unique container name (used to kill it). */
  name: string;
  image: string;
  command: readonly string[];
  env: Readonly<Record<string, string>>;
}

/** Arguments of `<engine> run` for one job: removed on exit, the job's variables, its command. */
export function containerRunArgs(input: ContainerRunInput): string[] {
  const env = Object.entries(input.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  return ['run', '--rm', '--name', input.name, ...env, input.image, ...input.command];
}

/** The message used when a container image is registered but no engine answers. */
export function noEngineReason(image: string): string {
  return `CannotPullContainerError: image '${image}' is registered as a container image, but no container engine answers (tried docker and podman); start Docker or Podman, or register the URI to a program or a folder with \`modelmill images register\``;
}
