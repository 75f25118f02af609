import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { ApplicationRef, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatIconRegistry } from '@angular/material/icon';
import { DomSanitizer } from '@angular/platform-browser';

import { TicketPriority, TicketStatus } from '@hd/shared/domain';

import { ConfirmDialogComponent, ConfirmDialogData } from './confirm-dialog.component';
import { EmptyStateComponent } from './empty-state.component';
import { PriorityBadgeComponent } from './priority-badge.component';
import { RelativeTimeComponent } from './relative-time.component';
import { StatusChipComponent } from './status-chip.component';

@Component({
  imports: [StatusChipComponent, PriorityBadgeComponent, RelativeTimeComponent, EmptyStateComponent],
  template: `
    <hd-status-chip [status]="status()" />
    <hd-priority-badge [priority]="priority()" />
    <hd-relative-time prefix="updated" [date]="date()" />
    <hd-empty-state title="No tickets yet" message="Open one when you need help." />
  `,
})
class HostComponent {
  public readonly status = signal(TicketStatus.WaitingOnCustomer);
  public readonly priority = signal(TicketPriority.Urgent);
  public readonly date = signal('2026-11-22T09:55:00.000Z');
}

describe('UI components', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-22T10:00:00.000Z') });
    // The app registers its icon set; here, a shape for each icon these components name.
    const registry = TestBed.inject(MatIconRegistry);
    const sanitizer = TestBed.inject(DomSanitizer);
    for (const name of ['priority_high', 'arrow_upward', 'arrow_downward', 'remove', 'inbox']) {
      registry.addSvgIconLiteral(name, sanitizer.bypassSecurityTrustHtml(`<svg id="${name}"></svg>`));
    }
  });
  afterEach(() => jest.useRealTimers());

  it('show status, priority, relative time and empty state as people read them', () => {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    const text = (fixture.nativeElement as HTMLElement).textContent ?? '';
    expect(text).toContain('Waiting on customer');
    expect(text).toContain('Urgent');
    expect(text).toContain('updated 5 minutes ago');
    expect(text).toContain('No tickets yet');
    // Icons are SVGs of the registered set, not ligature text.
    expect(text).not.toContain('priority_high');
    expect((fixture.nativeElement as HTMLElement).querySelector('hd-priority-badge svg')?.id).toBe(
      'priority_high',
    );
    expect((fixture.nativeElement as HTMLElement).querySelector('time')?.getAttribute('datetime')).toBe(
      '2026-11-22T09:55:00.000Z',
    );

    fixture.componentInstance.status.set(TicketStatus.Resolved);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('hd-status-chip')?.textContent).toBe(
      'Resolved',
    );
  });

  it('refresh the relative time every minute', () => {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    jest.advanceTimersByTime(60_000);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('time')?.textContent).toBe(
      'updated 6 minutes ago',
    );
  });
});

describe('ConfirmDialogComponent', () => {
  beforeEach(() =>
    TestBed.configureTestingModule({
      providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    }),
  );

  async function open(): Promise<{ result: () => boolean | undefined; dialog: MatDialogHarness }> {
    let result: boolean | undefined;
    const fixture = TestBed.createComponent(EmptyStateComponent);
    fixture.componentRef.setInput('title', 'x');
    const data: ConfirmDialogData = {
      title: 'Delete this ticket?',
      message: 'This cannot be undone.',
      confirmLabel: 'Delete',
      destructive: true,
    };
    TestBed.inject(MatDialog)
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .subscribe((value) => (result = value));
    const loader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    return { result: () => result, dialog: await loader.getHarness(MatDialogHarness) };
  }

  it('closes with true when confirmed', async () => {
    const { result, dialog } = await open();
    expect(await dialog.getTitleText()).toBe('Delete this ticket?');
    expect(await dialog.getContentText()).toBe('This cannot be undone.');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Delete' }))).click();
    await TestBed.inject(ApplicationRef).whenStable();
    expect(result()).toBe(true);
  });

  it('closes with false when cancelled', async () => {
    const { result, dialog } = await open();
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await TestBed.inject(ApplicationRef).whenStable();
    expect(result()).toBe(false);
  });
});
