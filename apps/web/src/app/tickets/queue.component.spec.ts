import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSortHarness } from '@angular/material/sort/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { ActivatedRoute, convertToParamMap, ParamMap, Params, Router } from '@angular/router';
import { BehaviorSubject } from 'rxjs';

import { Role, TicketStatus } from '@hd/shared/domain';

import { AGENT, aTicket, logInAs, testProviders } from '../../testing/test-helpers';
import { QueueComponent } from './queue.component';

describe('QueueComponent', () => {
  let fixture: ComponentFixture<QueueComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let queryParams: BehaviorSubject<ParamMap>;
  let navigations: Params[];

  const page = {
    items: [
      aTicket({ id: 7, number: 'TICK-20261122-0007', subject: 'VPN drops', status: TicketStatus.Open }),
      aTicket({
        id: 8,
        number: 'TICK-20261122-0008',
        subject: 'Refund',
        status: TicketStatus.InProgress,
        assignee: { id: AGENT.id, name: AGENT.name, email: AGENT.email },
      }),
    ],
    total: 42,
    page: 1,
    pageSize: 20,
  };

  beforeEach(async () => {
    localStorage.clear();
    logInAs(AGENT);
    queryParams = new BehaviorSubject(convertToParamMap({ status: 'open,in_progress', assignee: 'me' }));
    navigations = [];
    TestBed.configureTestingModule({
      providers: [
        ...testProviders(),
        {
          provide: ActivatedRoute,
          useValue: { queryParamMap: queryParams, snapshot: { queryParamMap: queryParams.value } },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    jest.spyOn(TestBed.inject(Router), 'navigate').mockImplementation((_commands, extras) => {
      navigations.push(extras?.queryParams ?? {});
      return Promise.resolve(true);
    });
    fixture = TestBed.createComponent(QueueComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/users?role=agent&active=true&pageSize=100').flush({
      items: [{ ...AGENT, role: Role.Agent }],
      total: 1,
      page: 1,
      pageSize: 100,
    });
    http.expectOne('/api/categories').flush({
      items: [
        { id: 1, slug: 'general', name: 'General', active: true, position: 0 },
        { id: 2, slug: 'returns', name: 'Returns & refunds', active: false, position: 1 },
      ],
    });
    const list = http.expectOne((r) => r.url === '/api/tickets');
    expect(list.request.params.toString()).toBe(
      'status=open,in_progress&assigneeId=2&sort=-updatedAt&page=1&pageSize=20',
    );
    list.flush(page);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('lists the filtered queue from the URL in a table, with "Assign to me" only on others’ tickets', async () => {
    const table = await loader.getHarness(MatTableHarness);
    const rows = await table.getCellTextByColumnName();
    expect(rows['subject'].text).toEqual(['VPN drops', 'Refund']);
    expect(rows['assignee'].text).toEqual(['Unassigned', 'Alex Agent']);
    expect(rows['actions'].text).toEqual(['Assign to me', '']);
    expect(await (await loader.getHarness(MatPaginatorHarness)).getRangeLabel()).toBe('1 – 20 of 42');
  });

  it('shows each ticket’s number, offers the categories from the API, and filters by affected item', async () => {
    const rows = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(rows['number'].text).toEqual(['TICK-20261122-0007', 'TICK-20261122-0008']);

    const category = await loader.getHarness(
      MatSelectHarness.with({ selector: '[data-testid="filter-category"]' }),
    );
    await category.open();
    const options = await category.getOptions();
    expect(await Promise.all(options.map((option) => option.getText()))).toEqual([
      'Any category',
      'General',
      'Returns & refunds (inactive)',
    ]);
    await category.clickOptions({ text: 'Returns & refunds (inactive)' });
    expect(navigations.at(-1)).toMatchObject({ category: 'returns', page: null });

    const affected = await loader.getHarness(
      MatInputHarness.with({ selector: '[data-testid="filter-affected-item"]' }),
    );
    await affected.setValue('Invoice PDF export');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(navigations.at(-1)).toMatchObject({ affectedItem: 'Invoice PDF export', page: null });
  });

  it('does not write the search to the URL when a ticket was clicked before the pause ended', async () => {
    const router = TestBed.inject(Router);
    const search = await loader.getHarness(MatInputHarness.with({ selector: 'input[type="search"]' }));
    await search.setValue('VPN');
    // The click on a ticket is under way (its page loading) when the 300 ms pause ends.
    const opening = jest
      .spyOn(router, 'currentNavigation')
      .mockReturnValue({ extractedUrl: router.parseUrl('/tickets/7') } as ReturnType<
        Router['currentNavigation']
      >);
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(navigations).toEqual([]);

    // Typing on the list itself (or a query-parameter change under way) still writes the search.
    opening.mockReturnValue({
      extractedUrl: router.createUrlTree([], { queryParams: { page: 2 } }),
    } as ReturnType<Router['currentNavigation']>);
    await search.setValue('VPN drops');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(navigations.at(-1)).toMatchObject({ q: 'VPN drops' });
  });

  it('shows the filters from the URL in the filter fields', async () => {
    const status = await loader.getHarness(
      MatSelectHarness.with({ selector: '[data-testid="filter-status"]' }),
    );
    expect(await status.getValueText()).toBe('Open, In progress');
    const assignee = await loader.getHarness(
      MatSelectHarness.with({ selector: '[data-testid="filter-assignee"]' }),
    );
    expect(await assignee.getValueText()).toBe('Me');
  });

  it('writes filter, sort and page changes to the URL', async () => {
    const assignee = await loader.getHarness(
      MatSelectHarness.with({ selector: '[data-testid="filter-assignee"]' }),
    );
    await assignee.open();
    await assignee.clickOptions({ text: 'Unassigned' });
    expect(navigations.at(-1)).toMatchObject({
      assignee: 'unassigned',
      status: 'open,in_progress',
      page: null,
    });

    const [priorityHeader] = await (
      await loader.getHarness(MatSortHarness)
    ).getSortHeaders({ label: 'Priority' });
    await priorityHeader.click();
    expect(navigations.at(-1)).toMatchObject({ sort: 'priority' });

    await (await loader.getHarness(MatPaginatorHarness)).goToNextPage();
    expect(navigations.at(-1)).toMatchObject({ page: 2 });
  });

  it('reloads when the URL changes (back button, shared link)', async () => {
    queryParams.next(convertToParamMap({ priority: 'urgent', q: 'vpn' }));
    http
      .expectOne(
        (r) =>
          r.url === '/api/tickets' && r.params.get('priority') === 'urgent' && r.params.get('q') === 'vpn',
      )
      .flush({ ...page, items: [], total: 0 });
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent).toContain('No matching tickets');
  });

  it('searches best match first and shows where each ticket matched, matched words emphasised', async () => {
    queryParams.next(convertToParamMap({ q: 'printer' }));
    const search = http.expectOne((r) => r.url === '/api/tickets' && r.params.get('q') === 'printer');
    expect(search.request.params.get('sort')).toBe('relevance');
    search.flush({
      ...page,
      items: [
        { ...page.items[0], match: 'the «printer» on floor 2 <b>jams</b>' },
        { ...page.items[1], match: null },
      ],
    });
    await fixture.whenStable();
    const matches = fixture.nativeElement.querySelectorAll('[data-testid="ticket-match"]');
    expect(matches).toHaveLength(1);
    expect(matches[0].textContent).toBe('the printer on floor 2 <b>jams</b>');
    expect(matches[0].querySelector('mark').textContent).toBe('printer');
    expect(matches[0].querySelector('b')).toBeNull();
  });

  it('counts the tickets, with a "+" when more match than the API counted', async () => {
    const count = () => fixture.nativeElement.querySelector('.count').textContent.trim();
    expect(count()).toBe('42 tickets');
    queryParams.next(convertToParamMap({ q: 'printer' }));
    http
      .expectOne((r) => r.url === '/api/tickets' && r.params.get('q') === 'printer')
      .flush({ ...page, total: 1003, totalIsEstimate: true });
    await fixture.whenStable();
    expect(count()).toBe('1003+ tickets');
  });

  it('assigns a ticket to the current agent and reloads the queue', async () => {
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Assign to me' }))).click();
    const assign = http.expectOne('/api/tickets/7/assign');
    expect(assign.request.body).toEqual({});
    assign.flush({});
    http.expectOne((r) => r.url === '/api/tickets').flush(page);
  });
});
