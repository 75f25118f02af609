import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';

/** The friendly 404: for unknown addresses and for tickets that do not exist or are not yours. */
@Component({
  selector: 'hd-not-found',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, RouterLink],
  template: `
    <section class="hd-page not-found" aria-labelledby="nf-title">
      <mat-icon svgIcon="travel_explore" />
      <h1 id="nf-title">Page not found</h1>
      <p>{{ message() }}</p>
      <a mat-flat-button routerLink="/">Go to my tickets</a>
    </section>
  `,
  styles: `
    .not-found {
      display: flex;
      flex-direction: column;
      align-items: center;
      text-align: center;
      padding-top: 48px;
    }
    .mat-icon {
      width: 64px;
      height: 64px;
      color: var(--mat-sys-primary);
    }
    h1 {
      font: var(--mat-sys-headline-medium);
      margin: 16px 0 8px;
    }
    p {
      max-width: 45ch;
      margin: 0 0 24px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class NotFoundComponent {
  /** What could not be found, in a sentence. */
  public readonly message = input(
    "We couldn't find what you were looking for. It may have been moved or deleted, or you may not have access to it.",
  );
}
