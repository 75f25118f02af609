import { HttpClient, HttpEvent } from '@angular/common/http';
import { DOCUMENT, inject, Injectable } from '@angular/core';
import { map, Observable } from 'rxjs';

import type { AttachmentUploadResponse } from '@hd/shared/domain';

/**
 * `/api/tickets/:id/attachments` and `/api/attachments/:id`: uploads a ticket's files and fetches
 * them back. The files are behind the bearer token the interceptor adds, which `<img src>` and
 * `<a href>` cannot carry: they are fetched as blobs and shown or saved through object URLs.
 */
@Injectable({ providedIn: 'root' })
export class AttachmentsApiService {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);

  /**
   * Uploads one file to ticket `ticketId` (multipart, part `file`), reporting the upload's
   * progress events and ending with the response (`items` holds the stored file). Errors: 413 too
   * large (the message names the limit), 415 type refused, 404 no such ticket, 409 closed ticket.
   */
  public upload(ticketId: number, file: File): Observable<HttpEvent<AttachmentUploadResponse>> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<AttachmentUploadResponse>(`/api/tickets/${ticketId}/attachments`, body, {
      reportProgress: true,
      observe: 'events',
    });
  }

  /** The image preview (at most 320 px wide) of attachment `id`. Errors: 404 when it has none. */
  public preview(id: number): Observable<Blob> {
    return this.http.get(`/api/attachments/${id}/preview`, { responseType: 'blob' });
  }

  /**
   * Fetches attachment `id` and hands it to the browser to save as `filename` (a temporary
   * `<a download>` on an object URL). Errors: 404.
   */
  public download(id: number, filename: string): Observable<void> {
    return this.http
      .get(`/api/attachments/${id}`, { responseType: 'blob' })
      .pipe(map((blob) => this.save(blob, filename)));
  }

  private save(blob: Blob, filename: string): void {
    const url = URL.createObjectURL(blob);
    const link = this.document.createElement('a');
    link.href = url;
    link.download = filename;
    link.hidden = true;
    this.document.body.appendChild(link);
    link.click();
    link.remove();
    // The browser has taken the file once the click is handled; a moment later the URL can go.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
