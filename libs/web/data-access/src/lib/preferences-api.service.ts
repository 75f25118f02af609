import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type { PreferencesResponse } from '@hd/shared/domain';
import type { UpdatePreferencesRequest } from '@hd/shared/domain';

/** `/api/users/me/preferences`: the caller's notification preferences. */
@Injectable({ providedIn: 'root' })
export class PreferencesApiService {
  private readonly http = inject(HttpClient);

  /** The caller's preferences (`emailNotifications` defaults to true). */
  public get(): Observable<PreferencesResponse> {
    return this.http.get<PreferencesResponse>('/api/users/me/preferences');
  }

  /** Changes the given preferences (omitted fields stay) and returns all of them. Errors: 400 on a bad value. */
  public update(body: UpdatePreferencesRequest): Observable<PreferencesResponse> {
    return this.http.patch<PreferencesResponse>('/api/users/me/preferences', body);
  }
}
