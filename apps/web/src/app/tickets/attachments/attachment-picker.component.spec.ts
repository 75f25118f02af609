import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpErrorResponse, HttpEventType } from '@angular/common/http';
import { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { Component, signal, viewChild } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';

import { type AttachmentResponse, type CreateReplyRequest, ErrorCode } from '@hd/shared/domain';

import { CUSTOMER, logInAs, testProviders } from '../../../testing/test-helpers';
import { ReplyBoxComponent } from '../ticket-detail/reply-box.component';
import { formatFileSize, uploadErrorMessage } from './attachment';
import { AttachmentPickerComponent } from './attachment-picker.component';

/** The stored file the API answers an upload of `file` with. */
function stored(id: number, file: File): AttachmentResponse {
  return {
    id,
    filename: file.name,
    size: file.size,
    contentType: file.type,
    createdAt: '2026-11-27T09:00:00.000Z',
    replyId: null,
    hasPreview: file.type.startsWith('image/'),
    internal: false,
    uploadedBy: { id: CUSTOMER.id, name: CUSTOMER.name, email: CUSTOMER.email },
  };
}

const PNG = new File([new Uint8Array(2048)], 'screenshot.png', { type: 'image/png' });
const BMP = new File([new Uint8Array(300)], 'screenshot.bmp', { type: 'image/bmp' });
const LOG = new File(['boot failed\n'], 'boot.log', { type: 'text/plain' });

/** Chooses `files` in the picker's file input, as the browser's chooser does. */
function choose(fixture: ComponentFixture<unknown>, ...files: File[]): void {
  const input: HTMLInputElement = fixture.nativeElement.querySelector('[data-testid="attachment-input"]');
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change'));
  fixture.detectChanges();
}

/** The file a multipart upload request carries in its `file` part. */
function uploaded(request: TestRequest): File {
  return (request.request.body as FormData).get('file') as File;
}

describe('formatFileSize()', () => {
  it('counts bytes, kB and MB in multiples of 1,024 with at most one decimal', () => {
    expect(formatFileSize(0)).toBe('0 B');
    expect(formatFileSize(1023)).toBe('1,023 B');
    expect(formatFileSize(2048)).toBe('2 kB');
    expect(formatFileSize(12_400)).toBe('12.1 kB');
    expect(formatFileSize(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatFileSize(3.5 * 1024 ** 3)).toBe('3.5 GB');
  });
});

describe('uploadErrorMessage()', () => {
  const refusal = (status: number, message?: string) =>
    new HttpErrorResponse({ status, error: message ? { statusCode: status, message } : null });

  it('names the file, and says a refused type is not accepted', () => {
    expect(uploadErrorMessage('screenshot.bmp', refusal(415, 'Unsupported Media Type'))).toBe(
      'screenshot.bmp: this file type is not accepted',
    );
  });

  it("passes on the server's limit for a file too large", () => {
    expect(uploadErrorMessage('video.zip', refusal(413, 'The file is larger than 10 MB'))).toBe(
      'video.zip: The file is larger than 10 MB',
    );
    expect(uploadErrorMessage('video.zip', refusal(413))).toBe('video.zip: this file is too large');
  });

  it('explains a lost connection', () => {
    expect(uploadErrorMessage('a.pdf', refusal(0))).toMatch(/^a\.pdf: Cannot reach the server/);
  });
});

@Component({
  imports: [AttachmentPickerComponent],
  template: `<hd-attachment-picker [ticketId]="ticketId()" [maxFiles]="2" />`,
})
class PickerHostComponent {
  public readonly ticketId = signal<number | null>(5);
  public readonly picker = viewChild.required(AttachmentPickerComponent);
}

describe('AttachmentPickerComponent', () => {
  let fixture: ComponentFixture<PickerHostComponent>;
  let http: HttpTestingController;
  let loader: HarnessLoader;
  let revoked: string[];

  const snackBar = async (): Promise<string> =>
    (await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness)).getMessage();
  const fileNames = (): string[] =>
    Array.from(fixture.nativeElement.querySelectorAll('[data-testid="picked-file"] .name')).map(
      (element) => (element as HTMLElement).textContent?.trim() ?? '',
    );

  beforeEach(async () => {
    revoked = [];
    let next = 0;
    URL.createObjectURL = jest.fn(() => `blob:thumbnail-${++next}`);
    URL.revokeObjectURL = jest.fn((url: string) => void revoked.push(url));
    logInAs(CUSTOMER);
    TestBed.configureTestingModule({ providers: testProviders() });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PickerHostComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  afterEach(() => http.verify());

  it('uploads a chosen file to the ticket at once, with a labelled progress bar, and keeps its id', async () => {
    choose(fixture, PNG);
    const request = http.expectOne('/api/tickets/5/attachments');
    expect(request.request.method).toBe('POST');
    expect(uploaded(request).name).toBe('screenshot.png');
    expect(request.request.reportProgress).toBe(true);

    request.event({ type: HttpEventType.UploadProgress, loaded: 512, total: 2048 });
    await fixture.whenStable();
    const bar = await loader.getHarness(MatProgressBarHarness);
    expect(await bar.getValue()).toBe(25);
    expect(await (await bar.host()).getAttribute('aria-label')).toBe('Uploading screenshot.png');
    expect(fixture.componentInstance.picker().uploading()).toBe(true);

    const thumbnail: HTMLImageElement = fixture.nativeElement.querySelector('img.thumbnail');
    expect(thumbnail.alt).toBe('screenshot.png');
    expect(thumbnail.getAttribute('src')).toBe('blob:thumbnail-1');
    expect(fixture.nativeElement.textContent).toContain('2 kB');

    request.flush({ items: [stored(12, PNG)] }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(await loader.getAllHarnesses(MatProgressBarHarness)).toEqual([]);
    expect(fixture.componentInstance.picker().uploading()).toBe(false);
    expect(fixture.componentInstance.picker().attachmentIds()).toEqual([12]);
  });

  it('names a refused file in a snackbar and drops it, keeping the others', async () => {
    choose(fixture, BMP, LOG);
    const [bmp, log] = http.match('/api/tickets/5/attachments');
    expect([uploaded(bmp).name, uploaded(log).name]).toEqual(['screenshot.bmp', 'boot.log']);
    bmp.flush(
      {
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'Not allowed',
        code: ErrorCode.AttachmentTypeRefused,
      },
      { status: 415, statusText: 'Unsupported Media Type' },
    );
    log.flush({ items: [stored(13, LOG)] }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(await snackBar()).toBe('screenshot.bmp: this file type is not accepted');
    expect(fileNames()).toEqual(['boot.log']);
    expect(fixture.componentInstance.picker().attachmentIds()).toEqual([13]);
  });

  it('tells which file is too large, with the limit the server names', async () => {
    choose(fixture, LOG);
    http.expectOne('/api/tickets/5/attachments').flush(
      {
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'Files may be at most 10 MB',
        code: ErrorCode.AttachmentTooLarge,
      },
      { status: 413, statusText: 'Payload Too Large' },
    );
    await fixture.whenStable();
    expect(await snackBar()).toBe('boot.log: Files may be at most 10 MB');
    expect(fileNames()).toEqual([]);
  });

  it('cancels the upload of a file removed before sending, and frees its thumbnail', async () => {
    choose(fixture, PNG);
    const request = http.expectOne('/api/tickets/5/attachments');
    await (
      await loader.getHarness(MatButtonHarness.with({ selector: '[aria-label="Remove screenshot.png"]' }))
    ).click();
    expect(request.cancelled).toBe(true);
    expect(fileNames()).toEqual([]);
    expect(document.activeElement?.textContent).toContain('Attach files');
    expect(revoked).toEqual(['blob:thumbnail-1']);
  });

  it('takes no more files than the form allows, naming those left out', async () => {
    choose(fixture, PNG);
    choose(fixture, LOG, BMP);
    const requests = http.match('/api/tickets/5/attachments');
    expect(requests.map(uploaded).map((file) => file.name)).toEqual(['screenshot.png', 'boot.log']);
    requests.forEach((request, i) => request.flush({ items: [stored(20 + i, uploaded(request))] }));
    await fixture.whenStable();
    expect(await snackBar()).toBe('screenshot.bmp: at most 2 files can be attached');
    expect(fileNames()).toEqual(['screenshot.png', 'boot.log']);
  });

  it('without a ticket, keeps the files until uploadAll() and reports each outcome', async () => {
    fixture.componentInstance.ticketId.set(null);
    fixture.detectChanges();
    choose(fixture, PNG, BMP);
    http.expectNone('/api/tickets/5/attachments');
    expect(fileNames()).toEqual(['screenshot.png', 'screenshot.bmp']);

    const outcomes = fixture.componentInstance.picker().uploadAll(9);
    const [png, bmp] = http.match('/api/tickets/9/attachments');
    png.flush({ items: [stored(21, PNG)] }, { status: 201, statusText: 'Created' });
    bmp.flush(
      { statusCode: 415, message: 'Not allowed' },
      { status: 415, statusText: 'Unsupported Media Type' },
    );
    expect(await outcomes).toEqual([
      { file: PNG, attachment: stored(21, PNG) },
      { file: BMP, error: 'screenshot.bmp: this file type is not accepted' },
    ]);
  });
});

@Component({
  imports: [ReplyBoxComponent],
  template: `<hd-reply-box [ticketId]="5" (send)="sent.push($event)" />`,
})
class ReplyHostComponent {
  public readonly sent: CreateReplyRequest[] = [];
}

describe('ReplyBoxComponent with files', () => {
  it('waits for the upload, then sends the reply with the ids of the files', async () => {
    URL.createObjectURL = jest.fn(() => 'blob:thumbnail');
    URL.revokeObjectURL = jest.fn();
    logInAs(CUSTOMER);
    TestBed.configureTestingModule({ providers: testProviders() });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(ReplyHostComponent);
    fixture.detectChanges();
    await fixture.whenStable();
    const loader = TestbedHarnessEnvironment.loader(fixture);

    await (await loader.getHarness(MatInputHarness)).setValue('Here is the error.');
    choose(fixture, PNG);
    const request = http.expectOne('/api/tickets/5/attachments');
    const send = await loader.getHarness(MatButtonHarness.with({ text: /Send reply/ }));
    expect(await send.isDisabled()).toBe(true);

    request.flush({ items: [stored(12, PNG)] }, { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(await send.isDisabled()).toBe(false);
    await send.click();
    expect(fixture.componentInstance.sent).toEqual([{ content: 'Here is the error.', attachmentIds: [12] }]);
    http.verify();
  });
});
