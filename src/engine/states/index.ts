import type { StateType } from '../../asl/index.js';
import type { StateHandler } from '../frame.js';
import { runChoice } from './choice.js';
import { runMap } from './map.js';
import { runParallel } from './parallel.js';
import { runPass } from './pass.js';
import { runTask } from './task.js';
import { runFail, runSucceed } from './terminal.js';
import { runWait } from './wait.js';

/** The behaviour of each state type. */
export const STATE_HANDLERS: Record<StateType, StateHandler> = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};

export { FailStateError } from './terminal.js';
export { ExecutionStopped, isSuspension } from './error-handling.js';
