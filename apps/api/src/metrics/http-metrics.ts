import type { FastifyInstance } from 'fastify';

/** The `route` label of requests that matched no route, or only the web app's catch-all (`/*`). */
export const UNMATCHED_ROUTE = 'unmatched';

/** The `route` label of the built web app's own files (`/`, `/main-HGL6K2PN.js`, ...): one label for them all. */
export const WEB_ROUTE = 'web';

/** Route templates the API owns; any other matched route is a file of the web app. */
const API_ROUTE = /^\/(api|docs|docs-json|metrics)(\/|$)/;

/**
 * The `route` label of a request, from the template of the route that answered it (Fastify's
 * `routeOptions.url`, e.g. `/api/tickets/:id`), never from the URL, so the label set stays the
 * size of the route table: {@link UNMATCHED_ROUTE} without a template or for the web app's
 * catch-all, {@link WEB_ROUTE} for the web app's files.
 */
export function routeLabel(template: string | undefined): string {
  if (!template || template === '/*') return UNMATCHED_ROUTE;
  return API_ROUTE.test(template) ? template : WEB_ROUTE;
}

/** What {@link installHttpMetrics} reports each answered request to. */
export interface HttpObserver {
  /**
   * @param method the request method (`GET`)
   * @param route the label from {@link routeLabel}
   * @param statusCode the status sent
   * @param seconds from the request's arrival to the end of its response
   */
  observeHttp(method: string, route: string, statusCode: number, seconds: number): void;
}

/**
 * Reports every request Fastify answers (routes, 404s, errors, the web app) to `observer` once
 * its response has been sent. socket.io's own requests never reach Fastify and are not counted.
 */
export function installHttpMetrics(fastify: FastifyInstance, observer: HttpObserver): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    observer.observeHttp(
      request.method,
      routeLabel(request.routeOptions.url),
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
