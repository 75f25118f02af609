import { chromium, expect, test } from '@playwright/test';

import { serverOf } from './e2e-env';
import { AGENT } from './support';

/** A name for this machine as another computer on the LAN would use it (not localhost). */
const LAN_HOST = 'helpdesk.lan';

/**
 * A fresh install opened from another computer over plain HTTP (`http://<machine-name>:3000`):
 * the page must render and work. Chromium resolves the LAN name to this machine, so the browser
 * sees an ordinary non-local, non-HTTPS origin; an `upgrade-insecure-requests` policy or HSTS would
 * make it ask for the scripts over an HTTPS that does not exist and leave the page blank.
 */
test('the app works when opened over plain HTTP through a LAN host name', async ({
  baseURL: _baseURL,
}, testInfo) => {
  test.skip(serverOf(testInfo).size !== 'desktop', 'one browser size is enough for a transport check');
  const { port } = serverOf(testInfo);
  const launchOptions = testInfo.project.use.launchOptions ?? {};
  const browser = await chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    const failed: string[] = [];
    // A request the app itself cancels (a newer load replacing it) is not a transport failure.
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText !== 'net::ERR_ABORTED') failed.push(request.url());
    });

    const response = await page.goto(`http://${LAN_HOST}:${port}/auth/login`);
    expect(response?.headers()['strict-transport-security']).toBeUndefined();
    expect(response?.headers()['content-security-policy']).not.toContain('upgrade-insecure-requests');

    await page.getByLabel('E-mail').fill(AGENT.email);
    await page.getByLabel('Password').fill(AGENT.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(new RegExp(`^http://${LAN_HOST.replace('.', '\\.')}:${port}/queue`));
    await expect(page.getByRole('heading', { name: /queue/i })).toBeVisible();

    expect(requested.filter((url) => url.startsWith('https:'))).toEqual([]);
    expect(failed).toEqual([]);
  } finally {
    await browser.close();
  }
});
