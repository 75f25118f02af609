import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { RouterLink } from '@angular/router';

import { isUserManager, type UserResponse } from '@hd/shared/domain';
import { AuthStateService } from '@hd/web/data-access';

import { FeedbackService } from './feedback.service';

/**
 * The toolbar's account button (name and role) with a menu holding the settings link, the admin
 * area's link (for those the permission table lets manage users) and logout. Loaded with `@defer`
 * from the shell, so the menu and snackbar code stay out of the initial bundle.
 */
@Component({
  selector: 'hd-user-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatMenuModule, RouterLink],
  template: `
    <button
      mat-button
      class="user-button"
      [matMenuTriggerFor]="userMenu"
      data-testid="user-menu"
      [attr.aria-label]="'Account menu for ' + user().name + ', ' + roleLabel()"
    >
      <mat-icon svgIcon="account_circle" />
      <span class="user-text">
        <span class="user-name">{{ user().name }}</span>
        <span class="user-role">{{ roleLabel() }}</span>
      </span>
    </button>
    <mat-menu #userMenu="matMenu" xPosition="before">
      <div class="menu-header">
        <strong>{{ user().name }}</strong><br />{{ user().email }}<br />{{ roleLabel() }}
      </div>
      <a mat-menu-item routerLink="/settings" data-testid="settings-link">
        <mat-icon svgIcon="settings" /><span>Settings</span>
      </a>
      @if (canAdminister()) {
        <a mat-menu-item routerLink="/admin" data-testid="admin-link">
          <mat-icon svgIcon="admin_panel_settings" /><span>Admin</span>
        </a>
      }
      <button mat-menu-item (click)="logout()" data-testid="logout">
        <mat-icon svgIcon="logout" /><span>Log out</span>
      </button>
    </mat-menu>
  `,
  styleUrl: './user-menu.component.scss',
})
export class UserMenuComponent {
  private readonly auth = inject(AuthStateService);
  private readonly feedback = inject(FeedbackService);

  /** The logged-in user. */
  public readonly user = input.required<UserResponse>();
  /** The user's role, as people read it. */
  public readonly roleLabel = input.required<string>();

  protected readonly canAdminister = computed(() => isUserManager(this.user().role));

  /** Revokes the session and goes to the login page. */
  protected logout(): void {
    this.auth.logout().subscribe({
      next: () => this.feedback.success('You are logged out.'),
      error: (error: unknown) => this.feedback.error(error),
    });
  }
}
