import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  inject,
  OnInit,
  signal,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { filter, finalize, switchMap, tap } from 'rxjs';

import {
  API_TOKEN_SCOPE_LABELS,
  API_TOKEN_SCOPES_BY_ROLE,
  type ApiTokenResponse,
  type ApiTokenScope,
} from '@hd/shared/domain';
import { ApiTokensApiService, AuthStateService } from '@hd/web/data-access';
import { ConfirmDialogComponent, type ConfirmDialogData, RelativeTimeComponent } from '@hd/web/ui';

import { FeedbackService } from '../../core/feedback.service';
import { type ApiTokenDialogData, ApiTokenDialogComponent } from './api-token-dialog.component';

/**
 * The user's personal API tokens, as a settings card: each one's name, first characters, scopes,
 * when it was created, when it expires and when it was last used; a "Create token" dialog (which
 * shows the new token's value once), and revocation after a confirm dialog. Tokens are for
 * integrations that should not hold the user's password.
 */
@Component({
  selector: 'hd-api-tokens',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    MatButtonModule,
    MatCardModule,
    MatDialogModule,
    MatIconModule,
    MatProgressBarModule,
    RelativeTimeComponent,
  ],
  templateUrl: './api-tokens.component.html',
  styleUrls: ['../settings-card.scss', './api-tokens.component.scss'],
})
export class ApiTokensComponent implements OnInit {
  private readonly api = inject(ApiTokensApiService);
  private readonly auth = inject(AuthStateService);
  private readonly dialog = inject(MatDialog);
  private readonly feedback = inject(FeedbackService);

  protected readonly tokens = signal<ApiTokenResponse[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  /** The token being revoked (its button is disabled). */
  protected readonly revoking = signal<number | null>(null);
  /** The scopes the user's role may give a token. */
  protected readonly allowedScopes = computed<readonly ApiTokenScope[]>(() => {
    const user = this.auth.user();
    return user ? API_TOKEN_SCOPES_BY_ROLE[user.role] : [];
  });
  private readonly createButton = viewChild('createButton', { read: ElementRef });

  /** Loads the tokens. */
  public ngOnInit(): void {
    this.load();
  }

  /** Fetches the tokens (again, after a failure). */
  protected load(): void {
    this.loading.set(true);
    this.loadFailed.set(false);
    this.api.list().subscribe({
      next: ({ items }) => {
        this.loading.set(false);
        this.tokens.set(items);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.loadFailed.set(true);
        this.feedback.error(error, 'Could not load your API tokens.');
      },
    });
  }

  /** What people read for `scope`. */
  protected scopeLabel(scope: ApiTokenScope): string {
    return API_TOKEN_SCOPE_LABELS[scope] ?? scope;
  }

  /** Whether `token` has passed its expiry. */
  protected expired(token: ApiTokenResponse): boolean {
    return token.expiresAt !== null && Date.parse(token.expiresAt) <= Date.now();
  }

  /** Opens the "Create token" dialog, and lists the token it created (newest first). */
  protected openCreateDialog(): void {
    this.dialog
      .open<ApiTokenDialogComponent, ApiTokenDialogData, ApiTokenResponse>(ApiTokenDialogComponent, {
        data: { scopes: this.allowedScopes() },
        width: '36rem',
        maxWidth: 'calc(100vw - 2rem)',
      })
      .afterClosed()
      .pipe(filter((token): token is ApiTokenResponse => !!token))
      .subscribe((token) => {
        this.tokens.update((tokens) => [token, ...tokens.filter((t) => t.id !== token.id)]);
        this.feedback.success(`Token “${token.name}” created.`);
      });
  }

  /** Asks for confirmation, then revokes `token`: it stops working at once. */
  protected confirmRevoke(token: ApiTokenResponse): void {
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, {
        data: {
          title: `Revoke “${token.name}”?`,
          message: 'Whatever uses this token stops working at once. This cannot be undone.',
          confirmLabel: 'Revoke',
          destructive: true,
        },
        autoFocus: 'dialog',
      })
      .afterClosed()
      .pipe(
        filter((confirmed) => confirmed === true),
        tap(() => this.revoking.set(token.id)),
        switchMap(() => this.api.revoke(token.id)),
        finalize(() => this.revoking.set(null)),
      )
      .subscribe({
        next: () => {
          this.tokens.update((tokens) => tokens.filter((t) => t.id !== token.id));
          this.feedback.success(`Token “${token.name}” revoked.`);
          // Its row (and the focused button) is gone: keep the keyboard user in the card.
          (this.createButton()?.nativeElement as HTMLElement | undefined)?.focus();
        },
        error: (error: unknown) => this.feedback.error(error, 'Could not revoke the token.'),
      });
  }
}
