/**
 * What an expression can see while a state runs: the state's effective input
 * (`$` in JSONPath), the context object (`$$`), and the workflow variables
 * (`$name` in JSONPath and JSONata).
 */
export interface Scope {
  /** The value `$` refers to. */
  input: unknown;
  /** The context object, `$$`. */
  context: unknown;
  /** Workflow variables visible to the state (set by Assign). */
  variables: Readonly<Record<string, unknown>>;
}
