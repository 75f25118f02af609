import { DestroyRef, inject, type Signal, signal } from '@angular/core';

/**
 * The current time (ms since the epoch) as a signal that moves on every `periodMs`, for components
 * that count down or up; the timer stops when the calling component is destroyed. Call it in an
 * injection context (a field initialiser or the constructor).
 */
export function tickingNow(periodMs: number): Signal<number> {
  const now = signal(Date.now());
  const timer = setInterval(() => now.set(Date.now()), periodMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
