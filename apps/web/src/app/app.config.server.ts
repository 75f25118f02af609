import { ApplicationConfig, mergeApplicationConfig } from '@angular/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { provideClientHydration } from '@angular/platform-browser';
import { provideServerRendering, withRoutes } from '@angular/ssr';

import { appConfig } from './app.config';
import { serverRoutes } from './app.routes.server';
import { provideServerIcons } from './core/icons.server';

/**
 * The app's providers when the build prerenders a page: the browser's, plus server rendering with
 * hydration annotations, the icon set from its text (nothing to fetch its URL from at build time),
 * and form-field labels drawn floating.
 */
export const serverConfig: ApplicationConfig = mergeApplicationConfig(appConfig, {
  providers: [
    provideServerRendering(withRoutes(serverRoutes)),
    // Writes what the browser needs to take the page over (the `ngh` annotations, see main.ts).
    provideClientHydration(),
    provideServerIcons(),
    // Labels drawn above their fields: before the app starts nothing moves a label out of the way
    // of what is typed; once it runs, an empty field's label settles into it as usual.
    { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: { floatLabel: 'always' } },
  ],
});
