import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { NotificationPageResponse, NotificationResponse, ReadAllResponse } from '@hd/shared/domain';

/** Query of `GET /api/notifications`; absent values are not sent. */
export interface NotificationListQuery {
  /** Only unread notifications. */
  unread?: boolean;
  /** 1-based. */
  page?: number;
  /** 1 to 100 (the API's default is 20). */
  pageSize?: number;
}

/** `/api/notifications`: the caller's notification centre. */
@Injectable({ providedIn: 'root' })
export class NotificationsApiService {
  private readonly http = inject(HttpClient);

  /** One page of the caller's notifications, newest first, with the unread count for the bell. Errors: 400 on a bad query. */
  public list(query: NotificationListQuery = {}): Observable<NotificationPageResponse> {
    let params = new HttpParams();
    if (query.unread) params = params.set('unread', 'true');
    if (query.page) params = params.set('page', query.page);
    if (query.pageSize) params = params.set('pageSize', query.pageSize);
    return this.http.get<NotificationPageResponse>('/api/notifications', { params });
  }

  /** Marks one notification read and returns it. Errors: 404 when it is not the caller's. */
  public markRead(id: number): Observable<NotificationResponse> {
    return this.http.post<NotificationResponse>(`/api/notifications/${id}/read`, {});
  }

  /** Marks every notification of the caller read; returns how many changed. */
  public markAllRead(): Observable<ReadAllResponse> {
    return this.http.post<ReadAllResponse>('/api/notifications/read-all', {});
  }
}
