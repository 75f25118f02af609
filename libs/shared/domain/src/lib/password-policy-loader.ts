/** The password policy module (`password-policy.ts`): `evaluatePassword`. */
export type PasswordPolicy = typeof import('./password-policy');

let loading: Promise<PasswordPolicy> | undefined;

/**
 * The password policy, loaded on first use and kept: zxcvbn's dictionaries, which it reads on
 * load, take about 0.3 s and 50 MB of memory, which neither the API's start-up nor a browser that
 * never sets a password should pay. In the browser build it is a chunk of its own; in the API's
 * bundle (CommonJS) it is evaluated on the first call, synchronously: that first password check of
 * a process keeps the event loop busy for those 0.3 s.
 * @returns the module; a failed load (a chunk that could not be fetched) rejects, and the next
 *   call asks again (a browser may answer it from its memory of the failure until the page reloads)
 */
export function loadPasswordPolicy(): Promise<PasswordPolicy> {
  loading ??= import('./password-policy').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
