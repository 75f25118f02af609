import { expect, Locator, Page, test } from '@playwright/test';
import sharp from 'sharp';

import { AGENT, apiToken, checkPage, CUSTOMER, logIn, newSession } from './support';

/** A real PNG of `width` x `height` pixels: a blue field with a red band, like a small screenshot. */
async function screenshotPng(width: number, height: number): Promise<Buffer> {
  const band = await sharp({
    create: { width, height: Math.round(height / 4), channels: 3, background: { r: 200, g: 30, b: 30 } },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 110, b: 200 } } })
    .composite([{ input: band, top: 0, left: 0 }])
    .png()
    .toBuffer();
}

/** A 1 x 1 pixel Windows bitmap (BMP), a real image of a type the helpdesk does not accept. */
function bitmap(): Buffer {
  const file = Buffer.alloc(58);
  file.write('BM', 0, 'ascii');
  file.writeUInt32LE(58, 2); // file size
  file.writeUInt32LE(54, 10); // where the pixels start
  file.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  file.writeInt32LE(1, 18); // width
  file.writeInt32LE(1, 22); // height
  file.writeUInt16LE(1, 26); // planes
  file.writeUInt16LE(24, 28); // bits per pixel
  file.writeUInt32LE(4, 34); // pixel bytes, padded to 4
  file.writeInt32LE(2835, 38);
  file.writeInt32LE(2835, 42);
  file.writeUInt8(255, 54); // one blue pixel
  return file;
}

/** The file input behind the "Attach files" button of the form it is in. */
function fileInput(page: Page): Locator {
  return page.getByTestId('attachment-input');
}

/** The natural width of an image once loaded, in pixels. */
async function naturalWidth(image: Locator): Promise<number> {
  await expect(image).toHaveJSProperty('complete', true);
  return image.evaluate((element: HTMLImageElement) => element.naturalWidth);
}

test('a customer sends a screenshot with a reply, sees it in the thread and downloads it; the agent sees it too; a refused type is named', async ({
  browser,
  request,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const token = await apiToken(request, CUSTOMER);
  const opened = await request.post('/api/tickets', {
    headers: { Authorization: `Bearer ${token}` },
    data: { subject: `Printer shows an error (${run})`, description: 'A red banner on the display.' },
  });
  expect(opened.ok()).toBe(true);
  const ticketNumber = ((await opened.json()) as { number: string }).number;
  const png = await screenshotPng(800, 500);

  const customer = await newSession(browser, testInfo);
  const c = customer.page;
  await logIn(c, CUSTOMER);
  await c.goto(`/tickets/${ticketNumber}`);
  await expect(c.getByRole('button', { name: 'Attach files' })).toBeVisible();

  // A bitmap is refused: the snackbar names the file, and it does not stay in the reply box.
  await fileInput(c).setInputFiles({ name: 'screenshot.bmp', mimeType: 'image/bmp', buffer: bitmap() });
  await expect(c.getByText('screenshot.bmp: this file type is not accepted')).toBeVisible();
  await expect(c.getByTestId('picked-file')).toHaveCount(0);

  // The screenshot uploads as it is chosen, with a thumbnail named after it.
  await fileInput(c).setInputFiles({ name: 'screenshot.png', mimeType: 'image/png', buffer: png });
  const picked = c.getByTestId('picked-file');
  await expect(picked).toHaveCount(1);
  await expect(picked.getByRole('img', { name: 'screenshot.png' })).toBeVisible();
  await expect(picked.getByRole('progressbar')).toHaveCount(0);
  await expect(picked).toContainText(/\d+(\.\d)? kB/);
  await checkPage(c, testInfo, 'attachments-reply-box');

  const text = `Here is what the display shows (${run}).`;
  await c.getByLabel('Your reply').fill(text);
  await c.getByRole('button', { name: 'Send reply' }).click();
  await expect(c.getByText('Reply sent.')).toBeVisible();
  await expect(picked).toHaveCount(0);

  // In the thread: the reply with its file, previewed inline at most 320 px wide.
  const sent = c.getByTestId('reply').filter({ hasText: text });
  const preview = sent.getByRole('img', { name: 'screenshot.png' });
  await expect(preview).toBeVisible();
  expect(await naturalWidth(preview)).toBe(320);
  await checkPage(c, testInfo, 'attachments-thread-customer');

  // The file downloads as it was sent.
  const download = c.waitForEvent('download');
  await sent.getByRole('button', { name: 'Download screenshot.png' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('screenshot.png');
  const path = await file.path();
  expect((await sharp(path).metadata()).width).toBe(800);

  // The agent sees the same file with the reply.
  const agent = await newSession(browser, testInfo);
  const a = agent.page;
  await logIn(a, AGENT);
  await a.goto(`/tickets/${ticketNumber}`);
  const seen = a.getByTestId('reply').filter({ hasText: text });
  await expect(seen.getByRole('img', { name: 'screenshot.png' })).toBeVisible();
  await expect(seen.getByRole('button', { name: 'Download screenshot.png' })).toBeVisible();
  await checkPage(a, testInfo, 'attachments-thread-agent');

  await agent.context.close();
  await customer.context.close();
});

test('a customer opens a ticket with a file; it uploads once the ticket exists and is listed on the ticket', async ({
  browser,
}, testInfo) => {
  const run = `${testInfo.project.name}-${Date.now()}`;
  const customer = await newSession(browser, testInfo);
  const c = customer.page;
  await logIn(c, CUSTOMER);
  await c.goto('/tickets/new');
  await c.getByLabel('Subject').fill(`Scanner output is cut off (${run})`);
  await c.getByLabel('Description').fill('The right edge of every scan is missing.');
  await fileInput(c).setInputFiles({
    name: 'scan.png',
    mimeType: 'image/png',
    buffer: await screenshotPng(200, 120),
  });
  await expect(c.getByTestId('picked-file').getByRole('img', { name: 'scan.png' })).toBeVisible();
  await checkPage(c, testInfo, 'attachments-new-ticket');
  await c.getByRole('button', { name: 'Open ticket' }).click();

  await expect(c).toHaveURL(/\/tickets\/\d+$/);
  const files = c.getByRole('list', { name: 'Attachments of the ticket' });
  await expect(files.getByRole('button', { name: 'Download scan.png' })).toBeVisible();
  const preview = files.getByRole('img', { name: 'scan.png' });
  await expect(preview).toBeVisible();
  // Previews are never enlarged.
  expect(await naturalWidth(preview)).toBe(200);
  await checkPage(c, testInfo, 'attachments-ticket-files');

  await customer.context.close();
});
