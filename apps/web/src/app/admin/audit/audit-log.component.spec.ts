import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatPaginatorHarness } from '@angular/material/paginator/testing';
import { MatTableHarness } from '@angular/material/table/testing';

import { AuditAction, type AuditEventResponse } from '@hd/shared/domain';

import { testProviders } from '../../../testing/test-helpers';
import { AuditLogComponent } from './audit-log.component';

const EVENTS: AuditEventResponse[] = [
  {
    id: 3,
    at: '2026-11-22T09:50:00.000Z',
    actor: { id: 1, name: 'Ada Admin' },
    action: AuditAction.UserRoleChanged,
    target: { type: 'user', id: 6 },
    changes: { role: { from: 'customer', to: 'agent' } },
  },
  {
    id: 2,
    at: '2026-11-22T09:40:00.000Z',
    actor: null,
    action: AuditAction.CategoryCreated,
    target: { type: 'category', id: 4 },
    changes: { name: { from: null, to: 'Returns' }, position: { from: null, to: 5 } },
  },
  {
    id: 1,
    at: '2026-11-22T09:30:00.000Z',
    actor: { id: 1, name: 'Ada Admin' },
    action: AuditAction.UserDeactivated,
    target: { type: 'user', id: 7 },
    changes: { active: { from: true, to: false }, lastName: { from: 'Gone', to: '' } },
  },
];

describe('AuditLogComponent', () => {
  let fixture: ComponentFixture<AuditLogComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  beforeEach(async () => {
    jest.useFakeTimers({ now: new Date('2026-11-22T10:00:00.000Z'), advanceTimers: true });
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditLogComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    http
      .expectOne('/api/audit?page=1&pageSize=20')
      .flush({ items: EVENTS, total: 23, page: 1, pageSize: 20 });
    await fixture.whenStable();
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  it('shows when, who, what, on what, and each change readably', async () => {
    const cells = await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName();
    expect(cells['at'].text).toEqual(['10 minutes ago', '20 minutes ago', '30 minutes ago']);
    expect(cells['who'].text).toEqual(['Ada Admin', 'System', 'Ada Admin']);
    expect(cells['action'].text).toEqual(['Role changed', 'Category created', 'User deactivated']);
    expect(cells['target'].text).toEqual(['User 6', 'Category 4', 'User 7']);
    const changes = Array.from(
      fixture.nativeElement.querySelectorAll('.changes-cell') as NodeListOf<HTMLElement>,
    ).map((cell) => Array.from(cell.querySelectorAll('li')).map((li) => li.textContent));
    expect(changes).toEqual([
      ['Role: Customer → Agent'],
      ['Name: Returns', 'Place: 6'],
      ['Active: Yes → No', 'Last name: Gone → —'],
    ]);
  });

  it('pages through the log', async () => {
    const paginator = await loader.getHarness(MatPaginatorHarness);
    expect(await paginator.getRangeLabel()).toBe('1 – 20 of 23');
    await paginator.goToNextPage();
    http.expectOne('/api/audit?page=2&pageSize=20').flush({ items: [], total: 23, page: 2, pageSize: 20 });
  });
});
