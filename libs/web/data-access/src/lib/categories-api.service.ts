import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';

import type {
  CategoryListResponse,
  CategoryResponse,
  CreateCategoryRequest,
  UpdateCategoryRequest,
} from '@hd/shared/domain';

/** `/api/categories`: the ticket categories; admins add, rename, reorder and (de)activate them. */
@Injectable({ providedIn: 'root' })
export class CategoriesApiService {
  private readonly http = inject(HttpClient);

  /** Every category by position (customers: the active ones only). */
  public list(): Observable<CategoryListResponse> {
    return this.http.get<CategoryListResponse>('/api/categories');
  }

  /** Adds a category (admins); the slug comes from the name when omitted. Errors: 400, 403, 409 (slug taken). */
  public create(body: CreateCategoryRequest): Observable<CategoryResponse> {
    return this.http.post<CategoryResponse>('/api/categories', body);
  }

  /**
   * Renames, moves (`position`, 0-based: the others shift) or (de)activates a category (admins).
   * Errors: 400, 403, 404.
   */
  public update(id: number, body: UpdateCategoryRequest): Observable<CategoryResponse> {
    return this.http.patch<CategoryResponse>(`/api/categories/${id}`, body);
  }
}
