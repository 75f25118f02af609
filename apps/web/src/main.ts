import { ApplicationConfig, mergeApplicationConfig } from '@angular/core';
import { bootstrapApplication, provideClientHydration } from '@angular/platform-browser';

import { hasStoredSession } from '@hd/web/data-access';

import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';

/** A landing page's entry in the `hd-landing-pages` block of each built page (see apps/web/landing-pages.json). */
interface LandingPage {
  /** True for pages behind login, false for those only logged-out visitors see. */
  session: boolean;
  /** The page's lazy chunks, every level of their static imports included, relative to the base href. */
  chunks: string[];
}

/**
 * Preloads all the code of the page this visit lands on, when it is one of the landing pages the
 * production build lists in each of its HTML pages (`tools/web/landing-preloads.mjs`): one
 * `<link rel="modulepreload">` per chunk, so they arrive in one wave instead of one round trip per
 * level of imports, while Angular boots. A page that would redirect (no session, or a session on
 * the login page) is not preloaded; without the block (the dev server) nothing is.
 */
function preloadLandingPage(): void {
  let page: LandingPage | undefined;
  try {
    const pages = JSON.parse(document.getElementById('hd-landing-pages')?.textContent ?? '{}') as Record<
      string,
      LandingPage
    >;
    page = Object.hasOwn(pages, location.pathname) ? pages[location.pathname] : undefined;
  } catch {
    // A damaged block: nothing is preloaded.
  }
  // The app's own reading of the session: a damaged one is none, and such a visit goes to the login page.
  if (!page || page.session !== hasStoredSession() || !Array.isArray(page.chunks)) return;
  for (const chunk of page.chunks) {
    const link = document.createElement('link');
    link.rel = 'modulepreload';
    link.href = chunk;
    document.head.appendChild(link);
  }
}

/**
 * The app's providers for this visit. A page the build prerendered (its root carries
 * `ng-server-context`) is hydrated: Angular takes over the nodes it finds, so what the visitor
 * already sees, and typed, stays. It was drawn logged out, so with a session (the page redirects
 * anyway) it is drawn afresh instead, as every page the client renders is.
 */
function configForThisVisit(): ApplicationConfig {
  const prerendered = document.querySelector('hd-root')?.hasAttribute('ng-server-context') ?? false;
  if (!prerendered || hasStoredSession()) return appConfig;
  return mergeApplicationConfig(appConfig, { providers: [provideClientHydration()] });
}

preloadLandingPage();
bootstrapApplication(AppComponent, configForThisVisit()).catch((error: unknown) => console.error(error));
