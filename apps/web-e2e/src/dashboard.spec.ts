import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { ADMIN, apiToken, checkPage, CUSTOMER, logIn, newSession } from './support';

test('an admin opens the dashboard from the navigation, reads the figures and downloads them as CSV', async ({
  browser,
  request,
}, testInfo) => {
  // A ticket opened today, besides the seeded ones, so that today has figures.
  const customerToken = await apiToken(request, CUSTOMER);
  const created = await request.post('/api/tickets', {
    headers: { authorization: `Bearer ${customerToken}` },
    data: { subject: `Counted today (${testInfo.project.name})`, description: 'A ticket for the figures.' },
  });
  expect(created.ok()).toBe(true);

  const { page } = await newSession(browser, testInfo);
  await logIn(page, ADMIN);
  const toggle = page.getByTestId('nav-toggle');
  if (await toggle.isVisible()) await toggle.click();
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();

  // The key figures of the last 30 days: at least today's ticket was created.
  const createdCard = page.getByTestId('kpi-created');
  await expect(createdCard).toBeVisible();
  expect(Number(await createdCard.locator('.kpi-value').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('kpi-first-response')).toBeVisible();
  await expect(page.getByTestId('kpi-sla-first-response')).toBeVisible();

  // The created-vs-resolved chart is drawn, and its data table (for screen readers) has the numbers.
  const chart = page.getByTestId('chart-volume');
  const canvas = chart.locator('canvas');
  await expect(canvas).toBeVisible();
  await expect
    .poll(() =>
      canvas.evaluate((element: HTMLCanvasElement) => {
        const context = element.getContext('2d');
        if (!context || !element.width) return 0;
        const pixels = context.getImageData(0, 0, element.width, element.height).data;
        let painted = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
        return painted;
      }),
    )
    .toBeGreaterThan(1000);
  const createdColumn = await chart.locator('tbody tr td:nth-child(2)').allTextContents();
  expect(createdColumn).toHaveLength(30);
  expect(createdColumn.map(Number).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
  await expect(page.getByTestId('agent-row').first()).toBeVisible();
  await checkPage(page, testInfo, 'dashboard');

  // The table instead of the chart, on request.
  await chart.getByRole('button', { name: 'Show data table' }).click();
  await expect(chart.getByRole('table')).toBeVisible();
  await expect(canvas).toBeHidden();

  // The summary as a CSV file.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^helpdesk-summary-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await file.path()) as string, 'utf8');
  const lines = csv.split('\r\n');
  expect(lines[0]).toMatch(/^period,start,end,created,resolved,closed,backlog,/);
  expect(lines.filter((line) => line.startsWith('day,'))).toHaveLength(30);
  expect(lines.find((line) => line.startsWith('total,'))).toBeTruthy();
});
