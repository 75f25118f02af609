/** The password policy module (`@hd/shared/domain/password-policy`): `evaluatePassword`. */
export type PasswordPolicy = typeof import('./password-policy');

let loading: Promise<PasswordPolicy> | undefined;

/**
 * The password policy, loaded on first use and kept: zxcvbn's dictionaries, which it reads on
 * load, take about 0.3 s and 50 MB of memory, which neither the API's start-up nor a browser that
 * never sets a password should pay. In the browser build it is a chunk of its own; in the API's
 * bundle it is evaluated on the first call.
 * @returns the module; a failed load (a chunk that could not be fetched) rejects, and the next
 *   call tries again
 */
export function loadPasswordPolicy(): Promise<PasswordPolicy> {
  loading ??= import('./password-policy').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
