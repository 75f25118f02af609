import { CdkDragDrop, CdkDropList } from '@angular/cdk/drag-drop';
import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { By } from '@angular/platform-browser';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { type CategoryResponse, Role } from '@hd/shared/domain';
import { CategoriesStateService } from '@hd/web/data-access';

import { AGENT, logInAs, testProviders } from '../../../testing/test-helpers';
import { AdminCategoriesComponent } from './admin-categories.component';

const CATEGORIES: CategoryResponse[] = [
  { id: 1, slug: 'general', name: 'General', active: true, position: 0 },
  { id: 2, slug: 'technical', name: 'Technical', active: true, position: 1 },
  { id: 3, slug: 'billing', name: 'Billing', active: false, position: 2 },
];

describe('AdminCategoriesComponent', () => {
  let fixture: ComponentFixture<AdminCategoriesComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  function names(): string[] {
    const items = fixture.nativeElement.querySelectorAll('[data-testid="category-name"]');
    return Array.from(items as NodeListOf<HTMLElement>).map((el) => el.textContent ?? '');
  }

  async function snackBar(): Promise<string> {
    return (
      await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness)
    ).getMessage();
  }

  /** Drops the category at `from` at `to`, as the CDK reports a drag and drop. */
  function dragAndDrop(from: number, to: number): void {
    const list = fixture.debugElement.query(By.directive(CdkDropList)).injector.get(CdkDropList);
    list.dropped.emit({ previousIndex: from, currentIndex: to } as CdkDragDrop<CategoryResponse[]>);
  }

  beforeEach(async () => {
    localStorage.clear();
    logInAs({ ...AGENT, role: Role.Admin });
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminCategoriesComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    http.expectOne('/api/categories').flush({ items: CATEGORIES });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it('reorders by drag and drop with one PATCH of the position, and shares the new order', async () => {
    expect(names()).toEqual(['General', 'Technical', 'Billing']);
    dragAndDrop(2, 0);
    await fixture.whenStable();
    expect(names()).toEqual(['Billing', 'General', 'Technical']);
    const patch = http.expectOne('/api/categories/3');
    expect([patch.request.method, patch.request.body]).toEqual(['PATCH', { position: 0 }]);
    patch.flush({ ...CATEGORIES[2], position: 0 });
    await fixture.whenStable();
    expect(await snackBar()).toBe('“Billing” moved to place 1.');
    expect(
      TestBed.inject(CategoriesStateService)
        .categories()
        ?.map((c) => [c.slug, c.position]),
    ).toEqual([
      ['billing', 0],
      ['general', 1],
      ['technical', 2],
    ]);
  });

  it('moves with the arrow buttons too, and puts the order back when the move fails', async () => {
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Move General down"]' }))
    ).click();
    expect(names()).toEqual(['Technical', 'General', 'Billing']);
    http
      .expectOne('/api/categories/1')
      .flush({ statusCode: 500, message: 'Database unavailable' }, { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    expect(names()).toEqual(['General', 'Technical', 'Billing']);
    expect(await snackBar()).toBe('Database unavailable');
  });

  it('adds, renames, deactivates and reactivates', async () => {
    await (
      await loader.getHarness(MatInputHarness.with({ selector: '[formControlName="name"]' }))
    ).setValue('Returns & refunds');
    await (await loader.getHarness(MatButtonHarness.with({ text: /Add category/ }))).click();
    const create = http.expectOne((r) => r.method === 'POST' && r.url === '/api/categories');
    expect(create.request.body).toEqual({ name: 'Returns & refunds' });
    create.flush({ id: 4, slug: 'returns_refunds', name: 'Returns & refunds', active: true, position: 3 });
    await fixture.whenStable();
    expect(names()).toEqual(['General', 'Technical', 'Billing', 'Returns & refunds']);

    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Rename Technical"]' }))
    ).click();
    const rename = await loader.getHarness(MatInputHarness.with({ selector: '.rename-form input' }));
    await rename.setValue('Technical problems');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Save' }))).click();
    const renamed = http.expectOne('/api/categories/2');
    expect(renamed.request.body).toEqual({ name: 'Technical problems' });
    renamed.flush({ ...CATEGORIES[1], name: 'Technical problems' });
    await fixture.whenStable();
    expect(names()).toEqual(['General', 'Technical problems', 'Billing', 'Returns & refunds']);

    const buttons = await loader.getAllHarnesses(MatButtonHarness.with({ text: /activate/ }));
    expect(await Promise.all(buttons.map((b) => b.getText()))).toEqual([
      'Deactivate',
      'Deactivate',
      'Reactivate',
      'Deactivate',
    ]);
    await buttons[2].click();
    const reactivated = http.expectOne('/api/categories/3');
    expect(reactivated.request.body).toEqual({ active: true });
    reactivated.flush({ ...CATEGORIES[2], active: true });
    await fixture.whenStable();
    expect(await snackBar()).toBe('“Billing” can be chosen again.');
  });
});
