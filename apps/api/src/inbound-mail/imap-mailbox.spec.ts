import { IMAP_BATCH_SIZE, ImapClient, imapTarget, pollMailbox } from './imap-mailbox';

/**
 * The order of the poll's commands, against a scripted client that records them (the whole poll
 * against a real IMAP server is in the API's `inbound-imap` integration test).
 */
class ScriptedImap implements ImapClient {
  public readonly calls: string[] = [];

  constructor(
    private readonly unseen: Array<{ uid: number; source?: Buffer }>,
    private readonly failOn?: string,
  ) {}

  async connect(): Promise<void> {
    this.calls.push('connect');
  }

  async getMailboxLock(path: string): Promise<{ release(): void }> {
    this.calls.push(`lock ${path}`);
    return { release: () => this.calls.push('release') };
  }

  async search(): Promise<number[] | false> {
    this.calls.push('search unseen');
    return this.unseen.length ? this.unseen.map((message) => message.uid) : false;
  }

  async *fetch(range: number[]): AsyncIterable<{ uid: number; source?: Buffer }> {
    this.calls.push(`fetch ${range.length === this.unseen.length ? 'all' : range.length}`);
    for (const message of this.unseen) if (range.includes(message.uid)) yield message;
  }

  async messageFlagsAdd(range: number[], flags: string[]): Promise<boolean> {
    this.calls.push(`flag ${range.join(',')} ${flags.join(' ')}`);
    return true;
  }

  async messageMove(range: number[], destination: string): Promise<unknown> {
    this.calls.push(`move ${range.join(',')} ${destination}`);
    return true;
  }

  async logout(): Promise<void> {
    this.calls.push('logout');
  }
}

describe('ImapPoller', () => {
  describe('imapTarget()', () => {
    it('reads host, port, TLS, decoded credentials and mailbox from IMAP_URL', () => {
      expect(imapTarget('imaps://help%40example.com:s%3Acret@imap.example.com/Support%20Inbox')).toEqual({
        host: 'imap.example.com',
        port: 993,
        secure: true,
        user: 'help@example.com',
        pass: 's:cret',
        mailbox: 'Support Inbox',
      });
      expect(imapTarget('imap://u:p@localhost:1143')).toMatchObject({
        port: 1143,
        secure: false,
        mailbox: 'INBOX',
      });
    });

    it('refuses another scheme and a URL without a user', () => {
      expect(() => imapTarget('pop3://u:p@host')).toThrow(/unsupported scheme/);
      expect(() => imapTarget('imaps://host/INBOX')).toThrow(/needs a user/);
    });
  });

  describe('pollMailbox()', () => {
    it('accepts every unseen message, then marks them seen and moves them, inside the mailbox lock', async () => {
      const client = new ScriptedImap([
        { uid: 11, source: Buffer.from('Subject: one\r\n\r\n1') },
        { uid: 12, source: Buffer.from('Subject: two\r\n\r\n2') },
      ]);
      const accepted: string[] = [];
      const count = await pollMailbox(client, 'INBOX', 'Processed', async (raw) => {
        accepted.push(raw.toString());
        client.calls.push('accept');
      });
      expect(count).toBe(2);
      expect(accepted).toEqual(['Subject: one\r\n\r\n1', 'Subject: two\r\n\r\n2']);
      expect(client.calls).toEqual([
        'connect',
        'lock INBOX',
        'search unseen',
        'fetch all',
        'accept',
        'accept',
        'flag 11,12 \\Seen',
        'move 11,12 Processed',
        'release',
        'logout',
      ]);
    });

    it('does not fetch when nothing is unseen', async () => {
      const client = new ScriptedImap([]);
      expect(await pollMailbox(client, 'INBOX', 'Processed', async () => undefined)).toBe(0);
      expect(client.calls).toEqual(['connect', 'lock INBOX', 'search unseen', 'release', 'logout']);
    });

    it('leaves the messages unseen when storing one fails, so the next poll takes them again', async () => {
      const client = new ScriptedImap([{ uid: 5, source: Buffer.from('x') }]);
      await expect(
        pollMailbox(client, 'INBOX', '', async () => {
          throw new Error('disk full');
        }),
      ).rejects.toThrow('disk full');
      expect(client.calls).toEqual([
        'connect',
        'lock INBOX',
        'search unseen',
        'fetch all',
        'release',
        'logout',
      ]);
    });

    it('only marks seen without IMAP_MOVE_TO, and takes at most one batch per poll', async () => {
      const many = Array.from({ length: IMAP_BATCH_SIZE + 5 }, (_, i) => ({
        uid: i + 1,
        source: Buffer.from('x'),
      }));
      const client = new ScriptedImap(many);
      expect(await pollMailbox(client, 'INBOX', '', async () => undefined)).toBe(IMAP_BATCH_SIZE);
      // Only the batch's sources are downloaded, not the whole backlog.
      expect(client.calls).toContain(`fetch ${IMAP_BATCH_SIZE}`);
      expect(client.calls.filter((call) => call.startsWith('move'))).toEqual([]);
      expect(client.calls.filter((call) => call.startsWith('flag'))).toHaveLength(1);
    });
  });
});
