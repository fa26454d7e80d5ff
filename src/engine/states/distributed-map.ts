import type { MapState, SubMachine } from '../../asl/index.js';
import { StatesError, evaluateJsonataTemplate, evaluatePayload } from '../../asl/index.js';
import { formatArn } from '../../core/index.js';
import type { ChildResult } from '../children.js';
import type { StateCall, StateOutcome } from '../frame.js';
import { jsonataBindings, pathScope, stateOutput } from '../state-io.js';
import { linkedController } from './children.js';
import { readItems, text } from './item-reader.js';
import { integerField, resolveItems, selectItem } from './map.js';
import { transition } from './transition.js';

/**
 * Distributed Map: each item (or batch) runs as a child execution of a Map
 * Run; items stream from the ItemReader with at most MaxConcurrency children
 * at once; failures up to the tolerated threshold are allowed; results go to
 * the output or, with a ResultWriter, to S3.
 */
export async function runDistributedMap(
  call: StateCall,
  state: MapState,
  processor: SubMachine,
): Promise<StateOutcome> {
  const { frame, scope, name } = call;
  const run = frame.run;
  const deps = run.deps;
  const source = state.ItemReader ? null : await resolveItems(scope, state);
  run.emit(frame, 'MapStateStarted', () => ({ length: source ? source.items.length : 0 }));
  const limit =
    (await integerField(
      scope,
      state.MaxConcurrency,
      state.MaxConcurrencyPath,
      'MaxConcurrency',
      0,
    )) || 1000;
  const toleratedCount = await integerField(
    scope,
    state.ToleratedFailureCount,
    state.ToleratedFailureCountPath,
    'ToleratedFailureCount',
    0,
  );
  const toleratedPercent = await integerField(
    scope,
    state.ToleratedFailurePercentage,
    state.ToleratedFailurePercentagePath,
    'ToleratedFailurePercentage',
    0,
    true,
  );
  const machineName = run.record.stateMachineArn.split(':').at(-1) ?? 'machine';
  const runId = deps.ids.uuid();
  const mapRunArn = formatArn(
    deps.scope,
    'states',
    `mapRun:${machineName}/${state.Label ?? name}:${runId}`,
  );
  run.emit(frame, 'MapRunStarted', () => ({ mapRunArn }));

  const definition = JSON.stringify({
    StartAt: processor.StartAt,
    States: processor.States,
    QueryLanguage: processor.QueryLanguage ?? scope.language,
  });
  const type = processor.ProcessorConfig?.ExecutionType ?? 'STANDARD';
  const controller = linkedController(frame.signal);
  const results: Array<{ index: number; result: ChildResult; input: unknown }> = [];
  let total = 0;
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const mapInput = source?.mapInput ?? scope.rawInput;
  const items = source ? toAsync(source.items) : readItems(scope, state.ItemReader!, deps.objects);

  for await (const input of batches(call, state, mapInput, items)) {
    if (controller.signal.aborted) break;
    const index = total;
    total += 1;
    const child = deps.children
      .run({
        definition,
        stateMachineArn: run.record.stateMachineArn,
        name: deps.ids.uuid(),
        input,
        type,
        mapRunArn,
        parentArn: run.record.arn,
        signal: controller.signal,
      })
      .then((result) => {
        if (result.status !== 'SUCCEEDED') failed += 1;
        results.push({ index, result, input });
      });
    inFlight.add(child);
    void child.finally(() => inFlight.delete(child));
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (frame.signal.aborted) throw frame.signal.reason;

  const allowed = Math.max(toleratedCount, Math.floor((toleratedPercent / 100) * total));
  if (failed > allowed) {
    run.emit(frame, 'MapRunFailed', () => ({
      error: 'States.ExceedToleratedFailureThreshold',
      cause: `The number of failed items (${failed}) exceeds the tolerated failure threshold (${allowed}) for Map Run ${mapRunArn}.`,
    }));
    throw new StatesError(
      'States.ExceedToleratedFailureThreshold',
      `The specified tolerated failure threshold was exceeded: ${failed} of ${total} items failed`,
    );
  }
  results.sort((a, b) => a.index - b.index);
  const result = state.ResultWriter
    ? await writeResults(call, state, mapRunArn, runId, results)
    : results.map(({ result: r }) =>
        r.status === 'SUCCEEDED' ? r.output : { Error: r.error, Cause: r.cause },
      );
  run.emit(frame, 'MapRunSucceeded');
  run.emit(frame, 'MapStateSucceeded');
  const { output, assigned } = await stateOutput(scope, state, result, { hasResult: true });
  return transition(state, output, assigned);
}

async function* toAsync(items: unknown[]): AsyncGenerator<unknown> {
  yield* items;
}

/** Applies ItemSelector per item and groups items as ItemBatcher says. */
async function* batches(
  call: StateCall,
  state: MapState,
  mapInput: unknown,
  items: AsyncIterable<unknown>,
): AsyncGenerator<unknown> {
  const { scope } = call;
  const batcher = state.ItemBatcher;
  let index = 0;
  if (!batcher) {
    for await (const item of items)
      yield await Promise.resolve(selectItem(scope, state, mapInput, item, index++));
    return;
  }
  const maxItems =
    typeof batcher.MaxItemsPerBatch === 'number'
      ? batcher.MaxItemsPerBatch
      : Number.POSITIVE_INFINITY;
  const maxBytes =
    typeof batcher.MaxInputBytesPerBatch === 'number' ? batcher.MaxInputBytesPerBatch : 262_144;
  const batchInput =
    batcher.BatchInput === undefined
      ? undefined
      : scope.language === 'JSONata'
        ? await evaluateJsonataTemplate(
            batcher.BatchInput,
            jsonataBindings(scope),
            'ItemBatcher/BatchInput',
          )
        : evaluatePayload(batcher.BatchInput, pathScope(scope, mapInput), 'BatchInput');
  let batch: unknown[] = [];
  let bytes = 0;
  const flush = (): unknown => {
    const out =
      batchInput === undefined ? { Items: batch } : { BatchInput: batchInput, Items: batch };
    batch = [];
    bytes = 0;
    return out;
  };
  for await (const item of items) {
    const selected = await Promise.resolve(selectItem(scope, state, mapInput, item, index++));
    const size = Buffer.byteLength(JSON.stringify(selected) ?? '', 'utf8');
    if (batch.length > 0 && (batch.length >= maxItems || bytes + size > maxBytes)) yield flush();
    batch.push(selected);
    bytes += size;
  }
  if (batch.length > 0) yield flush();
}

async function writeResults(
  call: StateCall,
  state: MapState,
  mapRunArn: string,
  runId: string,
  results: Array<{ result: ChildResult; input: unknown }>,
): Promise<unknown> {
  const deps = call.frame.run.deps;
  const objects = deps.objects;
  if (!objects)
    throw new StatesError(
      'States.ResultWriterFailed',
      'ResultWriter needs S3, which is not wired into this engine',
    );
  const template =
    call.scope.language === 'JSONata'
      ? state.ResultWriter?.Arguments
      : state.ResultWriter?.Parameters;
  const params = (
    template === undefined
      ? {}
      : call.scope.language === 'JSONata'
        ? await evaluateJsonataTemplate(
            template,
            jsonataBindings(call.scope),
            'ResultWriter/Arguments',
          )
        : evaluatePayload(
            template,
            pathScope(call.scope, call.scope.rawInput),
            'ResultWriter.Parameters',
          )
  ) as Record<string, unknown>;
  const bucket = text(params.Bucket);
  const base = text(params.Prefix).replace(/\/$/, '');
  const prefix = base === '' ? runId : `${base}/${runId}`;
  const groups = new Map<string, unknown[]>();
  for (const { result, input } of results) {
    const entry = {
      ExecutionArn: result.executionArn,
      Input: JSON.stringify(input),
      InputDetails: { Included: true },
      Name: result.executionArn.split(':').at(-1),
      Output: result.output === undefined ? undefined : JSON.stringify(result.output),
      OutputDetails: { Included: true },
      Error: result.error,
      Cause: result.cause,
      RedriveCount: 0,
      StartDate: new Date(result.startDate).toISOString(),
      StateMachineArn: call.frame.run.record.stateMachineArn,
      Status: result.status,
      StopDate: new Date(result.stopDate).toISOString(),
    };
    const key = result.status === 'SUCCEEDED' ? 'SUCCEEDED' : 'FAILED';
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(entry);
  }
  const files: Array<{ Key: string; Size: number }> = [];
  try {
    for (const [status, entries] of groups) {
      const key = `${prefix}/${status}_0.json`;
      const body = JSON.stringify(entries);
      await objects.putObject(bucket, key, body, 'application/json');
      files.push({ Key: key, Size: Buffer.byteLength(body) });
    }
    const manifestKey = `${prefix}/manifest.json`;
    const manifest = {
      DestinationBucket: bucket,
      MapRunArn: mapRunArn,
      ResultFiles: Object.fromEntries(
        [...groups.keys()].map((s) => [s, files.filter((f) => f.Key.includes(`/${s}_`))]),
      ),
    };
    await objects.putObject(bucket, manifestKey, JSON.stringify(manifest), 'application/json');
    return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
  } catch (err) {
    throw new StatesError(
      'States.ResultWriterFailed',
      `writing results to s3://${bucket}/${prefix}/ failed: ${(err as Error).message}`,
    );
  }
}
