import { inject, Injectable, signal } from '@angular/core';
import { catchError, map, Observable, of, shareReplay, tap, throwError } from 'rxjs';

import { CATEGORY_LABELS, type CategoryResponse } from '@hd/shared/domain';

import { AuthStateService } from './auth-state.service';
import { CategoriesApiService } from './categories-api.service';

/**
 * The ticket categories, fetched once per logged-in user and shared by every page (the new-ticket
 * form, the queue's filter, the ticket page's labels, the admin page), as a signal.
 */
@Injectable({ providedIn: 'root' })
export class CategoriesStateService {
  private readonly api = inject(CategoriesApiService);
  private readonly auth = inject(AuthStateService);

  private readonly itemsSignal = signal<readonly CategoryResponse[] | null>(null);
  /** The request (or answer) for the user it was made for. */
  private cache: { userId: number | null; items: Observable<readonly CategoryResponse[]> } | null = null;

  /** Every category the user may see, by position; null until loaded. */
  public readonly categories = this.itemsSignal.asReadonly();

  /**
   * The categories, from the cache when this user has loaded them already; concurrent callers share
   * one request. Errors: the API's (the next call tries again).
   */
  public load(): Observable<readonly CategoryResponse[]> {
    const userId = this.auth.user()?.id ?? null;
    if (this.cache?.userId === userId) return this.cache.items;
    if (this.cache) this.itemsSignal.set(null);
    const items = this.api.list().pipe(
      map((response) => response.items),
      tap((list) => this.itemsSignal.set(list)),
      catchError((error: unknown) => {
        this.cache = null;
        return throwError(() => error);
      }),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    this.cache = { userId, items };
    return items;
  }

  /** Replaces the cached list after a change made elsewhere (the admin page), sorted by position. */
  public replace(categories: readonly CategoryResponse[]): void {
    const sorted = [...categories].sort((a, b) => a.position - b.position || a.id - b.id);
    this.itemsSignal.set(sorted);
    this.cache = { userId: this.auth.user()?.id ?? null, items: of(sorted) };
  }

  /** What people read for category `slug`: its name when loaded, else the default label, else the slug. */
  public label(slug: string): string {
    return (
      this.itemsSignal()?.find((category) => category.slug === slug)?.name ?? CATEGORY_LABELS[slug] ?? slug
    );
  }
}
