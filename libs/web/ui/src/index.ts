export * from './lib/empty-state.component';
export * from './lib/confirm-dialog.component';
export * from './lib/priority-badge.component';
export * from './lib/relative-time.component';
export * from './lib/status-chip.component';
