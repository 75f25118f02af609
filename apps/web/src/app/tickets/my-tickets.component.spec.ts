import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatChipListboxHarness } from '@angular/material/chips/testing';
import { ActivatedRoute, convertToParamMap, ParamMap, Params, Router } from '@angular/router';
import { BehaviorSubject } from 'rxjs';

import { TICKET_STATUSES, TicketStatus } from '@hd/shared/domain';

import { aTicket, CUSTOMER, logInAs, testProviders } from '../../testing/test-helpers';
import { MyTicketsComponent } from './my-tickets.component';

describe('MyTicketsComponent', () => {
  let fixture: ComponentFixture<MyTicketsComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let navigations: Params[];
  let params: BehaviorSubject<ParamMap>;

  function flushCounts(counts: Partial<Record<TicketStatus, number>>): void {
    const all = Object.fromEntries(TICKET_STATUSES.map((status) => [status, counts[status] ?? 0]));
    http
      .expectOne((r) => r.url === '/api/tickets/counts')
      .flush({
        counts: all,
        total: Object.values(all).reduce((sum, n) => sum + n, 0),
        totalIsEstimate: false,
      });
  }

  async function open(
    items = [
      aTicket({ assignee: null }),
      aTicket({
        id: 6,
        number: 'TICK-20261122-0006',
        subject: 'Refund',
        status: TicketStatus.Resolved,
        assignee: { id: 2, name: 'Alex Agent', email: 'a@example.com' },
      }),
    ],
  ): Promise<void> {
    const list = http.expectOne((r) => r.url === '/api/tickets' && r.params.get('pageSize') === '20');
    list.flush({ items, total: items.length, page: 1, pageSize: 20 });
    flushCounts({ open: 1, resolved: 1 });
    await fixture.whenStable();
  }

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-22T09:35:00.000Z'), advanceTimers: true });
    localStorage.clear();
    logInAs(CUSTOMER);
    params = new BehaviorSubject(convertToParamMap({}));
    navigations = [];
    TestBed.configureTestingModule({
      providers: [
        ...testProviders(),
        {
          provide: ActivatedRoute,
          useValue: { queryParamMap: params, snapshot: { queryParamMap: params.value } },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    jest.spyOn(TestBed.inject(Router), 'navigate').mockImplementation((_c, extras) => {
      navigations.push(extras?.queryParams ?? {});
      return Promise.resolve(true);
    });
    fixture = TestBed.createComponent(MyTicketsComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('shows each ticket with its number, status, priority, assignee or "Unassigned", and when it was updated', async () => {
    await open();
    const rows = Array.from(
      fixture.nativeElement.querySelectorAll('[data-testid="ticket-row"]') as NodeListOf<HTMLElement>,
    ).map((r) => [
      r.querySelector('[data-testid="ticket-number"]')?.textContent,
      r.querySelector('.subject')?.textContent,
      r.querySelector('hd-status-chip')?.textContent,
      r.querySelector('hd-priority-badge')?.textContent?.replace('remove', ''),
      r.querySelector('.assignee')?.textContent?.replace('person', '').trim(),
      r.querySelector('hd-relative-time')?.textContent,
    ]);
    expect(rows).toEqual([
      [
        'TICK-20261122-0005',
        'Cannot download my invoice',
        'Open',
        'Medium',
        'Unassigned',
        'updated 5 minutes ago',
      ],
      ['TICK-20261122-0006', 'Refund', 'Resolved', 'Medium', 'Alex Agent', 'updated 5 minutes ago'],
    ]);
  });

  it('counts tickets per status on the filter chips, and filters by the chosen one', async () => {
    await open();
    const chips = await (await loader.getHarness(MatChipListboxHarness)).getChips();
    expect(await Promise.all(chips.map((c) => c.getText()))).toEqual([
      'All (2)',
      'Open (1)',
      'In progress (0)',
      'Waiting on customer (0)',
      'Resolved (1)',
      'Closed (0)',
      'Reopened (0)',
    ]);
    await chips[4].select();
    expect(navigations.at(-1)).toMatchObject({ status: 'resolved', page: null });
  });

  it('says "at least" on the chips of a search that matched more than it counted', async () => {
    await open();
    const listbox = await loader.getHarness(MatChipListboxHarness);
    const texts = async () => Promise.all((await listbox.getChips()).map((c) => c.getText()));
    expect(await texts()).toContain('All (2)');
    // A search for a common word: the API counted the newest matches only.
    params.next(convertToParamMap({ q: 'printer' }));
    http
      .expectOne((r) => r.url === '/api/tickets' && r.params.get('q') === 'printer')
      .flush({
        items: [],
        total: 1003,
        totalIsEstimate: true,
        page: 1,
        pageSize: 20,
      });
    // Counted as the list is sorted (by relevance while searching): the API counts its newest matches.
    const counted = http.expectOne((r) => r.url === '/api/tickets/counts');
    expect(counted.request.params.get('q')).toBe('printer');
    expect(counted.request.params.get('sort')).toBe('relevance');
    const counts = {
      open: 1000,
      in_progress: 0,
      waiting_on_customer: 0,
      resolved: 0,
      closed: 3,
      reopened: 0,
    };
    counted.flush({ counts, total: 1003, totalIsEstimate: true });
    await fixture.whenStable();
    expect(await texts()).toEqual([
      'All (1003+)',
      'Open (1000+)',
      'In progress (0+)',
      'Waiting on customer (0+)',
      'Resolved (0+)',
      'Closed (3+)',
      'Reopened (0+)',
    ]);
  });

  it('invites a customer without tickets to open one', async () => {
    await open([]);
    expect(fixture.nativeElement.textContent).toContain('No tickets yet');
  });
});
