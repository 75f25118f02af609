import { HttpTestingController } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { Router } from '@angular/router';

import { type CategoryResponse, ErrorCode } from '@hd/shared/domain';

import { aTicket, CUSTOMER, fillIn, formField, logInAs, testProviders } from '../../testing/test-helpers';
import { NewTicketComponent } from './new-ticket.component';

const CATEGORIES: CategoryResponse[] = [
  { id: 2, slug: 'technical', name: 'Technical', active: true, position: 0 },
  { id: 1, slug: 'general', name: 'General questions', active: true, position: 1 },
  { id: 6, slug: 'returns', name: 'Returns', active: true, position: 2 },
];

describe('NewTicketComponent', () => {
  let fixture: ComponentFixture<NewTicketComponent>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let router: Router;

  function fill(label: string, value: string): Promise<void> {
    return fillIn(loader, label, value);
  }

  async function category(): Promise<MatSelectHarness> {
    return loader.getHarness(MatSelectHarness.with({ selector: '[formControlName="category"]' }));
  }

  beforeEach(async () => {
    localStorage.clear();
    logInAs(CUSTOMER);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(NewTicketComponent);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  it('offers the categories from the API by position, and opens the ticket with the optional fields', async () => {
    http.expectOne('/api/categories').flush({ items: CATEGORIES });
    await fixture.whenStable();
    const select = await category();
    expect(await select.getValueText()).toBe('General questions');
    await select.open();
    expect(await Promise.all((await select.getOptions()).map((o) => o.getText()))).toEqual([
      'Technical',
      'General questions',
      'Returns',
    ]);
    await select.clickOptions({ text: 'Returns' });

    await fill('Subject', '  Parcel never arrived ');
    await fill('Description', 'Ordered two weeks ago.');
    await fill('Contact number (optional)', '+44 20 7183 8750');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Open ticket' }))).click();
    const request = http.expectOne('/api/tickets');
    expect(request.request.body).toEqual({
      subject: 'Parcel never arrived',
      description: 'Ordered two weeks ago.',
      priority: 'medium',
      category: 'returns',
      contactNumber: '+44 20 7183 8750',
    });
    request.flush(aTicket({ id: 9, number: 'TICK-20261122-0009' }));
    await fixture.whenStable();
    expect(router.navigate).toHaveBeenCalledWith(['/tickets', 9]);
  });

  it('puts an invalid contact number next to its field', async () => {
    http.expectOne('/api/categories').flush({ items: CATEGORIES });
    await fill('Subject', 'Call me');
    await fill('Description', 'Please.');
    await fill('Contact number (optional)', '12');
    await fill('Affected item (optional)', 'Router X200');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Open ticket' }))).click();
    const request = http.expectOne('/api/tickets');
    expect(request.request.body).toMatchObject({ contactNumber: '12', affectedItem: 'Router X200' });
    request.flush(
      {
        statusCode: 400,
        message: 'Invalid contact number',
        code: ErrorCode.InvalidContactNumber,
        errors: { contactNumber: ['Enter a phone number in international form, like +44 20 7183 8750'] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    const field = await formField(loader, 'Contact number (optional)');
    expect(await field.getTextErrors()).toEqual([
      'Enter a phone number in international form, like +44 20 7183 8750',
    ]);
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('uploads the attached files once the ticket exists, and names a refused one while opening the ticket', async () => {
    URL.createObjectURL = jest.fn(() => 'blob:thumbnail');
    URL.revokeObjectURL = jest.fn();
    http.expectOne('/api/categories').flush({ items: CATEGORIES });
    await fill('Subject', 'Printer error');
    await fill('Description', 'See the screenshots.');
    const input: HTMLInputElement = fixture.nativeElement.querySelector('[data-testid="attachment-input"]');
    const png = new File([new Uint8Array(10)], 'screenshot.png', { type: 'image/png' });
    const bmp = new File([new Uint8Array(10)], 'screenshot.bmp', { type: 'image/bmp' });
    Object.defineProperty(input, 'files', { value: [png, bmp] });
    input.dispatchEvent(new Event('change'));
    // Nothing is uploaded before the ticket exists.
    http.expectNone(() => true);

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Open ticket' }))).click();
    http.expectOne('/api/tickets').flush(aTicket({ id: 9, number: 'TICK-20261122-0009' }));
    const [first, second] = http.match('/api/tickets/9/attachments');
    first.flush(
      {
        items: [
          {
            id: 3,
            filename: 'screenshot.png',
            size: 10,
            contentType: 'image/png',
            createdAt: '2026-11-22T09:00:00.000Z',
            replyId: null,
            hasPreview: true,
            internal: false,
            uploadedBy: { id: CUSTOMER.id, name: CUSTOMER.name, email: CUSTOMER.email },
          },
        ],
      },
      { status: 201, statusText: 'Created' },
    );
    second.flush(
      { statusCode: 415, message: 'Refused' },
      { status: 415, statusText: 'Unsupported Media Type' },
    );
    await fixture.whenStable();

    expect(router.navigate).toHaveBeenCalledWith(['/tickets', 9]);
    const snackBar =
      await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness);
    expect(await snackBar.getMessage()).toBe(
      'Ticket TICK-20261122-0009 opened, but not every file was attached. ' +
        'screenshot.bmp: this file type is not accepted. Attach it to a reply on the ticket page.',
    );
  });

  it('offers the default categories when the list cannot be loaded', async () => {
    http.expectOne('/api/categories').flush({}, { status: 500, statusText: 'Error' });
    await fixture.whenStable();
    const select = await category();
    await select.open();
    expect(await Promise.all((await select.getOptions()).map((o) => o.getText()))).toEqual([
      'General',
      'Technical',
      'Billing',
      'Account',
      'Feature request',
    ]);
  });
});
