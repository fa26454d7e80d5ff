import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../common/index.js';
import type { LambdaService } from './types.js';
import { writeZip } from './zip.js';

/**
 * The contract every Lambda adapter keeps, run against the embedded Lambda
 * always and against Lambda when an endpoint is configured (with
 * MODELMILL_TEST_LAMBDA_ROLE naming a role functions may use). It asserts only
 * what Lambda itself does: payloads in and out, the error document of a
 * failing handler, timeouts, and Lambda's error names.
 */

const HANDLER = `
export const handler = async (event, context) => {
  if (event.fail) throw new TypeError('asked to fail: ' + event.fail);
  if (event.sleepMs) await new Promise((r) => setTimeout(r, event.sleepMs));
  return { echo: event, name: context.functionName };
};
`;

/** Runs the suite against the adapter `makeAdapter` builds; functions are prefixed and deleted afterwards. */
export function runLambdaContract(
  name: string,
  makeAdapter: () => LambdaService | Promise<LambdaService>,
  role = 'arn:aws:iam::123456789012:role/lambda-contract',
): void {
  const prefix = `mm-contract-${Date.now().toString(36)}`;
  const fn = `${prefix}-echo`;
  let lambda: LambdaService;
  const payload = (text: string | undefined) => JSON.parse(text ?? 'null');
  describe(`Lambda contract: ${name}`, () => {
    beforeAll(async () => {
      lambda = await makeAdapter();
      await lambda.createFunction({
        FunctionName: fn,
        Role: role,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Timeout: 1,
        Code: { ZipFile: writeZip({ 'index.mjs': HANDLER }).toString('base64') },
      });
    });
    afterAll(async () => {
      const { Functions } = await lambda.listFunctions({});
      for (const f of Functions.filter((x) => x.FunctionName.startsWith(prefix))) {
        await lambda.deleteFunction({ FunctionName: f.FunctionName });
      }
    });

    it('creates a function from a zip and describes it', async () => {
      const { Configuration } = await lambda.getFunction({ FunctionName: fn });
      expect(Configuration).toMatchObject({
        FunctionName: fn,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Timeout: 1,
        MemorySize: 128,
        Version: '$LATEST',
      });
      expect(Configuration.FunctionArn).toMatch(
        new RegExp(`^arn:aws:lambda:[a-z0-9-]+:\\d{12}:function:${fn}$`),
      );
      expect((await lambda.listFunctions({})).Functions.map((f) => f.FunctionName)).toContain(fn);
    });

    it('invokes it with a payload and answers the handler’s result', async () => {
      const out = await lambda.invoke({ FunctionName: fn, Payload: JSON.stringify({ a: 1 }) });
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBeUndefined();
      expect(out.ExecutedVersion).toBe('$LATEST');
      expect(payload(out.Payload)).toEqual({ echo: { a: 1 }, name: fn });
    });

    it('answers a thrown error as FunctionError Unhandled with the error document', async () => {
      const out = await lambda.invoke({
        FunctionName: fn,
        Payload: JSON.stringify({ fail: 'yes' }),
      });
      expect(out.StatusCode).toBe(200);
      expect(out.FunctionError).toBe('Unhandled');
      expect(payload(out.Payload)).toMatchObject({
        errorType: 'TypeError',
        errorMessage: 'asked to fail: yes',
      });
    });

    it('times a function out after its Timeout', async () => {
      const out = await lambda.invoke({
        FunctionName: fn,
        Payload: JSON.stringify({ sleepMs: 3000 }),
      });
      expect(out.FunctionError).toBe('Unhandled');
      expect(payload(out.Payload).errorMessage).toContain('Task timed out after 1.00 seconds');
    });

    it('accepts Event (202) and DryRun (204) invocations', async () => {
      expect((await lambda.invoke({ FunctionName: fn, InvocationType: 'Event' })).StatusCode).toBe(
        202,
      );
      expect((await lambda.invoke({ FunctionName: fn, InvocationType: 'DryRun' })).StatusCode).toBe(
        204,
      );
    });

    it('names missing and duplicate functions with Lambda’s errors', async () => {
      for (const call of [
        lambda.getFunction({ FunctionName: `${prefix}-missing` }),
        lambda.invoke({ FunctionName: `${prefix}-missing` }),
        lambda.deleteFunction({ FunctionName: `${prefix}-missing` }),
      ]) {
        const err = await rejection(call);
        expect(err.code ?? err.name).toBe('ResourceNotFoundException');
        expect(err.message).toContain(`function:${prefix}-missing`);
      }
      const err = await rejection(
        lambda.createFunction({
          FunctionName: fn,
          Role: role,
          Runtime: 'nodejs20.x',
          Handler: 'index.handler',
          Code: { ZipFile: writeZip({ 'index.mjs': HANDLER }).toString('base64') },
        }),
      );
      expect(err.code ?? err.name).toBe('ResourceConflictException');
    });
  });
}
