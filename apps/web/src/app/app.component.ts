import {
  ApplicationRef,
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  DOCUMENT,
  inject,
  type Signal,
  signal,
} from '@angular/core';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatToolbar } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

import { isUserManager } from '@hd/shared/domain';
import { AuthStateService } from '@hd/web/data-access';

import { NavDrawerComponent, type NavLink } from './core/nav-drawer.component';
import { UserMenuComponent } from './core/user-menu.component';
import { NotificationBellComponent } from './notifications/notification-bell.component';

/** Below this width the navigation collapses into a side drawer. */
const NARROW = '(max-width: 839.98px)';

/**
 * Whether the media query matches, kept current (false where the browser has no `matchMedia`).
 * Must run in an injection context; stops listening when that context is destroyed.
 */
function mediaMatches(query: string): Signal<boolean> {
  const list = inject(DOCUMENT).defaultView?.matchMedia?.(query);
  const matches = signal(list?.matches ?? false);
  if (list) {
    const update = (event: MediaQueryListEvent): void => matches.set(event.matches);
    list.addEventListener('change', update);
    inject(DestroyRef).onDestroy(() => list.removeEventListener('change', update));
  }
  return matches.asReadonly();
}

/**
 * The shell: toolbar (navigation, notifications bell, user menu), side drawer on narrow screens, and
 * the routed page. The admin area's link shows only to those the permission table lets manage users.
 * The bell, the user menu and the drawer are deferred (see `settled` and `drawerOpen`), so the first
 * page load carries only the toolbar.
 */
@Component({
  selector: 'hd-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // The standalone parts rather than their NgModules, which would pull unused ones (FABs, rows)
  // into the initial bundle.
  imports: [
    MatButton,
    MatIcon,
    MatIconButton,
    MatToolbar,
    NavDrawerComponent,
    NotificationBellComponent,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
    UserMenuComponent,
  ],
  templateUrl: './app.component.html',
  styleUrl: './app.component.scss',
})
export class AppComponent {
  private readonly auth = inject(AuthStateService);

  protected readonly user = this.auth.user;
  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? user.role.charAt(0).toUpperCase() + user.role.slice(1) : '';
  });
  protected readonly narrow = mediaMatches(NARROW);
  /**
   * True once the first page has its route, data and render (the app is stable): the bell (with
   * its socket) and the user menu load then, after what the user came for, not competing with it.
   */
  protected readonly settled = signal(false);
  /** Whether the narrow screens' drawer is open; it is loaded the first time it opens. */
  protected readonly drawerOpen = signal(false);
  protected readonly links = computed<NavLink[]>(() => {
    const user = this.user();
    if (!user) return [];
    // Staff: the queue, and the dashboard (the permission table's ViewReports row is staff's).
    const links: NavLink[] = this.auth.isStaff()
      ? [
          { path: '/queue', label: 'Queue', icon: 'inbox' },
          { path: '/dashboard', label: 'Dashboard', icon: 'insights' },
        ]
      : [
          { path: '/tickets', label: 'My tickets', icon: 'confirmation_number' },
          { path: '/tickets/new', label: 'New ticket', icon: 'add' },
        ];
    // The ManageUsers row of the permission table, read without loading the whole table here.
    if (isUserManager(user.role))
      links.push({ path: '/admin', label: 'Admin', icon: 'admin_panel_settings' });
    return links;
  });

  /** Loads the toolbar's deferred parts once the first page has settled. */
  public constructor() {
    void inject(ApplicationRef)
      .whenStable()
      .then(() => this.settled.set(true));
  }

  /** Opens the navigation drawer (loading it the first time). */
  protected openDrawer(): void {
    this.drawerOpen.set(true);
  }

  /** Closes the drawer (after a link is followed, Escape or a click on its backdrop). */
  protected closeDrawer(): void {
    this.drawerOpen.set(false);
  }
}
