import type { IncomingMessage, ServerResponse } from 'node:http';

import helmet, { HelmetOptions } from 'helmet';

/** Response headers by lower-case name. */
export type HeaderSet = Record<string, string>;

/**
 * The headers helmet's middleware sets for `options` (Content-Security-Policy,
 * X-Content-Type-Options, X-Frame-Options, Referrer-Policy, ...), computed once so that each
 * response only copies them: `@fastify/helmet` builds helmet's middleware, CSP parsing included,
 * on every request (about 2 % of a queue page's CPU under load). Headers helmet removes
 * (`X-Powered-By`) are left out. Options whose values depend on the request (CSP nonces,
 * function directives) cannot be precomputed and are not used here.
 * @throws Error when helmet refuses the options (an invalid CSP directive, say)
 */
export function securityHeaders(options: HelmetOptions): HeaderSet {
  const headers: HeaderSet = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}
