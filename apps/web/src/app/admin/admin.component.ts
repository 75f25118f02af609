import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';

/**
 * The admin area's frame: a heading, links to users, categories, automation, service levels, webhooks and the audit log (the current one
 * marked, as `aria-current="page"`), and the routed page.
 */
@Component({
  selector: 'hd-admin',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, RouterLink, RouterLinkActive, RouterOutlet],
  template: `
    <section class="hd-page">
      <header class="hd-page-header"><h1>Admin</h1></header>
      <nav class="sections" aria-label="Admin sections">
        @for (section of sections; track section.path) {
          <a mat-button [routerLink]="section.path" routerLinkActive="active" ariaCurrentWhenActive="page">{{
            section.label
          }}</a>
        }
      </nav>
      <router-outlet />
    </section>
  `,
  styles: `
    .sections {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
      margin-bottom: 16px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .sections a {
      border-radius: 8px 8px 0 0;
      border-bottom: 3px solid transparent;
    }
    .sections a.active {
      border-bottom-color: var(--mat-sys-primary);
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
})
export class AdminComponent {
  protected readonly sections = [
    { path: 'users', label: 'Users' },
    { path: 'categories', label: 'Categories' },
    { path: 'automation', label: 'Automation' },
    { path: 'sla', label: 'Service levels' },
    { path: 'webhooks', label: 'Webhooks' },
    { path: 'audit', label: 'Audit log' },
  ] as const;
}
