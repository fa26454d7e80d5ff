/**
 * stepfunctions: the Step Functions service over the engine — its JSON wire
 * protocol (`AWSStepFunctions.*`). The engine itself lives in src/engine.
 */
export { stepFunctionsApi, describeExecution, describeMachine } from './api.js';
