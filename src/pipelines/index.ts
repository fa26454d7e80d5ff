/**
 * pipelines: the shipped pipelines — their ASL definitions, the resources
 * they need, and the programs their jobs run.
 */
export { championExample, championExampleInput } from './examples.js';
export { builtinPrograms } from './programs.js';
