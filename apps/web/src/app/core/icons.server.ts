import { EnvironmentProviders, inject, provideEnvironmentInitializer } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { DomSanitizer } from '@angular/platform-browser';

// The build puts the icon set's text into the prerendering bundle only (the browser fetches the file).
import iconSet from './icons.svg' with { loader: 'text' };

/**
 * Registers the app's icon set (`icons.svg`) with `MatIconRegistry` from its text, for the pages
 * the build prerenders: there is no server to fetch its URL from at build time, and the icons are
 * then drawn into the page's HTML. The browser's own registration (`provideIcons`) still
 * fetches the file for the pages it draws.
 */
export function provideServerIcons(): EnvironmentProviders {
  return provideEnvironmentInitializer(() => {
    const svg = inject(DomSanitizer).bypassSecurityTrustHtml(iconSet);
    inject(MatIconRegistry).addSvgIconSetLiteral(svg);
  });
}
