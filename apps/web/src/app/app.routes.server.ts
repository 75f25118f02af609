import { RenderMode, ServerRoute } from '@angular/ssr';

/**
 * How each route is rendered by the build. The login page, where most first visits land, is
 * prerendered: its HTML arrives with the form drawn (logged out, no data), so a phone shows it at
 * first paint instead of after Angular has started. The client then hydrates it (see `main.ts`).
 * Every other page depends on the session or on data and is drawn by the client
 * (`index.csr.html`).
 */
export const serverRoutes: ServerRoute[] = [
  { path: 'auth/login', renderMode: RenderMode.Prerender },
  { path: '**', renderMode: RenderMode.Client },
];
