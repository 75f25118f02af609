import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { NotificationsApiService } from './notifications-api.service';
import { PreferencesApiService } from './preferences-api.service';

describe('Notification API services', () => {
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => controller.verify());

  describe('NotificationsApiService', () => {
    it('sends only the query values that are set', () => {
      const api = TestBed.inject(NotificationsApiService);
      api.list({ unread: true, page: 2, pageSize: 10 }).subscribe();
      expect(controller.expectOne(() => true).request.params.toString()).toBe(
        'unread=true&page=2&pageSize=10',
      );
      api.list({ unread: false }).subscribe();
      expect(controller.expectOne('/api/notifications').request.params.keys()).toEqual([]);
    });

    it('marks one or all notifications read with POST', () => {
      const api = TestBed.inject(NotificationsApiService);
      api.markRead(17).subscribe();
      expect(controller.expectOne('/api/notifications/17/read').request.method).toBe('POST');
      api.markAllRead().subscribe();
      expect(controller.expectOne('/api/notifications/read-all').request.method).toBe('POST');
    });
  });

  describe('PreferencesApiService', () => {
    it('reads and patches the caller’s preferences', () => {
      const api = TestBed.inject(PreferencesApiService);
      api.get().subscribe();
      expect(controller.expectOne('/api/users/me/preferences').request.method).toBe('GET');
      api.update({ emailNotifications: false }).subscribe();
      const patch = controller.expectOne('/api/users/me/preferences');
      expect(patch.request.method).toBe('PATCH');
      expect(patch.request.body).toEqual({ emailNotifications: false });
    });
  });
});
