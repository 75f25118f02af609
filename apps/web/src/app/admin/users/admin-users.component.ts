import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog, MatDialogModule } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import {
  catchError,
  debounceTime,
  distinctUntilChanged,
  filter,
  finalize,
  map,
  Observable,
  of,
  startWith,
  Subject,
  switchMap,
  tap,
} from 'rxjs';

import {
  type AdminUserResponse,
  DEFAULT_PAGE_SIZE,
  PAGE_SIZE_OPTIONS,
  type Role,
  ROLE_LABELS,
  ROLES,
  type UserPageResponse,
  type UserResponse,
} from '@hd/shared/domain';
import { AuthStateService, type UserListQuery, UsersApiService } from '@hd/web/data-access';
import { ConfirmDialogComponent, type ConfirmDialogData, EmptyStateComponent } from '@hd/web/ui';

import { FeedbackService } from '../../core/feedback.service';
import { type SelectField, SelectFieldComponent } from '../../core/select-field.component';
import { type UserDialogData, type UserDialogResult, UserDialogComponent } from './user-dialog.component';

/** The status filter: anyone, active users only, or deactivated ones only. */
type StatusFilter = '' | 'active' | 'inactive';

/** What the deactivation dialog says about the tickets a user still holds. */
function openTicketsSentence(count: number): string {
  if (count === 0) return 'They hold no open tickets.';
  const tickets = count === 1 ? '1 open ticket, which stays' : `${count} open tickets, which stay`;
  return `They hold ${tickets} assigned to them: reassign ${count === 1 ? 'it' : 'them'} from the queue.`;
}

/**
 * Users, for admins: a paged table with role and status filters and a search, an "Add user" dialog
 * (with a password, or an e-mailed invitation), an edit dialog, and deactivation after a confirm
 * dialog that says how many open tickets the user still holds (reactivation needs no confirming).
 * The API's refusals (`LAST_ADMIN`, `SELF_DEMOTION`) show in a snackbar.
 */
@Component({
  selector: 'hd-admin-users',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    EmptyStateComponent,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatTableModule,
    ReactiveFormsModule,
    SelectFieldComponent,
  ],
  templateUrl: './admin-users.component.html',
  styleUrl: './admin-users.component.scss',
})
export class AdminUsersComponent implements OnInit {
  private readonly users = inject(UsersApiService);
  private readonly auth = inject(AuthStateService);
  private readonly dialog = inject(MatDialog);
  private readonly feedback = inject(FeedbackService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly reloads = new Subject<void>();

  protected readonly columns = ['name', 'role', 'status', 'actions'];
  protected readonly pageSizes = PAGE_SIZE_OPTIONS;
  protected readonly me = this.auth.user;
  protected readonly search = new FormControl('', { nonNullable: true });
  protected readonly query = signal<UserListQuery>({ page: 1, pageSize: DEFAULT_PAGE_SIZE });
  protected readonly page = signal<UserPageResponse | null>(null);
  protected readonly loading = signal(true);
  /** The user a request is under way for (their buttons are disabled). */
  protected readonly busyUser = signal<number | null>(null);
  protected readonly roleField = computed<SelectField>(() => ({
    label: 'Role',
    value: this.query().role ?? '',
    options: [
      { value: '', label: 'Any role' },
      ...ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] })),
    ],
    testId: 'filter-role',
  }));
  protected readonly statusField = computed<SelectField>(() => {
    const active = this.query().active;
    return {
      label: 'Status',
      value: active === true ? 'active' : active === false ? 'inactive' : '',
      options: [
        { value: '', label: 'Any status' },
        { value: 'active', label: 'Active' },
        { value: 'inactive', label: 'Deactivated' },
      ],
      testId: 'filter-active',
    };
  });

  /** Loads the users for the filters now and on every change, and follows the search box. */
  public ngOnInit(): void {
    this.loadOnQueryChange();
    this.syncSearch();
  }

  /** What people read for the role of `user`. */
  protected roleName(user: UserResponse): string {
    return ROLE_LABELS[user.role];
  }

  /** Shows only users with the role picked ('' for any). */
  protected filterByRole(picked: unknown): void {
    this.setQuery({ ...this.query(), role: (picked as Role | '') || null, page: 1 });
  }

  /** Shows only active or deactivated users ('' for both). */
  protected filterByStatus(picked: unknown): void {
    const status = picked as StatusFilter;
    this.setQuery({ ...this.query(), active: status ? status === 'active' : null, page: 1 });
  }

  /** Clears the filters and the search. */
  protected clearFilters(): void {
    this.search.setValue('', { emitEvent: false });
    this.setQuery({ page: 1, pageSize: this.query().pageSize });
  }

  /** Goes to another page or page size. */
  protected changePage(event: PageEvent): void {
    this.setQuery({ ...this.query(), page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  /** Opens the "Add user" dialog; reports what was done once it saved. */
  protected openCreateDialog(): void {
    this.openDialog({}).subscribe(({ user, invited }) =>
      this.afterChange(user, invited ? `Invitation sent to ${user.email}.` : `${user.name} can log in now.`),
    );
  }

  /** Opens the edit dialog for `user`; reports the saved change. */
  protected openEditDialog(user: UserResponse): void {
    this.openDialog({ user }).subscribe(({ user: saved }) =>
      this.afterChange(saved, `${saved.name} is saved.`),
    );
  }

  /**
   * Looks up how many open tickets `user` holds, asks for confirmation saying so, then deactivates
   * them. Nothing is changed when cancelled.
   */
  protected confirmDeactivate(user: UserResponse): void {
    this.busyUser.set(user.id);
    this.users
      .get(user.id)
      .pipe(
        switchMap((current) =>
          this.dialog
            .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, {
              data: {
                title: `Deactivate ${current.name}?`,
                message: `${current.name} will be logged out at once and can no longer log in. ${openTicketsSentence(current.openAssignedTickets)} You can reactivate them later.`,
                confirmLabel: 'Deactivate',
                destructive: true,
              },
              autoFocus: 'dialog',
            })
            .afterClosed(),
        ),
        filter((confirmed) => confirmed === true),
        switchMap(() => this.users.update(user.id, { active: false })),
        finalize(() => this.busyUser.set(null)),
      )
      .subscribe({
        next: (updated) => this.afterChange(updated, `${updated.name} is deactivated.`),
        error: (error: unknown) => this.feedback.error(error, 'Could not deactivate the user.'),
      });
  }

  /** Reactivates `user` at once. */
  protected reactivate(user: UserResponse): void {
    this.busyUser.set(user.id);
    this.users
      .update(user.id, { active: true })
      .pipe(finalize(() => this.busyUser.set(null)))
      .subscribe({
        next: (updated) => this.afterChange(updated, `${updated.name} is active again.`),
        error: (error: unknown) => this.feedback.error(error, 'Could not reactivate the user.'),
      });
  }

  /** Opens the user dialog; emits what it saved (nothing when cancelled). */
  private openDialog(data: UserDialogData): Observable<UserDialogResult> {
    return this.dialog
      .open<UserDialogComponent, UserDialogData, UserDialogResult>(UserDialogComponent, {
        data,
        width: '36rem',
        maxWidth: 'calc(100vw - 2rem)',
      })
      .afterClosed()
      .pipe(filter((result): result is UserDialogResult => !!result));
  }

  /** Reports a saved change, reloads the page, and keeps the toolbar's name right when it was the admin's own. */
  private afterChange(user: AdminUserResponse, message: string): void {
    this.feedback.success(message);
    this.reloads.next();
    // The admin's own account: a token refresh brings the session (the toolbar) up to date.
    if (user.id === this.me()?.id) this.auth.refresh().subscribe({ error: () => undefined });
  }

  /** Shows the users for `query` (and loads them). */
  private setQuery(query: UserListQuery): void {
    this.query.set(query);
    this.reloads.next();
  }

  /** Loads the users for the query now and after every change, a later load cancelling an earlier one. */
  private loadOnQueryChange(): void {
    this.reloads
      .pipe(
        startWith(undefined),
        map(() => this.query()),
        tap(() => this.loading.set(true)),
        switchMap((query) =>
          this.users.list(query).pipe(
            catchError((error: unknown) => {
              this.feedback.error(error, 'Could not load the users.');
              return of(null);
            }),
          ),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe((page) => {
        this.page.set(page);
        this.loading.set(false);
      });
  }

  private syncSearch(): void {
    this.search.valueChanges
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef))
      .subscribe((q) => this.setQuery({ ...this.query(), q, page: 1 }));
  }
}
