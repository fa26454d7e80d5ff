import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './shared.js';

/** What a CLI run produced. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `modelmill` binary (bin/modelmill.js over the built dist/, as
 * `npm test` builds first) with its own MODELMILL_HOME.
 */
export function runCli(
  args: string[],
  options: { home: string; env?: Record<string, string>; input?: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'modelmill.js'), ...args], {
      env: { ...process.env, MODELMILL_HOME: options.home, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
