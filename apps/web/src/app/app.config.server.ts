import { ApplicationConfig, mergeApplicationConfig } from '@angular/core';
import { provideClientHydration } from '@angular/platform-browser';
import { provideServerRendering, withRoutes } from '@angular/ssr';

import { appConfig } from './app.config';
import { serverRoutes } from './app.routes.server';
import { provideServerIcons } from './core/icons.server';

/**
 * The app's providers when the build prerenders a page: the browser's, plus server rendering with
 * hydration annotations, and the icon set from its text (nothing to fetch its URL from at build time).
 */
export const serverConfig: ApplicationConfig = mergeApplicationConfig(appConfig, {
  providers: [
    provideServerRendering(withRoutes(serverRoutes)),
    // Writes what the browser needs to take the page over (the `ngh` annotations, see main.ts).
    provideClientHydration(),
    provideServerIcons(),
  ],
});
