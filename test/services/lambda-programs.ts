import { readFileSync, writeFileSync } from 'node:fs';
import type { ProgramContext, ProgramDefinition } from '../../src/runtime/index.js';

/** A program behind an Image function in the Lambda tests: it follows the event/result file protocol. */

/** Answers `{image: <argv>, event}` from the event file. */
export function imageEcho(ctx: ProgramContext): void {
  const event = JSON.parse(readFileSync(ctx.env.MODELMILL_LAMBDA_EVENT ?? '', 'utf8')) as unknown;
  console.log('image function running');
  writeFileSync(ctx.env.MODELMILL_LAMBDA_RESULT ?? '', JSON.stringify({ image: ctx.argv, event }));
}

/** The registration of the program above. */
export const lambdaPrograms: ProgramDefinition[] = [
  {
    name: 'lambda-image-echo',
    module: new URL('./lambda-programs.js', import.meta.url),
    export: 'imageEcho',
  },
];
