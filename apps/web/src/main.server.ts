import { BootstrapContext, bootstrapApplication } from '@angular/platform-browser';

import { AppComponent } from './app/app.component';
import { serverConfig } from './app/app.config.server';

/**
 * The app's bootstrap for prerendering (`outputMode: 'static'`): the build runs it in Node.js once
 * per route that {@link serverConfig} prerenders, and writes what it rendered as that route's HTML.
 * @param context the platform the build provides for one page
 */
export default function bootstrap(context: BootstrapContext) {
  return bootstrapApplication(AppComponent, serverConfig, context);
}
