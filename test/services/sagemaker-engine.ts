import { createSequentialIds } from '../../src/core/index.js';
import type { Engine } from '../../src/engine/index.js';
import { IntegrationRegistry, createEngine, createMemoryStore } from '../../src/engine/index.js';
import type { ExecutionRecord } from '../../src/engine/index.js';
import { createLocalGlue, registerGlueIntegrations } from '../../src/services/glue/index.js';
import type { LocalGlue } from '../../src/services/glue/index.js';
import { createLocalLambda, registerLambdaIntegrations } from '../../src/services/lambda/index.js';
import type { LocalLambda } from '../../src/services/lambda/index.js';
import { registerS3Integrations } from '../../src/services/s3/index.js';
import { registerSageMakerIntegrations } from '../../src/services/sagemaker/index.js';
import { createLocalSsm, registerSsmIntegrations } from '../../src/services/ssm/index.js';
import type { ParameterStore } from '../../src/services/ssm/index.js';
import type { SageMakerFixture } from './sagemaker-fixture.js';
import { createSageMakerFixture, scope } from './sagemaker-fixture.js';

/**
 * The SageMaker fixture under a Step Functions engine, with the services the
 * reference workflows also call — SSM, S3, Glue jobs and Lambda (functions as
 * in-process handlers) — wired as the composition root would wire them. Wait
 * states run a thousand times faster than written.
 */

/** What a harness holds. */
export interface WorkflowHarness {
  f: SageMakerFixture;
  engine: Engine;
  integrations: IntegrationRegistry;
  ssm: ParameterStore;
  glue: LocalGlue;
  lambda: LocalLambda;
  /** Creates (or replaces) a state machine and runs it to the end. */
  run(
    name: string,
    definition: string | object,
    input?: unknown,
  ): Promise<{ final: ExecutionRecord; output: any }>;
  close(): Promise<void>;
}

/** Builds a harness. */
export async function createWorkflowHarness(): Promise<WorkflowHarness> {
  const f = await createSageMakerFixture();
  f.runtime.programs.register({
    name: 'mlops-transform',
    module: new URL('./sagemaker-programs.js', import.meta.url),
    export: 'mlopsTransform',
  });
  const integrations = new IntegrationRegistry();
  const ids = createSequentialIds();
  const ssm = createLocalSsm({ db: f.db, home: f.home, scope });
  const glue = createLocalGlue({
    db: f.db,
    scope,
    runtime: f.runtime,
    runEnv: () => ({ MODELMILL_OBJECTS: f.s3.root }),
  });
  glue.start();
  const lambda = createLocalLambda({ db: f.db, scope, runtime: f.runtime });
  registerSageMakerIntegrations(integrations, f.sagemaker, { ids });
  registerSsmIntegrations(integrations, ssm);
  registerS3Integrations(integrations, f.s3, { ids });
  registerGlueIntegrations(integrations, glue, { ids });
  registerLambdaIntegrations(integrations, lambda, { ids });
  const engine = createEngine({
    store: createMemoryStore(),
    integrations,
    scope,
    timeScale: 0.001,
    random: () => 0.42,
  });
  return {
    f,
    engine,
    integrations,
    ssm,
    glue,
    lambda,
    async run(name, definition, input = {}) {
      const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
      const existing = engine.listStateMachines({}).items.find((m) => m.name === name);
      if (existing) engine.updateStateMachine({ stateMachineArn: existing.arn, definition: text });
      else engine.createStateMachine({ name, definition: text });
      const { executionArn } = engine.startExecution({
        stateMachineArn: name,
        input: JSON.stringify(input),
      });
      const final = await engine.waitFor(executionArn);
      return { final, output: final.output === undefined ? undefined : JSON.parse(final.output) };
    },
    async close() {
      await engine.close();
      await glue.stop();
      await lambda.stop();
      await f.close();
    },
  };
}
