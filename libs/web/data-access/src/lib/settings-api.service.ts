import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { HelpdeskSettings, SettingsChange } from '@hd/shared/domain';

/** `/api/settings`: business hours, the SLA threshold, automatic assignment and auto-close (admins). */
@Injectable({ providedIn: 'root' })
export class SettingsApiService {
  private readonly http = inject(HttpClient);

  /** Every setting, defaults included. Errors: 403 for non-admins. */
  public get(): Observable<HelpdeskSettings> {
    return this.http.get<HelpdeskSettings>('/api/settings');
  }

  /**
   * Changes the given fields of the given sections (the others stay; `week` and `holidays` are
   * replaced whole) and returns every setting after the change. Errors: 400 with `errors` per
   * field, 403 for non-admins.
   */
  public update(change: SettingsChange): Observable<HelpdeskSettings> {
    return this.http.patch<HelpdeskSettings>('/api/settings', change);
  }
}
