import type { State } from '../../asl/index.js';
import type { StateOutcome } from '../frame.js';

/** The outcome of a state that ends normally: its Next, or the end of the frame. */
export function transition(
  state: State,
  output: unknown,
  assigned: Record<string, unknown> | undefined,
): StateOutcome {
  if (state.End === true || state.Next === undefined) return { end: true, output, assigned };
  return { next: state.Next, output, assigned };
}
