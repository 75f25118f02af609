import { EnvironmentProviders, inject, provideEnvironmentInitializer } from '@angular/core';
import { MatIconRegistry } from '@angular/material/icon';
import { DomSanitizer } from '@angular/platform-browser';

import iconSetUrl from './icons.svg';

/**
 * Every Material icon the app shows, by its ligature name. `node tools/web/icons.mjs` turns this
 * list into `icons.svg` (the icon set registered below); run it after changing the list. Templates,
 * the app's and @hd/web/ui's alike, use them as `<mat-icon svgIcon="name" />`.
 */
export const ICON_NAMES = [
  'account_circle',
  'add',
  'add_circle',
  'admin_panel_settings',
  'arrow_back',
  'arrow_downward',
  'arrow_forward',
  'arrow_upward',
  'attach_file',
  'check_circle',
  'close',
  'confirmation_number',
  'delete',
  'done_all',
  'download',
  'drag_indicator',
  'edit',
  'filter_alt_off',
  'flag',
  'help_outline',
  'history',
  'how_to_reg',
  'inbox',
  'insights',
  'label',
  'lock',
  'logout',
  'menu',
  'notifications',
  'notifications_active',
  'notifications_none',
  'person',
  'person_add',
  'person_off',
  'person_remove',
  'person_search',
  'play_arrow',
  'priority_high',
  'refresh',
  'remove',
  'replay',
  'search',
  'search_off',
  'send',
  'settings',
  'support_agent',
  'swap_horiz',
  'travel_explore',
] as const;

/** The name of an icon of {@link ICON_NAMES}. */
export type IconName = (typeof ICON_NAMES)[number];

/**
 * Registers the app's icon set (`icons.svg`, emitted by the build as a hashed file, cached
 * immutably) with `MatIconRegistry`: fetched once, when the first `<mat-icon svgIcon>` renders.
 * Replaces the Material Icons font, which weighed 128 KiB for the few dozen icons in use.
 */
export function provideIcons(): EnvironmentProviders {
  return provideEnvironmentInitializer(() => {
    const url = inject(DomSanitizer).bypassSecurityTrustResourceUrl(iconSetUrl);
    inject(MatIconRegistry).addSvgIconSet(url);
  });
}
