import { AddressInfo, Socket } from 'node:net';

import hoodiecrow from 'hoodiecrow-imap';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import request from 'supertest';

import { ApiServer, DEMO, Session, login, startApi } from './support/api-server';
import { sql } from './support/database';

/**
 * The IMAP half of the inbound e-mail channel against a real IMAP server: `hoodiecrow-imap`, an
 * in-memory IMAP4rev1 server (with the MOVE and UIDPLUS extensions), runs in the test process and
 * the built API polls it through `imapflow` (`IMAP_URL`), as it would a provider's mailbox.
 */

const SUPPORT = 'support@example.com';
/** The mailbox account; the `@` in the user name is percent-encoded in `IMAP_URL`. */
const IMAP_USER = SUPPORT;
const IMAP_PASS = 'imap-secret';

/** A 1x1 transparent PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Builds the raw RFC 822 text of a mail with nodemailer's composer (CRLF line ends), as a mail client would. */
async function rfc822(mail: Mail.Options): Promise<string> {
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await composer.sendMail({ to: SUPPORT, date: new Date('2031-03-04T10:00:00Z'), ...mail });
  return (info.message as Buffer).toString('utf8');
}

/**
 * Resolves with `probe`'s first truthy result, asking it again every 50 ms (the IMAP job runs on
 * its own schedule, so the test polls for its effects rather than sleeping).
 * @throws after `timeoutMs`, naming `what` and showing the API's output
 */
async function eventually<T>(
  api: ApiServer,
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms\n${api.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An in-process IMAP server for one account, and how many polls (UID SEARCH commands) it has seen. */
interface ImapServer {
  server: hoodiecrow.HoodiecrowServer;
  port: number;
  /** `imap://support%40example.com:...@127.0.0.1:<port>/INBOX` */
  url: string;
  /** How many `UID SEARCH` commands clients sent (the poller sends one per poll). */
  searches(): number;
  /** The messages of `mailbox` with their flags, as the server holds them now. */
  messages(mailbox: string): Array<{ uid: number; flags: string[]; raw: string }>;
  close(): Promise<void>;
}

/**
 * Starts hoodiecrow on a free loopback port with the support account and `storage` (INBOX plus
 * personal folders), with MOVE and UIDPLUS as most providers offer them.
 * @param options.resetFirstSearch answer the first poll's `UID SEARCH` with a TCP reset
 */
function startImap(
  storage: Record<string, hoodiecrow.Folder>,
  options: { resetFirstSearch?: boolean } = {},
): Promise<ImapServer> {
  let searches = 0;
  const countSearches = (server: hoodiecrow.HoodiecrowServer): void => {
    const search = server.getCommandHandler('UID SEARCH');
    server.setCommandHandler('UID SEARCH', (connection, parsed, data, callback) => {
      searches++;
      // A provider's server dropping the connection (TCP reset) in the middle of a poll.
      if (options.resetFirstSearch && searches === 1) {
        (connection as { socket: Socket }).socket.resetAndDestroy();
        return callback();
      }
      search(connection, parsed, data, callback);
    });
  };
  const server = hoodiecrow({
    plugins: ['ENABLE', 'UIDPLUS', 'MOVE', countSearches],
    users: { [IMAP_USER]: { password: IMAP_PASS } },
    storage,
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.server.address() as AddressInfo).port;
      resolve({
        server,
        port,
        url: `imap://${encodeURIComponent(IMAP_USER)}:${encodeURIComponent(IMAP_PASS)}@127.0.0.1:${port}/INBOX`,
        searches: () => searches,
        messages: (mailbox) =>
          (server.getMailbox(mailbox)?.messages ?? []).map(({ uid, flags, raw }) => ({
            uid,
            flags: [...flags],
            raw,
          })),
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    }),
  );
}

/** Starts the built API polling `imap` every 100 ms (the scheduler looks for due jobs as often). */
function startPollingApi(imap: ImapServer, env: Record<string, string> = {}): Promise<ApiServer> {
  return startApi({
    IMAP_URL: imap.url,
    IMAP_POLL_INTERVAL: '100ms',
    JOBS_POLL_INTERVAL: '100ms',
    INBOUND_ADDRESS: SUPPORT,
    APP_URL: 'https://help.example.test',
    MAIL_FROM: 'Support Desk <desk@help.example.test>',
    ...env,
  });
}

/** A ticket of the list, as far as these tests read it. */
interface ListedTicket {
  id: number;
  subject: string;
}

/** The tickets an agent finds for `q` (GET /api/tickets). */
async function ticketsMatching(api: ApiServer, agent: Session, q: string): Promise<ListedTicket[]> {
  const res = await request(api.url)
    .get(`/api/tickets?q=${encodeURIComponent(q)}&pageSize=100`)
    .set('Authorization', agent.auth);
  expect(res.status).toBe(200);
  return res.body.items;
}

interface InboundRow {
  status: string;
  ticket_id: number | null;
  detail: string | null;
}

/** The `inbound_messages` row of a Message-ID, if processed. */
async function inboundRow(api: ApiServer, messageId: string): Promise<InboundRow | undefined> {
  const rows = await sql<InboundRow>(
    api.dataDir,
    "select status, ticket_id, detail from inbound_messages where message_id = ? and status <> 'processing'",
    [messageId],
  );
  return rows[0];
}

/** What one suite works with: the IMAP server, the API polling it, and an agent's session. */
interface PolledMailbox {
  imap: ImapServer;
  api: ApiServer;
  agent: Session;
}

/**
 * The set-up every suite here shares, as its `beforeAll`/`afterAll`: composes `mails`, puts them
 * in INBOX of a fresh IMAP server (with the personal `folders`), starts the API polling it and logs
 * the demo agent in; stops both afterwards.
 * @returns the suite's {@link PolledMailbox}, filled in once `beforeAll` has run
 */
function polledMailbox(
  mails: Mail.Options[],
  options: {
    folders?: Record<string, hoodiecrow.Folder>;
    resetFirstSearch?: boolean;
    env?: Record<string, string>;
  } = {},
): PolledMailbox {
  const world = {} as PolledMailbox;
  beforeAll(async () => {
    const raws = await Promise.all(mails.map((mail) => rfc822(mail)));
    world.imap = await startImap(
      {
        INBOX: { messages: raws.map((raw) => ({ raw })) },
        '': { separator: '/', folders: options.folders ?? {} },
      },
      { resetFirstSearch: options.resetFirstSearch },
    );
    world.api = await startPollingApi(world.imap, options.env);
    world.agent = await login(world.api.url, DEMO.agent);
  }, 60_000);
  afterAll(async () => {
    await world.api?.stop();
    await world.imap?.close();
  });
  return world;
}

/** A mail of the demo customer to the support address. */
function customerMail(
  subject: string,
  text: string,
  messageId: string,
  extra: Mail.Options = {},
): Mail.Options {
  return { from: `Casey Customer <${DEMO.customer.email}>`, subject, text, messageId, ...extra };
}

/** The ticket the poller opened with `subject`, once there (it must be the only one). */
async function openedTicket({ api, agent }: PolledMailbox, subject: string): Promise<ListedTicket> {
  const found = await eventually(api, `a ticket "${subject}"`, async () => {
    const tickets = await ticketsMatching(api, agent, subject);
    return tickets.length ? tickets : undefined;
  });
  expect(found).toEqual([expect.objectContaining({ subject })]);
  return found[0];
}

/** Resolves once two more polls have begun, so the first of them has finished (polls run one after another). */
async function twoMorePolls({ api, imap }: PolledMailbox): Promise<void> {
  const seen = imap.searches();
  await eventually(api, 'two more polls', () => imap.searches() >= seen + 2);
}

describe('Inbound e-mail by IMAP polling (real IMAP server, marks messages seen)', () => {
  const SUBJECT = 'Printer on floor 3 jams on every job';
  const CUSTOMER_ID = `<imap-customer-${process.pid}@client.example.org>`;
  const AUTO_REPLY_SUBJECT = 'Out of office: your request';
  const AUTO_REPLY_ID = `<imap-vacation-${process.pid}@client.example.org>`;
  const mailbox = polledMailbox([
    customerMail(SUBJECT, 'It jams on every job since this morning. Photo attached.', CUSTOMER_ID, {
      attachments: [{ filename: 'jam.png', content: PNG, contentType: 'image/png' }],
    }),
    {
      from: 'Vacation Robot <robot@client.example.org>',
      subject: AUTO_REPLY_SUBJECT,
      text: 'I am away until Monday.',
      messageId: AUTO_REPLY_ID,
      headers: { 'Auto-Submitted': 'auto-replied' },
    },
  ]);

  it("opens the customer's ticket, with the attachment, visible to agents over the REST API", async () => {
    const { api, agent } = mailbox;
    const ticket = await openedTicket(mailbox, SUBJECT);
    // The attachment is written in the ticket's own transaction: listed means it has its file.
    const detail = await request(api.url).get(`/api/tickets/${ticket.id}`).set('Authorization', agent.auth);
    expect(detail.status).toBe(200);
    expect(detail.body.description).toContain('It jams on every job since this morning.');
    expect(detail.body.attachments).toEqual([expect.objectContaining({ filename: 'jam.png' })]);
    const row = await eventually(api, 'the customer mail processed', () => inboundRow(api, CUSTOMER_ID));
    expect(row).toMatchObject({ status: 'ticket_created', ticket_id: ticket.id });
  });

  it('flags every fetched message \\Seen on the server and leaves it in INBOX', async () => {
    const { api, imap } = mailbox;
    const inbox = await eventually(api, 'both messages flagged \\Seen', () => {
      const messages = imap.messages('INBOX');
      return messages.every((message) => message.flags.includes('\\Seen')) && messages;
    });
    expect(inbox).toHaveLength(2);
  });

  it('takes the auto-reply off the mailbox without opening a ticket', async () => {
    const { api, agent } = mailbox;
    const row = await eventually(api, 'the auto-reply processed', () => inboundRow(api, AUTO_REPLY_ID));
    expect(row).toMatchObject({ status: 'ignored', ticket_id: null });
    expect(row.detail).toMatch(/Auto-Submitted: auto-replied/);
    expect(await ticketsMatching(api, agent, 'Out of office')).toEqual([]);
  });

  it('opens no second ticket at later polls', async () => {
    await twoMorePolls(mailbox);
    expect(await ticketsMatching(mailbox.api, mailbox.agent, SUBJECT)).toHaveLength(1);
  });

  it('opens no second ticket when the message is fetched again (flag lost before it was set)', async () => {
    const { api, agent, imap } = mailbox;
    const [ticket] = await ticketsMatching(api, agent, SUBJECT);
    // As if the poller had crashed between storing the message and flagging it: unseen again.
    const stored = imap.server
      .getMailbox('INBOX')
      ?.messages.find((message) => message.raw.includes(CUSTOMER_ID));
    if (!stored) throw new Error(`${CUSTOMER_ID} is not in INBOX`);
    stored.flags = stored.flags.filter((flag) => flag !== '\\Seen');
    await eventually(api, 'the message flagged \\Seen again', () =>
      imap
        .messages('INBOX')
        .find((message) => message.raw.includes(CUSTOMER_ID))
        ?.flags.includes('\\Seen'),
    );
    expect(await ticketsMatching(api, agent, SUBJECT)).toEqual([expect.objectContaining({ id: ticket.id })]);
  });
});

describe('Inbound e-mail by IMAP polling (real IMAP server, IMAP_MOVE_TO)', () => {
  const SUBJECT = 'Cannot log in to the billing portal';
  const MESSAGE_ID = `<imap-move-${process.pid}@client.example.org>`;
  const mailbox = polledMailbox(
    [customerMail(SUBJECT, 'The portal says my password is wrong.', MESSAGE_ID)],
    {
      folders: { Processed: {} },
      env: { IMAP_MOVE_TO: 'Processed' },
    },
  );

  it('opens the ticket and moves the message, flagged \\Seen, out of INBOX into IMAP_MOVE_TO', async () => {
    const { api, agent, imap } = mailbox;
    await openedTicket(mailbox, SUBJECT);
    const moved = await eventually(api, 'the message moved to Processed', () => {
      const messages = imap.messages('Processed');
      return messages.length > 0 && messages;
    });
    expect(moved).toEqual([expect.objectContaining({ flags: expect.arrayContaining(['\\Seen']) })]);
    expect(moved[0].raw).toContain(MESSAGE_ID);
    expect(imap.messages('INBOX')).toEqual([]);
    await twoMorePolls(mailbox);
    expect(await ticketsMatching(api, agent, SUBJECT)).toHaveLength(1);
  });
});

describe('Inbound e-mail by IMAP polling (real IMAP server that resets the connection)', () => {
  const SUBJECT = 'Invoice total looks wrong';
  const MESSAGE_ID = `<imap-reset-${process.pid}@client.example.org>`;
  const mailbox = polledMailbox([customerMail(SUBJECT, 'The invoice adds VAT twice.', MESSAGE_ID)], {
    resetFirstSearch: true,
  });

  // Without a listener on ImapFlow's 'error' event, the reset was an unhandled 'error' that ended
  // the API process; ImapPoller now logs it and the poll runs again at its next turn.
  it('survives the reset and takes the message at a later poll', async () => {
    const { api, imap } = mailbox;
    await eventually(api, 'the reset poll', () => imap.searches() >= 1);
    // A request to a process that died fails at once (ECONNREFUSED), ending the wait.
    await openedTicket(mailbox, SUBJECT);
    expect((await request(api.url).get('/api/health')).status).toBe(200);
  });
});
