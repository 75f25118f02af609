import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { TicketStatus, type TicketSlaView } from '@hd/shared/domain';

import { SlaChipComponent } from './sla-chip.component';
import { SlaPanelComponent } from './sla-panel.component';
import { formatSlaDuration, slaChipState, slaTargetStates } from './sla-status';

const NOW = Date.parse('2026-11-26T10:00:00.000Z');
const MINUTE = 60_000;
const at = (ms: number): string => new Date(ms).toISOString();

/** An urgent ticket opened at 09:00: first response due 11:00 (at risk from 10:36), resolution due tomorrow 09:00. */
function running(overrides: Partial<TicketSlaView> = {}): TicketSlaView {
  return {
    firstResponseDueAt: '2026-11-26T11:00:00.000Z',
    resolutionDueAt: '2026-11-27T09:00:00.000Z',
    firstResponseAt: null,
    resolvedAt: null,
    firstResponseBreached: false,
    resolutionBreached: false,
    pausedAt: null,
    dueAt: '2026-11-26T11:00:00.000Z',
    atRiskAt: '2026-11-26T10:36:00.000Z',
    ...overrides,
  };
}

describe('formatSlaDuration()', () => {
  it.each([
    [20 * 1000, 'less than 1 min'],
    [35 * MINUTE, '35 min'],
    [80 * MINUTE, '1 h 20 min'],
    [120 * MINUTE - 2000, '2 h'],
    [26 * 60 * MINUTE + 20 * MINUTE, '1 d 2 h'],
    [-35 * MINUTE, '35 min'],
  ])('writes %i ms as "%s"', (ms, text) => {
    expect(formatSlaDuration(ms)).toBe(text);
  });
});

describe('slaChipState()', () => {
  it('is "Due in" while on track, naming the nearest target', () => {
    expect(slaChipState(running(), NOW)).toEqual({
      kind: 'on_track',
      text: 'Due in 1 h',
      target: 'First response',
      description: 'First response due in 1 h',
    });
  });

  it('is "At risk" from the at-risk instant, and "Breached … ago" past the due time', () => {
    expect(slaChipState(running(), Date.parse('2026-11-26T10:40:00Z'))).toMatchObject({
      kind: 'at_risk',
      text: 'At risk: due in 20 min',
    });
    expect(slaChipState(running(), Date.parse('2026-11-26T11:35:00Z'))).toMatchObject({
      kind: 'breached',
      text: 'Breached 35 min ago',
      description: 'First response SLA breached 35 min ago',
    });
  });

  it('names the resolution once the first response is given', () => {
    const answered = running({
      firstResponseAt: '2026-11-26T09:30:00.000Z',
      dueAt: '2026-11-27T09:00:00.000Z',
      atRiskAt: '2026-11-27T04:12:00.000Z',
    });
    expect(slaChipState(answered, NOW)).toMatchObject({
      kind: 'on_track',
      target: 'Resolution',
      text: 'Due in 23 h',
    });
  });

  it('is paused, met or missed when no clock runs, and nothing without SLA times', () => {
    const stopped = { dueAt: null, atRiskAt: null };
    expect(slaChipState(running({ ...stopped, pausedAt: at(NOW) }), NOW)?.text).toBe('SLA paused');
    expect(slaChipState(running({ ...stopped, resolvedAt: at(NOW) }), NOW)).toMatchObject({
      kind: 'met',
      text: 'SLA met',
    });
    expect(slaChipState(running({ ...stopped, firstResponseBreached: true }), NOW)).toMatchObject({
      kind: 'missed',
      text: 'SLA missed',
    });
    expect(
      slaChipState(running({ ...stopped, firstResponseDueAt: null, resolutionDueAt: null }), NOW),
    ).toBeNull();
  });
});

describe('slaTargetStates()', () => {
  it('shows both targets while they run', () => {
    expect(
      slaTargetStates(running(), TicketStatus.Open, NOW).map(({ label, kind, text }) => ({
        label,
        kind,
        text,
      })),
    ).toEqual([
      { label: 'First response', kind: 'on_track', text: 'Due in 1 h' },
      { label: 'Resolution', kind: 'on_track', text: 'Due in 23 h' },
    ]);
  });

  it('says met, met late, paused and breached', () => {
    const sla = running({
      firstResponseAt: '2026-11-26T11:10:00.000Z',
      firstResponseBreached: true,
      pausedAt: '2026-11-26T11:20:00.000Z',
      dueAt: null,
      atRiskAt: null,
    });
    expect(slaTargetStates(sla, TicketStatus.WaitingOnCustomer, NOW).map((line) => line.text)).toEqual([
      'Met late',
      'Paused',
    ]);
    const late = running({ dueAt: '2026-11-26T11:00:00.000Z' });
    expect(slaTargetStates(late, TicketStatus.Open, Date.parse('2026-11-26T11:35:00Z'))[0]).toMatchObject({
      kind: 'breached',
      text: 'Breached 35 min ago',
    });
    const resolved = running({
      firstResponseAt: '2026-11-26T09:30:00.000Z',
      resolvedAt: '2026-11-26T09:50:00.000Z',
      dueAt: null,
      atRiskAt: null,
    });
    expect(slaTargetStates(resolved, TicketStatus.Resolved, NOW).map((line) => line.kind)).toEqual([
      'met',
      'met',
    ]);
  });
});

@Component({
  imports: [SlaChipComponent, SlaPanelComponent],
  template: `<hd-sla-chip [sla]="sla()" /><hd-sla-panel [sla]="sla()" [status]="status" />`,
})
class HostComponent {
  public readonly sla = signal(running());
  public readonly status = TicketStatus.Open;
}

describe('SlaChipComponent and SlaPanelComponent', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('say the state in words, turn amber then red as time passes, and name the target for screen readers', () => {
    const fixture = TestBed.createComponent(HostComponent);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const chip = (): HTMLElement => element.querySelector('[data-testid="sla-chip"]') as HTMLElement;
    expect(chip().textContent?.trim()).toBe('First response SLA: Due in 1 h');
    expect(chip().querySelector('.visually-hidden')?.textContent).toBe('First response SLA: ');
    expect(chip().dataset['sla']).toBe('on_track');
    expect(element.querySelector('[data-testid="sla-first_response"]')?.textContent).toContain('Due in 1 h');

    jest.advanceTimersByTime(40 * MINUTE);
    fixture.detectChanges();
    expect(chip().dataset['sla']).toBe('at_risk');
    expect(chip().textContent).toContain('At risk: due in 20 min');

    jest.advanceTimersByTime(55 * MINUTE);
    fixture.detectChanges();
    expect(chip().dataset['sla']).toBe('breached');
    expect(chip().textContent).toContain('Breached 35 min ago');
    expect(element.querySelector('[data-testid="sla-first_response"]')?.textContent).toContain(
      'Breached 35 min ago',
    );
  });
});
