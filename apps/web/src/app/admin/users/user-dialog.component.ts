import { ChangeDetectionStrategy, Component, computed, inject, OnInit, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { Observable } from 'rxjs';

import {
  type AdminUserResponse,
  Role,
  ROLE_LABELS,
  ROLES,
  type UpdateUserRequest,
  type UserResponse,
} from '@hd/shared/domain';
import { UsersApiService } from '@hd/web/data-access';

import { EmailFieldComponent } from '../../core/email-field.component';
import { FeedbackService } from '../../core/feedback.service';
import { NewPasswordFieldComponent } from '../../core/new-password-field.component';
import { PasswordChecker } from '../../core/password-checker';
import { personNameGroup, trimmedNames } from '../../core/person-name';
import { PersonNameFieldsComponent } from '../../core/person-name-fields.component';
import { applyServerErrors } from '../../core/server-errors';

/** What {@link UserDialogComponent} edits: nothing for a new user, else that user. */
export interface UserDialogData {
  user?: UserResponse;
}

/** How {@link UserDialogComponent} closed after saving: the user, and whether an invitation went out. */
export interface UserDialogResult {
  user: AdminUserResponse;
  invited: boolean;
}

/**
 * Creates a user (names, e-mail, role, and a password, or, without one, an e-mailed invitation to
 * choose one) or edits one (names, e-mail, role, active). Saves itself, keeping the dialog open
 * with the server's objections next to their fields (and in a snackbar, e.g. `LAST_ADMIN`); closes
 * with a {@link UserDialogResult}.
 */
@Component({
  selector: 'hd-user-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [PasswordChecker],
  imports: [
    EmailFieldComponent,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatSlideToggleModule,
    NewPasswordFieldComponent,
    PersonNameFieldsComponent,
    ReactiveFormsModule,
  ],
  templateUrl: './user-dialog.component.html',
  styleUrl: './user-dialog.component.scss',
})
export class UserDialogComponent implements OnInit {
  private readonly users = inject(UsersApiService);
  private readonly dialogRef = inject<MatDialogRef<UserDialogComponent, UserDialogResult>>(MatDialogRef);
  private readonly feedback = inject(FeedbackService);
  private readonly passwords = inject(PasswordChecker);
  private readonly editing = inject<UserDialogData>(MAT_DIALOG_DATA).user ?? null;

  protected readonly isNew = this.editing === null;
  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly form = inject(FormBuilder).nonNullable.group({
    name: personNameGroup(this.editing?.firstName, this.editing?.lastName),
    email: [this.editing?.email ?? '', [Validators.required, Validators.email, Validators.maxLength(254)]],
    role: [this.editing?.role ?? Role.Agent, Validators.required],
    active: [this.editing?.active ?? true],
    password: ['', this.passwords.validator(() => this.identity())],
  });
  private readonly password = toSignal(this.form.controls.password.valueChanges, { initialValue: '' });
  protected readonly invites = computed(() => this.isNew && !this.password());
  protected readonly verdict = computed(() => this.passwords.verdict(this.password(), this.identity()));
  protected readonly saving = signal(false);

  /** Loads the password policy for a new user's optional password. */
  public ngOnInit(): void {
    this.loadPasswordPolicy();
  }

  /** Creates or updates the user; closes on success, keeps the dialog open with the errors otherwise. */
  protected saveUser(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    const request = this.request();
    if (!request) {
      this.dialogRef.close();
      return;
    }
    this.saving.set(true);
    const invited = this.invites();
    request.subscribe({
      next: (user) => this.dialogRef.close({ user, invited }),
      error: (error: unknown) => {
        this.saving.set(false);
        applyServerErrors(this.form, error);
        this.feedback.error(error, 'Could not save the user.');
      },
    });
  }

  private loadPasswordPolicy(): void {
    if (this.isNew) this.passwords.load(this.form.controls.password);
  }

  /** The request to send, or null when an edit changed nothing. */
  private request(): Observable<AdminUserResponse> | null {
    const { email, role, active, password } = this.form.getRawValue();
    const names = trimmedNames(this.form.controls.name);
    if (!this.editing) {
      return this.users.create({ ...names, email: email.trim(), role, ...(password ? { password } : {}) });
    }
    const wanted: UpdateUserRequest = { ...names, email: email.trim(), role, active };
    const change = Object.fromEntries(
      Object.entries(wanted).filter(
        ([key, value]) => this.editing?.[key as keyof UpdateUserRequest] !== value,
      ),
    ) as UpdateUserRequest;
    return Object.keys(change).length ? this.users.update(this.editing.id, change) : null;
  }

  /** The words a password must not be built on: the user's e-mail and names. */
  private identity(): string[] {
    const value = this.form?.getRawValue();
    return value ? [value.email, value.name.firstName, value.name.lastName] : [];
  }
}
