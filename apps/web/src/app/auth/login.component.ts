import {
  afterNextRender,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  inject,
  input,
  OnInit,
  signal,
} from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';

import { apiErrorMessage, AuthStateService } from '@hd/web/data-access';

import { EmailFieldComponent } from '../core/email-field.component';
import { FeedbackService } from '../core/feedback.service';
import { applyServerErrors } from '../core/server-errors';

/**
 * Login with e-mail and password; goes on to `returnUrl` (or home) afterwards. The build prerenders
 * this page (see `app.routes.server.ts`): its form shows before the app has started, with the
 * submit button disabled until the app runs it, and what the visitor typed meanwhile is kept.
 */
@Component({
  selector: 'hd-login',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    EmailFieldComponent,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
    RouterLink,
  ],
  templateUrl: './login.component.html',
  styleUrl: './auth-form.scss',
})
export class LoginComponent implements OnInit {
  private readonly auth = inject(AuthStateService);
  private readonly router = inject(Router);
  private readonly feedback = inject(FeedbackService);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;

  /** Where to go after logging in (query parameter). */
  public readonly returnUrl = input<string>();
  /** Set when the session expired (query parameter). */
  public readonly expired = input<string>();

  protected readonly form = inject(FormBuilder).nonNullable.group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly formError = signal<string | null>(null);
  /** False in the prerendered page until the app runs in the browser: its submit button waits for that. */
  protected readonly ready = signal(false);

  /** Enables the submit button once the app has drawn (or taken over) the page in the browser. */
  constructor() {
    afterNextRender(() => this.ready.set(true));
  }

  /**
   * Takes into the form what was typed into the prerendered page before the app started: hydration
   * reuses those inputs, and the form's directives, set up right after this in the same pass, would
   * otherwise write its empty values over them. (A page the app draws itself has no inputs yet here.)
   */
  ngOnInit(): void {
    const typed = (selector: string): string =>
      this.host.querySelector?.<HTMLInputElement>(selector)?.value ?? '';
    const email = typed('input[autocomplete="username"]');
    const password = typed('input[autocomplete="current-password"]');
    if (email) this.form.controls.email.setValue(email);
    if (password) this.form.controls.password.setValue(password);
  }

  /** Logs in, then navigates to `returnUrl`; shows the server's message on failure. */
  protected logIn(): void {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.submitting()) return;
    this.submitting.set(true);
    this.formError.set(null);
    this.auth.login(this.form.getRawValue()).subscribe({
      next: (user) => {
        this.feedback.success(`Welcome back, ${user.name}.`);
        void this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        if (!applyServerErrors(this.form, error)) this.formError.set(apiErrorMessage(error));
        this.feedback.error(error);
      },
    });
  }
}

/** Only same-site paths, so a crafted link cannot send the user elsewhere after login. */
function safeReturnUrl(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/auth') ? url : '/';
}
