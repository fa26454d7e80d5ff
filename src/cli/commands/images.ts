import type { Command } from 'commander';
import type { RegisterImageInput } from '../../services/ecr/index.js';
import type { OutputFormat } from '../output.js';
import { eprintln, printJson, println, table, when } from '../output.js';
import type { ComputeParts, OpenCompute } from './jobs.js';
import { openCompute } from './jobs.js';

/**
 * `modelmill images register URI --program NAME | --folder DIR | --container [IMAGE]`
 * maps an image URI (as job definitions, task definitions and SageMaker jobs
 * name it) to what runs it here; `modelmill images list` shows the mappings
 * and the built-in programs an image can run.
 */

/** Options of `images register`. */
export interface RegisterOptions {
  program?: string;
  folder?: string;
  container?: string | boolean;
  output?: OutputFormat;
}

function describeTarget(target: {
  kind: string;
  program?: string;
  folder?: string;
  image?: string;
}): string {
  if (target.kind === 'program') return `program ${target.program ?? ''}`;
  if (target.kind === 'folder') return `folder ${target.folder ?? ''}`;
  return `container image ${target.image ?? ''} (needs Docker or Podman)`;
}

/** Registers one mapping. */
export async function registerImage(
  parts: ComputeParts,
  uri: string,
  opts: RegisterOptions,
): Promise<number> {
  const given = [opts.program, opts.folder, opts.container].filter(
    (v) => v !== undefined && v !== false,
  );
  if (given.length !== 1) {
    eprintln('error: give exactly one of --program NAME, --folder DIR or --container [IMAGE]');
    return 2;
  }
  const input: RegisterImageInput = {
    imageUri: uri,
    ...(opts.program !== undefined ? { program: opts.program } : {}),
    ...(opts.folder !== undefined ? { folder: opts.folder } : {}),
    ...(opts.container !== undefined && opts.container !== false
      ? { container: opts.container === true ? true : opts.container }
      : {}),
  };
  const mapping = await parts.ecr.registerImage(input);
  if (opts.output === 'json') printJson(mapping);
  else
    println(
      `${mapping.image} (${mapping.imageDigest.slice(0, 19)}) → ${describeTarget(mapping.target)}`,
    );
  return 0;
}

/** Lists the mappings and the programs. */
export function listImages(parts: ComputeParts, output: OutputFormat): number {
  const mappings = parts.ecr.listMappings();
  const programs = parts.programs.list();
  if (output === 'json') {
    printJson({
      images: mappings,
      programs: programs.map((p) => ({ name: p.name, description: p.description })),
    });
    return 0;
  }
  if (mappings.length === 0)
    println('no images registered (modelmill images register URI --program NAME | --folder DIR)');
  else {
    println(
      table(
        ['IMAGE', 'RUNS', 'REGISTERED'],
        mappings.map((m) => [m.image, describeTarget(m.target), when(m.registeredAt * 1000)]),
      ),
    );
  }
  println('');
  if (programs.length === 0) println('no built-in programs registered');
  else
    println(
      table(
        ['PROGRAM', 'DESCRIPTION'],
        programs.map((p) => [p.name, p.description]),
      ),
    );
  return 0;
}

/** Registers `images register` and `images list` on `program`. */
export function registerImages(
  program: Command,
  setExit: (code: number) => void,
  open: OpenCompute = openCompute,
): void {
  const images = program
    .command('images')
    .description('map container image URIs to what runs them locally');
  images
    .command('register <uri>')
    .description(
      'map an image URI (<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>, busybox, ...) to a built-in program, a folder of executables, or a real image',
    )
    .option(
      '--program <name>',
      'a built-in program; the job command’s --key value words become its arguments',
    )
    .option(
      '--folder <dir>',
      'a folder of executables (bring-your-own train / serve), first on PATH',
    )
    .option('--container [image]', 'a real image for Docker or Podman (default: the URI itself)')
    .option('--output <format>', 'text or json', 'text')
    .action(async (uri: string, opts: RegisterOptions) => {
      const parts = await open();
      try {
        setExit(await registerImage(parts, uri, opts));
      } finally {
        await parts.close();
      }
    });
  images
    .command('list')
    .description('list registered images and the built-in programs')
    .option('--output <format>', 'text or json', 'text')
    .action(async (opts: { output: OutputFormat }) => {
      const parts = await open();
      try {
        setExit(listImages(parts, opts.output));
      } finally {
        await parts.close();
      }
    });
}
