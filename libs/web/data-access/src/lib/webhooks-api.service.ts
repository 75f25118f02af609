import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  CreatedWebhookResponse,
  CreateWebhookRequest,
  UpdateWebhookRequest,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookListResponse,
  WebhookResponse,
} from '@hd/shared/domain';

/**
 * `/api/webhooks` (admins): outgoing webhooks, their deliveries and redelivery. A webhook's signing
 * secret is in the answer to its creation only. Every call: 403 for anyone but admins.
 */
@Injectable({ providedIn: 'root' })
export class WebhooksApiService {
  private readonly http = inject(HttpClient);

  /** Every webhook, newest first. */
  public list(): Observable<WebhookListResponse> {
    return this.http.get<WebhookListResponse>('/api/webhooks');
  }

  /** One webhook. Errors: 404. */
  public get(id: number): Observable<WebhookResponse> {
    return this.http.get<WebhookResponse>(`/api/webhooks/${id}`);
  }

  /**
   * Creates a webhook and returns it with its signing secret, shown this once. Errors: 400
   * `VALIDATION_FAILED` (`errors.url`, `errors.events`, `errors.secret`), 400 `WEBHOOK_URL_FORBIDDEN`
   * (`errors.url`) for a private, loopback or link-local address.
   */
  public create(body: CreateWebhookRequest): Observable<CreatedWebhookResponse> {
    return this.http.post<CreatedWebhookResponse>('/api/webhooks', body);
  }

  /** Changes a webhook; `active: true` turns one switched off after failures back on. Errors: as create, 404. */
  public update(id: number, body: UpdateWebhookRequest): Observable<WebhookResponse> {
    return this.http.patch<WebhookResponse>(`/api/webhooks/${id}`, body);
  }

  /** Deletes a webhook with its deliveries (204). Errors: 404. */
  public remove(id: number): Observable<void> {
    return this.http.delete<void>(`/api/webhooks/${id}`);
  }

  /** One page of the webhook's deliveries, newest first (`page` is 1-based). Errors: 400 on a bad page, 404. */
  public deliveries(id: number, page: number, pageSize: number): Observable<WebhookDeliveryPageResponse> {
    const params = new HttpParams().set('page', page).set('pageSize', pageSize);
    return this.http.get<WebhookDeliveryPageResponse>(`/api/webhooks/${id}/deliveries`, { params });
  }

  /** Sends a delivery again at once (same body and delivery id, signed afresh); answers the queued delivery. Errors: 404. */
  public redeliver(id: number, deliveryId: number): Observable<WebhookDeliveryResponse> {
    return this.http.post<WebhookDeliveryResponse>(
      `/api/webhooks/${id}/deliveries/${deliveryId}/redeliver`,
      null,
    );
  }
}
