import { HarnessLoader } from '@angular/cdk/testing';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import {
  EnvironmentProviders,
  inject,
  Injectable,
  provideEnvironmentInitializer,
  Provider,
  signal,
} from '@angular/core';
import { ComponentFixture } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatIconRegistry } from '@angular/material/icon';
import { MatInputHarness } from '@angular/material/input/testing';
import { DomSanitizer } from '@angular/platform-browser';
import { provideRouter } from '@angular/router';
import { filter, Observable, Subject } from 'rxjs';

import {
  type NotificationResponse,
  type ReplyResponse,
  Role,
  TicketCategory,
  type TicketDetailResponse,
  TicketPriority,
  type TicketResponse,
  TicketStatus,
  type UserResponse,
} from '@hd/shared/domain';
import { authInterceptor, RealtimeService, SESSION_STORAGE_KEY } from '@hd/web/data-access';

// Under Jest an imported .svg is its text (see jest.config.cjs), where the app's build gives its URL.
import iconSetSvg from '../app/core/icons.svg';

/** The customer of the fixtures. */
export const CUSTOMER: UserResponse = {
  id: 4,
  email: 'customer@example.com',
  firstName: 'Casey',
  lastName: 'Customer',
  name: 'Casey Customer',
  role: Role.Customer,
  active: true,
  available: false,
  createdAt: '2026-11-01T00:00:00.000Z',
};
/** The agent of the fixtures. */
export const AGENT: UserResponse = {
  id: 2,
  email: 'agent@example.com',
  firstName: 'Alex',
  lastName: 'Agent',
  name: 'Alex Agent',
  role: Role.Agent,
  active: true,
  available: true,
  createdAt: '2026-11-01T00:00:00.000Z',
};

/** Stores a session for `user`, as if they had logged in before the page loaded. */
export function logInAs(user: UserResponse): void {
  localStorage.setItem(
    SESSION_STORAGE_KEY,
    JSON.stringify({ user, accessToken: `token-${user.id}`, refreshToken: `refresh-${user.id}` }),
  );
}

/**
 * The app's icon set registered from its text, so `<mat-icon svgIcon>` renders the real icons
 * without an HTTP request (which HttpTestingController would otherwise see), and an icon missing
 * from the set fails the test.
 */
export function provideTestIcons(): EnvironmentProviders {
  return provideEnvironmentInitializer(() => {
    const svg = inject(DomSanitizer).bypassSecurityTrustHtml(iconSetSvg);
    inject(MatIconRegistry).addSvgIconSetLiteral(svg);
  });
}

/**
 * Router, HTTP (with the real interceptor) against HttpTestingController, Material without
 * animations, and the app's icons.
 */
export function testProviders(): (Provider | EnvironmentProviders)[] {
  return [
    provideRouter([]),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideHttpClientTesting(),
    { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
    { provide: RealtimeService, useClass: FakeRealtimeService },
    provideTestIcons(),
  ];
}

/**
 * Stands in for the socket in component tests (the real one is tested against a socket.io server
 * in web-data-access): tests push events through the subjects and read which tickets are watched.
 */
@Injectable()
export class FakeRealtimeService {
  /** Push a live notification. */
  public readonly notification = new Subject<NotificationResponse>();
  /** Push a `ticket.updated`. */
  public readonly ticketUpdated = new Subject<TicketResponse>();
  /** Signal a reconnection. */
  public readonly reconnected = new Subject<void>();
  /** As RealtimeService.status: always connected. */
  public readonly status = signal('connected').asReadonly();
  /** Ids of the tickets currently watched, one entry per watcher. */
  public readonly watched: number[] = [];

  /** As RealtimeService.notifications$. */
  public readonly notifications$ = this.notification.asObservable();
  /** As RealtimeService.reconnected$. */
  public readonly reconnected$ = this.reconnected.asObservable();

  /** As RealtimeService.ticketUpdates(), recording the watcher in `watched`. */
  public ticketUpdates(ticketId: number): Observable<TicketResponse> {
    return new Observable<TicketResponse>((subscriber) => {
      this.watched.push(ticketId);
      const subscription = this.ticketUpdated.pipe(filter((t) => t.id === ticketId)).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        this.watched.splice(this.watched.indexOf(ticketId), 1);
      };
    });
  }
}

/** A ticket of the customer above, with `replies`. */
export function aTicket(
  overrides: Partial<TicketDetailResponse> = {},
  replies: ReplyResponse[] = [],
): TicketDetailResponse {
  return {
    id: 5,
    number: 'TICK-20261122-0005',
    version: 1,
    subject: 'Cannot download my invoice',
    description: 'The button does nothing.',
    status: TicketStatus.Open,
    priority: TicketPriority.Medium,
    category: TicketCategory.Billing,
    contactNumber: null,
    affectedItem: null,
    customer: { id: CUSTOMER.id, name: CUSTOMER.name, email: CUSTOMER.email },
    assignee: null,
    createdAt: '2026-11-22T09:00:00.000Z',
    updatedAt: '2026-11-22T09:30:00.000Z',
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    sla: {
      firstResponseDueAt: '2026-11-22T17:00:00.000Z',
      resolutionDueAt: '2026-11-27T09:00:00.000Z',
      firstResponseAt: null,
      resolvedAt: null,
      firstResponseBreached: false,
      resolutionBreached: false,
      pausedAt: null,
      dueAt: '2026-11-22T17:00:00.000Z',
      atRiskAt: '2026-11-22T15:24:00.000Z',
    },
    replies,
    attachments: [],
    ...overrides,
  };
}

/** The form field labelled `label` (in a page, or in a dialog's harness). */
export function formField(loader: HarnessLoader, label: string): Promise<MatFormFieldHarness> {
  return loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
}

/** The text input of the form field labelled `label`. */
export async function inputIn(loader: HarnessLoader, label: string): Promise<MatInputHarness> {
  return (await (await formField(loader, label)).getControl(MatInputHarness)) as MatInputHarness;
}

/** Types `value` into the field labelled `label` and leaves it, as a user would. */
export async function fillIn(loader: HarnessLoader, label: string, value: string): Promise<void> {
  const input = await inputIn(loader, label);
  await input.setValue(value);
  await input.blur();
}

/** Waits for a form's password policy (zxcvbn, loaded with a dynamic import) and the page to settle. */
export async function passwordPolicyLoaded(fixture: ComponentFixture<unknown>): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  await fixture.whenStable();
}
