/**
 * The IMAP half of inbound mail that needs no Nest: reading `IMAP_URL` and one poll of a mailbox
 * against any client with `ImapFlow`'s methods.
 */

/** How to reach the mailbox of `IMAP_URL`. */
export interface ImapTarget {
  host: string;
  port: number;
  /** TLS from the start (`imaps://`, port 993 by default); `imap://` is port 143 and upgrades with STARTTLS when offered. */
  secure: boolean;
  user: string;
  pass: string;
  /** The mailbox to poll (the URL's path, decoded; `INBOX` when it has none). */
  mailbox: string;
}

/** The part of an `ImapFlow` client that {@link pollMailbox} uses (so tests can hand a fake one). */
export interface ImapClient {
  connect(): Promise<void>;
  getMailboxLock(path: string): Promise<{ release(): void }>;
  search(query: { seen: false }, options: { uid: true }): Promise<number[] | false>;
  fetch(
    range: number[],
    query: { uid: true; source: true },
    options: { uid: true },
  ): AsyncIterable<{ uid: number; source?: Buffer }>;
  messageFlagsAdd(range: number[], flags: string[], options: { uid: true }): Promise<boolean>;
  messageMove(range: number[], destination: string, options: { uid: true }): Promise<unknown>;
  logout(): Promise<void>;
}

/** Most messages one poll takes (the rest wait for the next poll). */
export const IMAP_BATCH_SIZE = 50;

/**
 * `imaps://user:pass@host:993/INBOX` (or `imap://...`) as connection settings; user and password
 * are percent-decoded, so `%40` in a user name is `@`.
 * @throws Error for another scheme or a URL without a user
 */
export function imapTarget(url: string): ImapTarget {
  const parsed = new URL(url);
  const scheme = parsed.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'imap' && scheme !== 'imaps') throw new Error(`IMAP_URL: unsupported scheme ${scheme}`);
  if (!parsed.username) throw new Error('IMAP_URL: needs a user (imaps://user:pass@host/INBOX)');
  const secure = scheme === 'imaps';
  const mailbox = decodeURIComponent(parsed.pathname.replace(/^\/+/, '')) || 'INBOX';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    pass: decodeURIComponent(parsed.password),
    mailbox,
  };
}

/**
 * One poll of a mailbox: takes the {@link IMAP_BATCH_SIZE} oldest unseen messages, hands each raw
 * message to `accept` (which stores it durably), then marks them `\Seen`, and moves them to
 * `moveTo` when given. A message is flagged only after `accept` resolved for it, so a crash in
 * between fetches it again at the next poll (the pipeline drops the duplicate by Message-ID).
 * @returns how many messages were accepted
 * @throws the IMAP client's errors (the job is retried at its next turn)
 */
export async function pollMailbox(
  client: ImapClient,
  mailbox: string,
  moveTo: string,
  accept: (raw: Buffer) => Promise<void>,
): Promise<number> {
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      // The unseen UIDs first (UID SEARCH), then only the oldest batch's sources (UID FETCH): a
      // backlog of thousands is not downloaded on every poll.
      const unseen = (await client.search({ seen: false }, { uid: true })) || [];
      const batch = [...unseen].sort((a, b) => a - b).slice(0, IMAP_BATCH_SIZE);
      if (!batch.length) return 0;
      const messages: Array<{ uid: number; source: Buffer }> = [];
      // No other command may run while a FETCH streams: collect first, then act.
      for await (const message of client.fetch(batch, { uid: true, source: true }, { uid: true })) {
        if (message.source) messages.push({ uid: message.uid, source: message.source });
      }
      const accepted: number[] = [];
      for (const message of messages) {
        await accept(message.source);
        accepted.push(message.uid);
      }
      if (accepted.length) {
        await client.messageFlagsAdd(accepted, ['\\Seen'], { uid: true });
        if (moveTo) await client.messageMove(accepted, moveTo, { uid: true });
      }
      return accepted.length;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}
