import { ComponentFixture, TestBed } from '@angular/core/testing';

import { matchParts, TicketMatchComponent } from './ticket-list-results.component';

describe('matchParts', () => {
  it('splits a snippet on the markers into plain and matched pieces', () => {
    expect(matchParts('…the «printer» jams «every day»')).toEqual([
      { text: '…the ', marked: false },
      { text: 'printer', marked: true },
      { text: ' jams ', marked: false },
      { text: 'every day', marked: true },
    ]);
    expect(matchParts('«printer»')).toEqual([{ text: 'printer', marked: true }]);
    expect(matchParts('no marks')).toEqual([{ text: 'no marks', marked: false }]);
    expect(matchParts(null)).toEqual([]);
    expect(matchParts('')).toEqual([]);
  });
});

describe('TicketMatchComponent', () => {
  let fixture: ComponentFixture<TicketMatchComponent>;

  beforeEach(() => {
    fixture = TestBed.createComponent(TicketMatchComponent);
  });

  it('emphasises the matched words and shows the rest as text, markup included', () => {
    fixture.componentRef.setInput('match', '<img src=x onerror=alert(1)> the «printer» jams');
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.textContent).toBe('<img src=x onerror=alert(1)> the printer jams');
    expect(element.querySelector('img')).toBeNull();
    expect(Array.from(element.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['printer']);
  });

  it('shows nothing without a match', () => {
    fixture.componentRef.setInput('match', null);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="ticket-match"]')).toBeNull();
  });
});
