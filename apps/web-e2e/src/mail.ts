import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { expect } from '@playwright/test';

import { E2E_DATA_DIR } from './e2e-env';

/** Undoes a MIME part's transfer encoding (quoted-printable or base64; 7bit/8bit as they are). */
function decodeBody(encoding: string, body: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const latin1 = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

/** The text of every part of a `.eml` message (headers dropped, bodies decoded), one after another. */
function decodedText(raw: string): string {
  return raw
    .split(/\r?\n--[^\r\n]+\r?\n/)
    .map((part) => {
      const [head, ...rest] = part.split(/\r?\n\r?\n/);
      const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(head)?.[1].toLowerCase() ?? '7bit';
      return decodeBody(encoding, rest.join('\n\n'));
    })
    .join('\n');
}

/**
 * Waits for the e-mail to `to` whose subject contains `subject` among the `.eml` files the API
 * writes to `<DATA_DIR>/mail` (the outbox worker sends within a second or two), and returns the
 * path and query of the first link to `/auth/reset` in it (the link's origin is the API's
 * `APP_URL`, not the test's base URL).
 */
export async function resetLinkFromMail(to: string, subject: string): Promise<string> {
  const dir = join(E2E_DATA_DIR, 'mail');
  let link: string | null = null;
  await expect
    .poll(
      () => {
        const files = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.eml')) : [];
        for (const file of files) {
          const raw = readFileSync(join(dir, file), 'utf8');
          // The header block, with folded lines unfolded.
          const headers = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
          if (!headers.includes(to) || !headers.includes(subject)) continue;
          const match = /https?:\/\/[^\s"<>]+(\/auth\/reset\?token=[\w%.~-]+(?:&invite=1)?)/.exec(
            decodedText(raw),
          );
          if (match) link = match[1];
        }
        return link;
      },
      { message: `an e-mail to ${to} about "${subject}"`, timeout: 20_000 },
    )
    .not.toBeNull();
  return link as unknown as string;
}
