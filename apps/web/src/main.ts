import { bootstrapApplication } from '@angular/platform-browser';

import { SESSION_STORAGE_KEY } from '@hd/web/data-access';

import { AppComponent } from './app/app.component';
import { appConfig } from './app/app.config';
import { LANDING_PAGES } from './app/app.routes';

/** Starts fetching the code of the page this visit lands on, when it is one of LANDING_PAGES. */
function prefetchLandingPage(): void {
  const page = LANDING_PAGES[location.pathname];
  if (!page) return;
  let hasSession = false;
  try {
    hasSession = localStorage.getItem(SESSION_STORAGE_KEY) !== null;
  } catch {
    // Storage blocked: the app will see no session either.
  }
  if (page.session === hasSession) void page.load();
}

prefetchLandingPage();
bootstrapApplication(AppComponent, appConfig).catch((error: unknown) => console.error(error));
