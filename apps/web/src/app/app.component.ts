import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, computed, inject, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatSidenav, MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { map } from 'rxjs';

import { isUserManager } from '@hd/shared/domain';
import { AuthStateService } from '@hd/web/data-access';

import { UserMenuComponent } from './core/user-menu.component';
import { NotificationBellComponent } from './notifications/notification-bell.component';

/** One entry of the main navigation. */
interface NavLink {
  path: string;
  label: string;
  icon: string;
}

/** Below this width the navigation collapses into a side drawer. */
const NARROW = '(max-width: 839.98px)';

/**
 * The shell: toolbar (navigation, notifications bell, user menu), side drawer on narrow screens, and
 * the routed page. The admin area's link shows only to those the permission table lets manage users.
 */
@Component({
  selector: 'hd-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    MatButtonModule,
    MatIconModule,
    NotificationBellComponent,
    UserMenuComponent,
    MatSidenavModule,
    MatToolbarModule,
    RouterLink,
    RouterLinkActive,
    RouterOutlet,
  ],
  templateUrl: './app.component.html',
  styleUrl: './app.component.scss',
})
export class AppComponent {
  private readonly auth = inject(AuthStateService);

  private readonly drawer = viewChild<MatSidenav>('drawer');

  protected readonly user = this.auth.user;
  protected readonly roleLabel = computed(() => {
    const user = this.user();
    return user ? user.role.charAt(0).toUpperCase() + user.role.slice(1) : '';
  });
  protected readonly narrow = toSignal(
    inject(BreakpointObserver)
      .observe(NARROW)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  protected readonly links = computed<NavLink[]>(() => {
    const user = this.user();
    if (!user) return [];
    const links: NavLink[] = this.auth.isStaff()
      ? [{ path: '/queue', label: 'Queue', icon: 'inbox' }]
      : [
          { path: '/tickets', label: 'My tickets', icon: 'confirmation_number' },
          { path: '/tickets/new', label: 'New ticket', icon: 'add' },
        ];
    // The ManageUsers row of the permission table, read without loading the whole table here.
    if (isUserManager(user.role))
      links.push({ path: '/admin', label: 'Admin', icon: 'admin_panel_settings' });
    return links;
  });

  /** Closes the drawer after a navigation on narrow screens. */
  protected closeDrawer(): void {
    if (this.narrow()) void this.drawer()?.close();
  }
}
