import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../core/index.js';
import { openDatabase } from '../store/index.js';
import { testPrograms } from '../../test/runtime/fixtures/programs.js';
import { detectContainerEngine } from './container.js';
import { createSqliteLogStore } from './log-store.js';
import { createProgramRegistry } from './programs.js';
import { createRuntime } from './runtime.js';
import type { Runtime, RuntimeOptions } from './runtime.js';
import type { RunSpec, RunTarget } from './types.js';

const work = mkdtempSync(join(tmpdir(), 'mm-runtime-'));
const runtimes: Runtime[] = [];

function setup(options: Partial<RuntimeOptions> = {}): Runtime {
  const runtime = createRuntime({
    logs: createSqliteLogStore({ db: openDatabase(':memory:') }),
    programs: createProgramRegistry(testPrograms),
    workDir: work,
    poolSize: 2,
    containerEngine: null,
    killGraceMs: 200,
    ...options,
  });
  runtimes.push(runtime);
  return runtime;
}

afterAll(async () => {
  await Promise.all(runtimes.map((r) => r.close()));
});

let streams = 0;
function spec(target: RunTarget, extra: Partial<RunSpec> = {}): RunSpec {
  streams += 1;
  return { target, log: { group: '/test', stream: `s${streams}` }, ...extra };
}

function lines(runtime: Runtime, s: RunSpec): string[] {
  return runtime.logs.read(s.log.group, s.log.stream).events.map((e) => e.message);
}

describe('runtime: built-in programs', () => {
  it('runs a program in a worker with its arguments, environment and folder, capturing output', async () => {
    const runtime = setup();
    const cwd = join(work, 'echo-worker');
    const s = spec(
      { kind: 'program', name: 't-echo', args: { pk_id: '7', mapping: 'default' } },
      { cwd, env: { AWS_BATCH_JOB_ARRAY_INDEX: '4', AWS_BATCH_JOB_ATTEMPT: '1' } },
    );
    const handle = runtime.start(s);
    expect(await handle.started).toBe(true);
    const result = await handle.done;
    expect(result).toMatchObject({ exitCode: 0, executor: 'worker' });
    expect(result.stopped).toBeUndefined();
    expect(lines(runtime, s)).toEqual([
      'info args {"pk_id":"7","mapping":"default"}',
      'index=4 attempt=1',
    ]);
    expect(JSON.parse(readFileSync(join(cwd, 'args.json'), 'utf8'))).toEqual({
      args: { pk_id: '7', mapping: 'default' },
      argv: ['--pk_id', '7', '--mapping', 'default'],
    });
  });

  it('runs the same program as a child process (`modelmill job`)', async () => {
    const runtime = setup({ programMode: 'child' });
    const cwd = join(work, 'echo-child');
    const s = spec(
      { kind: 'program', name: 't-echo', args: ['--pk_id', '9'] },
      { cwd, env: { AWS_BATCH_JOB_ARRAY_INDEX: '2' } },
    );
    const result = await runtime.start(s).done;
    expect(result).toMatchObject({ exitCode: 0, executor: 'child' });
    expect(lines(runtime, s)).toEqual(['info args {"pk_id":"9"}', 'index=2 attempt=-']);
    expect(JSON.parse(readFileSync(join(cwd, 'args.json'), 'utf8')).args).toEqual({ pk_id: '9' });
  });

  it('reports exit codes, thrown errors and unknown programs', async () => {
    const runtime = setup();
    const failing = spec({ kind: 'program', name: 't-fail', args: { code: '5' } });
    expect((await runtime.start(failing).done).exitCode).toBe(5);
    expect(lines(runtime, failing)).toEqual(['failing with 5']);
    const throwing = spec({ kind: 'program', name: 't-throws' });
    expect((await runtime.start(throwing).done).exitCode).toBe(1);
    expect(lines(runtime, throwing)[0]).toBe('Error: boom from a program');
    const unknown = spec({ kind: 'program', name: 'nope' });
    const handle = runtime.start(unknown);
    const result = await handle.done;
    expect(await handle.started).toBe(false);
    expect(result.exitCode).toBeUndefined();
    expect(result.reason).toMatch(
      /^CannotStartContainerError: no built-in program is named 'nope'/,
    );
  });

  it('aborts a program on terminate, and kills a program that ignores its signal', async () => {
    const runtime = setup();
    const polite = runtime.start(spec({ kind: 'program', name: 't-slow' }));
    await polite.started;
    polite.terminate('user asked');
    expect(await polite.done).toMatchObject({ exitCode: 143, stopped: 'terminated' });
    const stubborn = runtime.start(
      spec({ kind: 'program', name: 't-spin', args: { ms: '20000' } }),
    );
    await stubborn.started;
    const t0 = Date.now();
    stubborn.terminate();
    expect(await stubborn.done).toMatchObject({ exitCode: 137, stopped: 'terminated' });
    expect(Date.now() - t0).toBeLessThan(5000);
    // The pool replaced the killed thread.
    expect((await runtime.start(spec({ kind: 'program', name: 't-noop' })).done).exitCode).toBe(0);
  });

  it('times a run out on the runtime clock', async () => {
    const runtime = setup({ clock: createFakeClock() });
    const result = await runtime.start(
      spec({ kind: 'program', name: 't-slow' }, { timeoutMs: 60_000 }),
    ).done;
    // 143 when the program saw its signal, 137 when its thread was killed before it began.
    expect(result.stopped).toBe('timeout');
    expect([137, 143]).toContain(result.exitCode);
  });
});

describe('runtime: commands', () => {
  it('runs a command with its environment and folder, capturing stdout and stderr lines', async () => {
    const runtime = setup();
    const s = spec(
      {
        kind: 'command',
        command: ['sh', '-c', 'echo "hi $NAME"; pwd; echo oops >&2; printf tail; exit 3'],
      },
      { cwd: join(work, 'cmd'), env: { NAME: 'batch' } },
    );
    const result = await runtime.start(s).done;
    expect(result).toMatchObject({ exitCode: 3, executor: 'child' });
    expect(lines(runtime, s).sort()).toEqual(
      ['hi batch', join(work, 'cmd'), 'oops', 'tail'].sort(),
    );
  });

  it("fails a command that does not exist with ECS's reason, without throwing", async () => {
    const runtime = setup();
    const result = await runtime.start(spec({ kind: 'command', command: ['no-such-command-xyz'] }))
      .done;
    expect(result.exitCode).toBeUndefined();
    expect(result.reason).toContain(
      'exec: "no-such-command-xyz": executable file not found in $PATH',
    );
  });

  it('kills the whole process tree on terminate', async () => {
    const runtime = setup();
    const pidFile = join(work, 'grandchild.pid');
    const handle = runtime.start(
      spec({ kind: 'command', command: ['sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`] }),
    );
    await handle.started;
    for (let i = 0; i < 100 && !readSafe(pidFile); i += 1) await sleep(20);
    const grandchild = Number(readSafe(pidFile));
    expect(alive(grandchild)).toBe(true);
    handle.terminate();
    const result = await handle.done;
    expect(result.stopped).toBe('terminated');
    expect(result.exitCode).toBe(143);
    for (let i = 0; i < 50 && alive(grandchild); i += 1) await sleep(20);
    expect(alive(grandchild)).toBe(false);
  });
});

describe('runtime: images', () => {
  it("runs an unregistered image's command on the host and says so in the log", async () => {
    const runtime = setup();
    const s = spec({ kind: 'image', uri: 'busybox', command: ['echo', 'hello'] });
    expect((await runtime.start(s).done).exitCode).toBe(0);
    expect(lines(runtime, s)).toEqual([
      'modelmill: image busybox is not registered; running the command on the host: echo hello',
      'hello',
    ]);
  });

  it('fails an unregistered image without a command with CannotPullContainerError', async () => {
    const runtime = setup();
    const uri = '123456789012.dkr.ecr.us-east-1.amazonaws.com/nothing:1';
    const result = await runtime.start(spec({ kind: 'image', uri })).done;
    expect(result.reason).toMatch(/^CannotPullContainerError: .*nothing:1/);
    expect(result.reason).toContain('modelmill images register');
  });

  it('runs a program image with the command as arguments, and `modelmill job` commands', async () => {
    const runtime = setup();
    const s = spec({
      kind: 'image',
      uri: 'x.dkr.ecr.r.amazonaws.com/train:1',
      image: { kind: 'program', program: 't-fail' },
      command: ['--code', '4'],
    });
    expect((await runtime.start(s).done).exitCode).toBe(4);
    const job = spec({
      kind: 'image',
      uri: 'anything',
      command: ['modelmill', 'job', 't-fail', '--code', '6'],
    });
    expect((await runtime.start(job).done).exitCode).toBe(6);
  });

  it("runs a bring-your-own folder's executables first on PATH", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mm-byo-'));
    writeFileSync(join(folder, 'train'), '#!/bin/sh\necho "training with $1"\n');
    chmodSync(join(folder, 'train'), 0o755);
    const runtime = setup();
    const s = spec({
      kind: 'image',
      uri: 'byo:1',
      image: { kind: 'folder', folder },
      command: ['train', 'fast'],
    });
    expect((await runtime.start(s).done).exitCode).toBe(0);
    expect(lines(runtime, s)).toEqual(['training with fast']);
  });

  it('fails a registered container image cleanly when no engine answers', async () => {
    const runtime = setup();
    const result = await runtime.start(
      spec({
        kind: 'image',
        uri: 'real:1',
        image: { kind: 'container', image: 'real:1' },
        command: ['x'],
      }),
    ).done;
    expect(result.reason).toMatch(/^CannotPullContainerError: .*no container engine answers/);
  });
});

describe('runtime: containers', () => {
  /** A stand-in for the docker CLI: answers `version`, runs `run`'s command here, records `kill`. */
  function fakeEngine(): { command: string; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), 'mm-fake-docker-'));
    const command = join(dir, 'docker');
    writeFileSync(
      command,
      [
        '#!/bin/sh',
        'case "$1" in',
        '  version) echo "24.0.7-fake" ;;',
        '  kill) echo "$2" >> "' + dir + '/kills" ;;',
        '  run) shift',
        '    while [ $# -gt 0 ]; do case "$1" in',
        '      --rm) shift ;;',
        '      --name) shift 2 ;;',
        '      -e) export "$2"; shift 2 ;;',
        '      *) break ;;',
        '    esac; done',
        '    echo "image=$1"; shift; exec "$@" ;;',
        'esac',
        '',
      ].join('\n'),
    );
    chmodSync(command, 0o755);
    return { command, dir };
  }

  it("finds an engine whose server answers, and runs a registered image in it with the job's variables", async () => {
    const fake = fakeEngine();
    const engine = await detectContainerEngine({ candidates: [fake.command], timeoutMs: 2000 });
    expect(engine).toEqual({ name: 'docker', command: fake.command, version: '24.0.7-fake' });
    const runtime = setup({ containerEngine: engine ?? null });
    const s = spec(
      {
        kind: 'image',
        uri: 'real:1',
        image: { kind: 'container', image: 'real:1' },
        command: ['sh', '-c', 'echo "in $STAGE"'],
      },
      { env: { STAGE: 'container' } },
    );
    expect(await runtime.start(s).done).toMatchObject({ exitCode: 0, executor: 'container' });
    expect(lines(runtime, s)).toEqual(['image=real:1', 'in container']);
  });

  it('stops a container through the engine on terminate', async () => {
    const fake = fakeEngine();
    const runtime = setup({
      containerEngine: { name: 'docker', command: fake.command, version: 'x' },
    });
    const handle = runtime.start(
      spec({
        kind: 'image',
        uri: 'real:2',
        image: { kind: 'container', image: 'real:2' },
        command: ['sleep', '30'],
      }),
    );
    await handle.started;
    handle.terminate();
    expect((await handle.done).stopped).toBe('terminated');
    expect(readSafe(join(fake.dir, 'kills'))).toMatch(/^modelmill-[0-9a-f-]{36}$/);
  });
});

function readSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return '';
  }
}

/** True while `pid` runs (a zombie left to a PID 1 that does not reap counts as dead). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
