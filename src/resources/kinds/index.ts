import type { AnyResourceKind } from '../types.js';
import { bucketKind } from './bucket.js';
import { parameterKind } from './parameter.js';
import { stateMachineKind } from './state-machine.js';
import { tableKind } from './table.js';

/**
 * The built-in resource kinds. To add a kind, write one module beside these
 * (a `ResourceKind` made with `defineKind`) and add it to this list.
 */
export const builtinKinds: readonly AnyResourceKind[] = [
  bucketKind,
  parameterKind,
  tableKind,
  stateMachineKind,
];

export { bucketKind, parameterKind, stateMachineKind, tableKind };
