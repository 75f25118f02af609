import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatBadgeHarness } from '@angular/material/badge/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { Router } from '@angular/router';

import { type NotificationResponse, NotificationType } from '@hd/shared/domain';
import { RealtimeService } from '@hd/web/data-access';

import { CUSTOMER, FakeRealtimeService, logInAs, testProviders } from '../../testing/test-helpers';
import { NotificationBellComponent } from './notification-bell.component';

function aNotification(id: number, read = false): NotificationResponse {
  return {
    id,
    type: NotificationType.TicketStatusChanged,
    ticketId: 40 + id,
    title: `Ticket #${40 + id} is now In progress`,
    body: 'Alex Agent moved it from Open to In progress.',
    createdAt: new Date().toISOString(),
    read,
    readAt: read ? new Date().toISOString() : null,
  };
}

describe('NotificationBellComponent', () => {
  let fixture: ComponentFixture<NotificationBellComponent>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let realtime: FakeRealtimeService;

  async function open(items: NotificationResponse[], unreadCount: number): Promise<void> {
    localStorage.clear();
    logInAs(CUSTOMER);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    realtime = TestBed.inject(RealtimeService) as unknown as FakeRealtimeService;
    fixture = TestBed.createComponent(NotificationBellComponent);
    fixture.detectChanges();
    http
      .expectOne('/api/notifications?pageSize=20')
      .flush({ items, total: items.length, unreadCount, page: 1, pageSize: 20 });
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
  }

  function bellLabel(): string {
    return fixture.nativeElement
      .querySelector('[data-testid="notifications-bell"]')
      .getAttribute('aria-label');
  }

  afterEach(() => http.verify());

  it('shows the unread count in the badge and the label, and hides the badge at zero', async () => {
    await open([aNotification(2), aNotification(1, true)], 3);
    const badge = await loader.getHarness(MatBadgeHarness);
    expect(await badge.getText()).toBe('3');
    expect(bellLabel()).toBe('Notifications, 3 unread');

    await (await loader.getHarness(MatMenuHarness)).open();
    await (await loader.getHarness(MatMenuHarness)).clickItem({ text: /Mark all read/ });
    http.expectOne('/api/notifications/read-all').flush({ updated: 3 });
    await fixture.whenStable();
    expect(await badge.isHidden()).toBe(true);
    expect(bellLabel()).toBe('Notifications, none unread');
    const snackBar = await loader.getHarness(MatSnackBarHarness);
    expect(await snackBar.getMessage()).toBe('3 notifications marked read.');
  });

  it('lists the recent notifications with unread ones marked, and opens the ticket of a clicked one, marking it read', async () => {
    await open([aNotification(2), aNotification(1, true)], 1);
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const menu = await loader.getHarness(MatMenuHarness);
    await menu.open();
    const items = await menu.getItems();
    expect(await Promise.all(items.map((i) => i.getText()))).toEqual([
      expect.stringContaining('Mark all read'),
      expect.stringMatching(/^Unread:\s+Ticket #42 is now In progress.*Alex Agent moved it.*ago$/),
      expect.stringMatching(/^Ticket #41 is now In progress/),
    ]);
    await items[1].click();
    expect(navigate).toHaveBeenCalledWith(['/tickets', 42]);
    http.expectOne('/api/notifications/2/read').flush(aNotification(2, true));
    await fixture.whenStable();
    expect(bellLabel()).toBe('Notifications, none unread');
  });

  it('says so when there are no notifications', async () => {
    await open([], 0);
    const menu = await loader.getHarness(MatMenuHarness);
    await menu.open();
    expect(await (await menu.getItems())[0].isDisabled()).toBe(true);
    expect(document.querySelector('[data-testid="notifications-empty"]')?.textContent).toContain(
      'No notifications yet',
    );
  });

  it('counts a live notification and announces it in a snackbar whose Open action opens the ticket', async () => {
    await open([], 0);
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    realtime.notification.next(aNotification(3));
    await fixture.whenStable();
    expect(bellLabel()).toBe('Notifications, 1 unread');
    const snackBar = await loader.getHarness(MatSnackBarHarness);
    expect(await snackBar.getMessage()).toBe('Ticket #43 is now In progress');
    await snackBar.dismissWithAction();
    expect(navigate).toHaveBeenCalledWith(['/tickets', 43]);
    http.expectOne('/api/notifications/3/read').flush(aNotification(3, true));
  });

  it('shows no snackbar for a notification about the ticket already open, but still counts it', async () => {
    await open([], 0);
    jest.spyOn(TestBed.inject(Router), 'url', 'get').mockReturnValue('/tickets/43');
    realtime.notification.next(aNotification(3));
    await fixture.whenStable();
    expect(bellLabel()).toBe('Notifications, 1 unread');
    expect(await loader.getAllHarnesses(MatSnackBarHarness)).toEqual([]);
  });
});
