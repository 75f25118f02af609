import { ChangeDetectionStrategy, Component, EventEmitter, input, Output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatSidenav, MatSidenavContainer } from '@angular/material/sidenav';
import { RouterLink, RouterLinkActive } from '@angular/router';

import type { IconName } from './icons';

/** One entry of the main navigation. */
export interface NavLink {
  /** The route, e.g. `/tickets`. */
  path: string;
  /** The link's text, e.g. "My tickets". */
  label: string;
  /** Shown before the label in the drawer. */
  icon: IconName;
}

/**
 * The main navigation of narrow screens: a side drawer over the page (Material's sidenav in `over`
 * mode, with its backdrop, focus trap, Escape to close and focus given back to the toggle). It lies
 * over the viewport and lets clicks through while closed. The shell loads it with `@defer` when it
 * is first opened, so the sidenav code is not part of the first page load.
 */
@Component({
  selector: 'hd-nav-drawer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon, MatSidenav, MatSidenavContainer, RouterLink, RouterLinkActive],
  template: `
    <mat-sidenav-container class="layer" [class.open]="opened()">
      <mat-sidenav mode="over" [opened]="opened()" (closedStart)="closed.emit()">
        <nav class="drawer-links" aria-label="Main">
          @for (link of links(); track link.path) {
            <a
              mat-button
              [routerLink]="link.path"
              routerLinkActive="active"
              [routerLinkActiveOptions]="{ exact: true }"
              (click)="closed.emit()"
            >
              <mat-icon [svgIcon]="link.icon" />{{ link.label }}
            </a>
          }
        </nav>
      </mat-sidenav>
    </mat-sidenav-container>
  `,
  styles: `
    .layer {
      position: fixed;
      inset: 0;
      z-index: 10;
      background: transparent;
      pointer-events: none;

      &.open {
        pointer-events: auto;
      }
    }

    mat-sidenav {
      width: min(280px, 85vw);
    }

    .drawer-links {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding: 8px;

      a {
        justify-content: flex-start;
      }

      .active {
        background: var(--mat-sys-secondary-container);
      }
    }
  `,
})
export class NavDrawerComponent {
  /** The links to show. */
  public readonly links = input.required<NavLink[]>();
  /** Whether the drawer is open; it opens and closes with Material's animation. */
  public readonly opened = input(false);
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle.
  /** The drawer is closing: by its backdrop, Escape, or a link followed. */
  @Output() public readonly closed = new EventEmitter<void>();
}
