import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { expect, test } from '@playwright/test';
import { simpleParser } from 'mailparser';

import { serverOf } from './e2e-env';

/** The path and query of the first link to `/auth/reset` in `text`, or `null`. */
function resetLinkIn(text: string): string | null {
  return /https?:\/\/[^\s"<>]+(\/auth\/reset\?token=[\w%.~-]+(?:&invite=1)?)/.exec(text)?.[1] ?? null;
}

/**
 * Waits for the e-mail to `to` whose subject contains `subject` among the `.eml` files the running
 * test's API writes to `<DATA_DIR>/mail` (the outbox worker sends within a second or two), and
 * returns the path and query of the first link to `/auth/reset` in it (the link's origin is the
 * API's `APP_URL`, not the test's base URL). Messages are parsed with `mailparser`.
 */
export async function resetLinkFromMail(to: string, subject: string): Promise<string> {
  const dir = join(serverOf(test.info()).dataDir, 'mail');
  let link: string | null = null;
  await expect
    .poll(
      async () => {
        const files = existsSync(dir) ? (await readdir(dir)).filter((file) => file.endsWith('.eml')) : [];
        for (const file of files) {
          const mail = await simpleParser(await readFile(join(dir, file)));
          const recipients = [mail.to ?? []].flat().map((address) => address.text);
          if (!recipients.some((text) => text.includes(to)) || !mail.subject?.includes(subject)) continue;
          link = resetLinkIn(mail.text ?? '') ?? resetLinkIn(typeof mail.html === 'string' ? mail.html : '');
          if (link) break;
        }
        return link;
      },
      { message: `an e-mail to ${to} about "${subject}"`, timeout: 20_000 },
    )
    .not.toBeNull();
  return link as unknown as string;
}
