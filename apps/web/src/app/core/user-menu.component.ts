import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  linkedSignal,
  signal,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { RouterLink } from '@angular/router';

import { Action, can, isStaff, isUserManager, type UserResponse } from '@hd/shared/domain';
import { AuthStateService, ProfileApiService } from '@hd/web/data-access';

import { FeedbackService } from './feedback.service';

/**
 * The toolbar's account button (name and role) with a menu holding, for those who can be assigned
 * tickets, their availability for automatic assignment (a checkbox item), the settings link, the
 * canned responses' link (for staff), the admin area's link (for those the permission table lets
 * manage users) and logout. Loaded with `@defer` from the shell, so the menu and snackbar code stay out of
 * the initial bundle.
 */
@Component({
  selector: 'hd-user-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatMenuModule, RouterLink],
  template: `
    <button mat-button class="user-button" [matMenuTriggerFor]="userMenu" data-testid="user-menu">
      <mat-icon svgIcon="account_circle" />
      <!-- The name is the visible text with what the button is for in front (WCAG 2.5.3, label in name). -->
      <span class="visually-hidden">Account menu: </span>
      <span class="user-text">
        <span class="user-name">{{ user().name }}</span>
        <span class="user-role">{{ roleLabel() }}</span>
      </span>
    </button>
    <mat-menu #userMenu="matMenu" xPosition="before">
      <div class="menu-header">
        <strong>{{ user().name }}</strong><br />{{ user().email }}<br />{{ roleLabel() }}
      </div>
      @if (canBeAssigned()) {
        <button
          mat-menu-item
          role="menuitemcheckbox"
          [attr.aria-checked]="available()"
          [disabled]="savingAvailability()"
          (click)="toggleAvailability()"
          data-testid="availability-toggle"
        >
          <mat-icon [svgIcon]="available() ? 'how_to_reg' : 'person_off'" />
          <span>{{ available() ? 'Available for new tickets' : 'Away: no new tickets' }}</span>
        </button>
      }
      <a mat-menu-item routerLink="/settings" data-testid="settings-link">
        <mat-icon svgIcon="settings" /><span>Settings</span>
      </a>
      @if (staff()) {
        <a mat-menu-item routerLink="/settings/canned-responses" data-testid="canned-responses-link">
          <mat-icon svgIcon="label" /><span>Canned responses</span>
        </a>
      }
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
  private readonly profile = inject(ProfileApiService);
  private readonly feedback = inject(FeedbackService);

  /** The logged-in user. */
  public readonly user = input.required<UserResponse>();
  /** The user's role, as people read it. */
  public readonly roleLabel = input.required<string>();

  protected readonly canAdminister = computed(() => isUserManager(this.user().role));
  protected readonly staff = computed(() => isStaff(this.user().role));
  /** Whether the user can be given tickets, and so has an availability to switch. */
  protected readonly canBeAssigned = computed(() => can(this.user().role, Action.BeAssigned));
  /** Whether automatic assignment may give the user new tickets: the session's value, then what the server answered. */
  protected readonly available = linkedSignal(() => this.user().available ?? false);
  protected readonly savingAvailability = signal(false);

  /**
   * Switches the user's availability for automatic assignment (`PATCH /api/users/me`), shows the
   * server's answer, and refreshes the session so that a reload keeps it.
   */
  protected toggleAvailability(): void {
    if (this.savingAvailability()) return;
    this.savingAvailability.set(true);
    this.profile.update({ available: !this.available() }).subscribe({
      next: (account) => {
        this.savingAvailability.set(false);
        this.available.set(account.available);
        this.feedback.success(
          account.available
            ? 'You are available: new tickets may be assigned to you.'
            : 'You are away: no new tickets will be assigned to you.',
        );
        this.auth.refresh().subscribe({ error: () => undefined });
      },
      error: (error: unknown) => {
        this.savingAvailability.set(false);
        this.feedback.error(error, 'Could not change your availability.');
      },
    });
  }

  /** Revokes the session and goes to the login page. */
  protected logout(): void {
    this.auth.logout().subscribe({
      next: () => this.feedback.success('You are logged out.'),
      error: (error: unknown) => this.feedback.error(error),
    });
  }
}
