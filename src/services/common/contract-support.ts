/**
 * Helpers of the contract suites (`services/<name>/contract.ts`) and the
 * services' tests. They assert nothing themselves, so they hold no test
 * framework: a suite asserts on what they return.
 */

/** What a failed call rejected with: a ModelmillError's `code`, an SDK exception's `name`. */
export interface Rejection {
  code?: string;
  name?: string;
  message: string;
  details?: any;
}

/** The error `promise` rejects with; throws (failing the test) when it resolves instead. */
export async function rejection(promise: Promise<unknown>): Promise<Rejection> {
  try {
    await promise;
  } catch (err) {
    return err as Rejection;
  }
  throw new Error('expected the call to fail');
}

/** The code (ModelmillError `code`, else SDK exception `name`, else '') and message `promise` rejects with. */
export async function rejectionCode(
  promise: Promise<unknown>,
): Promise<{ code: string; message: string }> {
  const err = await rejection(promise);
  return { code: err.code ?? err.name ?? '', message: err.message };
}
