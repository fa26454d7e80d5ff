import type { StateMachineDefinition } from '../asl/index.js';

const parsed = new Map<string, StateMachineDefinition>();

/** The parsed form of a stored definition text (cached: executions of one machine share it). */
export function parseDefinition(text: string): StateMachineDefinition {
  let definition = parsed.get(text);
  if (!definition) {
    if (parsed.size >= 256) parsed.clear();
    definition = JSON.parse(text) as StateMachineDefinition;
    parsed.set(text, definition);
  }
  return definition;
}
