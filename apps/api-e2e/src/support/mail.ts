import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { SMTPServer } from 'smtp-server';

/** One e-mail as the SMTP sink received it, with its MIME parts decoded. */
export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[];
  subject: string;
  messageId: string;
  /** Every header, lower-cased names, unfolded. */
  headers: Record<string, string>;
  /** The text/plain part, decoded. */
  text: string;
  /** The text/html part, decoded. */
  html: string;
  raw: string;
}

/** A real SMTP server (the `smtp-server` package) on loopback that keeps what it receives. */
export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first received message that matches (already received or future). */
  next(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /**
   * Holds the next message after its DATA has arrived and before the server answers it: `started`
   * resolves once a message is held; `release()` lets the server accept it.
   */
  hold(): { started: Promise<void>; release(): void };
  close(): Promise<void>;
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function splitHeaders(block: string): { headers: Record<string, string>; body: string } {
  const at = block.indexOf('\r\n\r\n');
  const head = at < 0 ? block : block.slice(0, at);
  const body = at < 0 ? '' : block.slice(at + 4);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodePart(headers: Record<string, string>, body: string): string {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=` and `=?UTF-8?B?...?=`) in a header value. */
function decodeWords(value: string): string {
  return value.replace(
    /=\?([^?]+)\?([QB])\?([^?]*)\?=\s*/gi,
    (_m, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

/** Parses the RFC 822 source of a message as nodemailer writes it (single part or multipart/alternative). */
export function parseMail(raw: string, to: string[] = []): ReceivedMail {
  const { headers, body } = splitHeaders(raw.replace(/\r?\n/g, '\r\n'));
  const parts: Record<string, string> = {};
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitHeaders(chunk.replace(/^\r\n/, ''));
      const type = (part.headers['content-type'] ?? 'text/plain').split(';')[0].trim().toLowerCase();
      parts[type] = decodePart(part.headers, part.body.replace(/\r\n$/, '')).replace(/\r\n/g, '\n');
    }
  } else {
    parts[(headers['content-type'] ?? 'text/plain').split(';')[0].trim().toLowerCase()] = decodePart(
      headers,
      body,
    ).replace(/\r\n/g, '\n');
  }
  return {
    to,
    subject: decodeWords(headers['subject'] ?? ''),
    messageId: headers['message-id'] ?? '',
    headers,
    text: parts['text/plain'] ?? '',
    html: parts['text/html'] ?? '',
    raw,
  };
}

/** Starts an SMTP sink on `port` (0: any free port) on 127.0.0.1. */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const wakers = new Set<() => void>();
  let held: { started: () => void; released: Promise<void> } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const accept = (): void => {
          messages.push(
            parseMail(
              Buffer.concat(chunks).toString('utf8'),
              session.envelope.rcptTo.map((r) => r.address),
            ),
          );
          [...wakers].forEach((wake) => wake());
          callback();
        };
        const hold = held;
        held = null;
        if (hold) {
          hold.started();
          void hold.released.then(accept);
        } else {
          accept();
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    port: actualPort,
    messages,
    next: (match, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = messages.find(match);
          if (found) {
            wakers.delete(wake);
            clearTimeout(timer);
            resolve(found);
          }
          return !!found;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          wakers.delete(wake);
          reject(
            new Error(
              `no matching e-mail within ${timeoutMs} ms; got: ${messages.map((m) => `${m.to} ${m.subject}`).join(' | ')}`,
            ),
          );
        }, timeoutMs);
        wakers.add(wake);
        check();
      }),
    hold: () => {
      let started!: () => void;
      let release!: () => void;
      const startedPromise = new Promise<void>((resolve) => (started = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      held = { started, released };
      return { started: startedPromise, release };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The e-mail the API wrote as `.eml` files to `<dataDir>/mail` (no `SMTP_URL`), oldest first,
 * each parsed, with `to` read from its `To:` header.
 */
export function readMailbox(dataDir: string): ReceivedMail[] {
  const dir = join(dataDir, 'mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.eml'))
    .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]))
    .map((file) => {
      const mail = parseMail(readFileSync(join(dir, file), 'utf8'));
      return { ...mail, to: (mail.headers['to'] ?? '').split(',').map((to) => to.trim()) };
    });
}

/** Resolves with the first `.eml` e-mail in `<dataDir>/mail` that matches, polling until `timeoutMs`. */
export async function nextMailFile(
  dataDir: string,
  match: (mail: ReceivedMail) => boolean,
  timeoutMs = 15_000,
): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = readMailbox(dataDir).find(match);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `no matching e-mail within ${timeoutMs} ms; got: ${readMailbox(dataDir)
          .map((m) => `${m.to} ${m.subject}`)
          .join(' | ')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
