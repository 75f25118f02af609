import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';
import request from 'supertest';

import { ApiServer, DEMO, Session, expectError, login, startApi } from './support/api-server';
import { sql } from './support/database';

/** Every file under `dir`, relative, recursively. */
function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

/** A response body read as bytes, or parsed when it is a JSON error (supertest leaves binary bodies unread). */
function binary(res: request.Response, callback: (error: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => {
    const body = Buffer.concat(chunks);
    const json = /^application\/json/.test(String(res.headers['content-type'] ?? ''));
    callback(null, json ? JSON.parse(body.toString('utf8')) : body);
  });
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);
// The DOS header of a Windows executable: `file-type` recognises it as application/x-msdownload.
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

describe('attachments (integration)', () => {
  let api: ApiServer;
  let customer: Session;
  let customer2: Session;
  let agent: Session;
  let admin: Session;
  let png: Buffer;
  const maxBytes = 64 * 1024;

  const newTicket = async (session: Session, subject = 'Printer on fire'): Promise<number> => {
    const res = await request(api.url)
      .post('/api/tickets')
      .set('Authorization', session.auth)
      .send({ subject, description: 'Smoke everywhere, see the attached photo.' });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const upload = (session: Session, ticketId: number | string) =>
    request(api.url).post(`/api/tickets/${ticketId}/attachments`).set('Authorization', session.auth);
  const download = (session: Session, id: number, path = '') =>
    request(api.url)
      .get(`/api/attachments/${id}${path}`)
      .set('Authorization', session.auth)
      .buffer(true)
      .parse(binary);
  const blobs = (): string[] =>
    filesUnder(join(api.dataDir, 'attachments')).filter((file) =>
      /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(file),
    );
  const tempFiles = (): string[] => filesUnder(join(api.dataDir, 'attachments', 'tmp'));

  beforeAll(async () => {
    api = await startApi({
      ATTACHMENT_MAX_BYTES: String(maxBytes),
      CLOCK_CONTROL: 'true',
      JOBS_POLL_INTERVAL: '200ms',
    });
    [customer, customer2, agent, admin] = await Promise.all([
      login(api.url, DEMO.customer),
      login(api.url, DEMO.customer2),
      login(api.url, DEMO.agent),
      login(api.url, DEMO.admin),
    ]);
    png = await sharp({ create: { width: 800, height: 400, channels: 3, background: '#3366cc' } })
      .png()
      .toBuffer();
  }, 30_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('stores PNG, PDF and text files with the type sniffed from their bytes', async () => {
    const ticket = await newTicket(customer);
    const res = await upload(customer, ticket)
      .attach('file', png, { filename: 'screenshot.png', contentType: 'image/png' })
      .attach('file', PDF, { filename: 'invoice.pdf', contentType: 'application/pdf' })
      .attach('file', Buffer.from('line one\nline two – ünïcode\n'), {
        filename: 'server.log',
        contentType: 'application/octet-stream',
      });
    expect(res.status).toBe(201);
    expect(res.body.items).toEqual([
      expect.objectContaining({
        filename: 'screenshot.png',
        contentType: 'image/png',
        size: png.length,
        replyId: null,
        hasPreview: true,
        internal: false,
      }),
      expect.objectContaining({
        filename: 'invoice.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
        hasPreview: false,
      }),
      expect.objectContaining({ filename: 'server.log', contentType: 'text/plain' }),
    ]);
    expect(res.body.items[0]).toEqual({
      id: expect.any(Number),
      filename: 'screenshot.png',
      size: png.length,
      contentType: 'image/png',
      createdAt: expect.any(String),
      replyId: null,
      hasPreview: true,
      internal: false,
      uploadedBy: { id: customer.id, name: expect.any(String) },
    });
  });

  it('trusts the bytes, not the claimed type: a PDF declared as image/png is stored as a PDF', async () => {
    const ticket = await newTicket(customer);
    const res = await upload(customer, ticket).attach('file', PDF, {
      filename: 'photo.png',
      contentType: 'image/png',
    });
    expect(res.status).toBe(201);
    expect(res.body.items[0]).toMatchObject({ contentType: 'application/pdf', hasPreview: false });
    const file = await download(customer, res.body.items[0].id);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('refuses an executable or HTML named .png, and keeps nothing of a refused upload', async () => {
    const ticket = await newTicket(customer);
    const before = blobs();
    for (const bytes of [EXE, HTML]) {
      const res = await upload(customer, ticket).attach('file', bytes, {
        filename: 'cute-cat.png',
        contentType: 'image/png',
      });
      expectError(res, 415, 'ATTACHMENT_TYPE_REFUSED');
    }
    // All or none: a good file next to a bad one is not kept either.
    const mixed = await upload(customer, ticket)
      .attach('file', Buffer.from('fresh bytes ' + Date.now()), { filename: 'notes.txt' })
      .attach('file', EXE, { filename: 'setup.txt' });
    expectError(mixed, 415, 'ATTACHMENT_TYPE_REFUSED');
    expect(blobs()).toEqual(before);
    expect(tempFiles()).toEqual([]);
    const detail = await request(api.url).get(`/api/tickets/${ticket}`).set('Authorization', customer.auth);
    expect(detail.body.attachments).toEqual([]);
  });

  it('refuses text that is not UTF-8 or holds NUL characters', async () => {
    const ticket = await newTicket(customer);
    expectError(
      await upload(customer, ticket).attach('file', Buffer.from([0x66, 0x6f, 0xff, 0xfe, 0x6f]), {
        filename: 'latin.txt',
      }),
      415,
      'ATTACHMENT_TYPE_REFUSED',
    );
    expectError(
      await upload(customer, ticket).attach('file', Buffer.from('a\0b'), {
        filename: 'nul.csv',
        contentType: 'text/csv',
      }),
      415,
      'ATTACHMENT_TYPE_REFUSED',
    );
    const csv = await upload(customer, ticket).attach('file', Buffer.from('id;name\n1;Zoë\n'), {
      filename: 'export.csv',
    });
    expect(csv.status).toBe(201);
    expect(csv.body.items[0].contentType).toBe('text/csv');
  });

  it('answers 413 with the limit for a file over ATTACHMENT_MAX_BYTES, and leaves no partial file', async () => {
    const ticket = await newTicket(customer);
    const before = blobs();
    const res = await upload(customer, ticket).attach('file', Buffer.alloc(maxBytes + 1, 'a'), {
      filename: 'big.txt',
    });
    const body = expectError(res, 413, 'ATTACHMENT_TOO_LARGE');
    expect(body['message']).toContain('64 KiB');
    expect(body['message']).toContain(String(maxBytes));
    expect(tempFiles()).toEqual([]);
    expect(blobs()).toEqual(before);
    // A body far over the limit still gets its answer (the rest is read and dropped, not reset).
    const huge = await upload(customer, ticket).attach('file', Buffer.alloc(3 * 1024 * 1024, 'c'), {
      filename: 'huge.txt',
    });
    expectError(huge, 413, 'ATTACHMENT_TOO_LARGE');
    expect(tempFiles()).toEqual([]);
    // Exactly at the limit is fine.
    const atLimit = await upload(customer, ticket).attach('file', Buffer.alloc(maxBytes, 'b'), {
      filename: 'exact.txt',
    });
    expect(atLimit.status).toBe(201);
  });

  it('answers 413 for more than 10 files, keeping none of them', async () => {
    const ticket = await newTicket(customer);
    const before = blobs();
    let req = upload(customer, ticket);
    for (let i = 0; i < 11; i++)
      req = req.attach('file', Buffer.from(`file ${i} of eleven`), { filename: `f${i}.txt` });
    expectError(await req, 413, 'TOO_MANY_ATTACHMENTS');
    expect(blobs()).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  it('answers 415 to a body that is not multipart, and 400 to a form without a file', async () => {
    const ticket = await newTicket(customer);
    expectError(await upload(customer, ticket).send({ file: 'aGVsbG8=' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    expectError(await upload(customer, ticket).field('comment', 'no file'), 400);
    // Other routes still refuse multipart bodies.
    expectError(
      await request(api.url)
        .post(`/api/tickets/${ticket}/replies`)
        .set('Authorization', customer.auth)
        .field('content', 'hi'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it("keeps customers out of each other's tickets and files (404, never 403)", async () => {
    const ticket = await newTicket(customer);
    const up = await upload(customer, ticket).attach('file', PDF, { filename: 'mine.pdf' });
    expect(up.status).toBe(201);
    const id = up.body.items[0].id;
    expectError(
      await upload(customer2, ticket).attach('file', PDF, { filename: 'intruder.pdf' }),
      404,
      'NOT_FOUND',
    );
    expectError(await download(customer2, id), 404, 'NOT_FOUND');
    expectError(await download(customer2, 999_999), 404, 'NOT_FOUND');
    expect((await download(agent, id)).status).toBe(200);
  });

  it('hides staff uploads from the customer until they are sent, and internal-note files for good', async () => {
    const ticket = await newTicket(customer);
    const noteFile = (await upload(agent, ticket).attach('file', PDF, { filename: 'internal-analysis.pdf' }))
      .body.items[0];
    const publicFile = (await upload(agent, ticket).attach('file', png, { filename: 'fix.png' })).body
      .items[0];
    expect(noteFile.internal).toBe(true);
    expectError(await download(customer, publicFile.id), 404);

    const note = await request(api.url)
      .post(`/api/tickets/${ticket}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Looks like a driver issue.', internal: true, attachmentIds: [noteFile.id] });
    expect(note.status).toBe(201);
    expect(note.body.attachments).toEqual([
      expect.objectContaining({ id: noteFile.id, replyId: note.body.id, internal: true }),
    ]);
    const reply = await request(api.url)
      .post(`/api/tickets/${ticket}/replies`)
      .set('Authorization', agent.auth)
      .send({ content: 'Here is the fix.', attachmentIds: [publicFile.id] });
    expect(reply.status).toBe(201);

    expectError(await download(customer, noteFile.id), 404, 'NOT_FOUND');
    expect((await download(customer, publicFile.id)).status).toBe(200);
    expect((await download(agent, noteFile.id)).status).toBe(200);

    const seen = await request(api.url).get(`/api/tickets/${ticket}`).set('Authorization', customer.auth);
    expect(seen.body.attachments.map((a: { id: number }) => a.id)).toEqual([publicFile.id]);
    expect(seen.body.replies).toEqual([
      expect.objectContaining({
        id: reply.body.id,
        attachments: [
          expect.objectContaining({ id: publicFile.id, replyId: reply.body.id, internal: false }),
        ],
      }),
    ]);
    const staffView = await request(api.url).get(`/api/tickets/${ticket}`).set('Authorization', agent.auth);
    expect(staffView.body.attachments.map((a: { id: number }) => a.id)).toEqual([noteFile.id, publicFile.id]);
    const thread = await request(api.url)
      .get(`/api/tickets/${ticket}/replies`)
      .set('Authorization', agent.auth);
    expect(
      thread.body.map((r: { attachments: Array<{ id: number }> }) => r.attachments.map((a) => a.id)),
    ).toEqual([[noteFile.id], [publicFile.id]]);
  });

  it("links a customer's uploads to their reply, and refuses ids that are not the caller's unsent uploads", async () => {
    const ticket = await newTicket(customer);
    const other = await newTicket(customer, 'Another one');
    const mine = (await upload(customer, ticket).attach('file', png, { filename: 'a.png' })).body.items[0];
    const onOther = (await upload(customer, other).attach('file', PDF, { filename: 'b.pdf' })).body.items[0];
    const agents = (await upload(agent, ticket).attach('file', PDF, { filename: 'c.pdf' })).body.items[0];

    for (const ids of [[onOther.id], [agents.id], [mine.id, 424_242]]) {
      const res = await request(api.url)
        .post(`/api/tickets/${ticket}/replies`)
        .set('Authorization', customer.auth)
        .send({ content: 'See attached', attachmentIds: ids });
      expectError(res, 400, 'INVALID_ATTACHMENT');
    }
    const thread = await request(api.url)
      .get(`/api/tickets/${ticket}/replies`)
      .set('Authorization', customer.auth);
    expect(thread.body).toEqual([]);

    const sent = await request(api.url)
      .post(`/api/tickets/${ticket}/replies`)
      .set('Authorization', customer.auth)
      .send({ content: 'See attached', attachmentIds: [mine.id] });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments).toEqual([expect.objectContaining({ id: mine.id, replyId: sent.body.id })]);
    // Sent once only.
    const again = await request(api.url)
      .post(`/api/tickets/${ticket}/replies`)
      .set('Authorization', customer.auth)
      .send({ content: 'Again', attachmentIds: [mine.id] });
    expectError(again, 400, 'INVALID_ATTACHMENT');
  });

  it('gives files named by a reply and a note sent at the same moment to exactly one of them; the other is refused whole', async () => {
    const rounds: Array<{ sender: () => Session; bodies: object[] }> = [
      {
        sender: () => agent,
        bodies: [
          { content: 'Here is the fix.' },
          { content: 'Analysis for the team.', internal: true },
          { content: 'The fix again.' },
        ],
      },
      {
        sender: () => customer,
        bodies: [{ content: 'Photos, first try' }, { content: 'Photos, double click' }],
      },
    ];
    for (const { sender, bodies } of rounds) {
      const ticket = await newTicket(customer);
      const up = await upload(sender(), ticket)
        .attach('file', PDF, { filename: 'report.pdf' })
        .attach('file', png, { filename: 'photo.png' });
      expect(up.status).toBe(201);
      const ids: number[] = up.body.items.map((file: { id: number }) => file.id);
      const results = await Promise.all(
        bodies.map((body) =>
          request(api.url)
            .post(`/api/tickets/${ticket}/replies`)
            .set('Authorization', sender().auth)
            .send({ ...body, attachmentIds: ids }),
        ),
      );
      const won = results.filter((res) => res.status === 201);
      expect(results.map((res) => res.status).sort()).toEqual([
        201,
        ...Array<number>(bodies.length - 1).fill(400),
      ]);
      for (const lost of results.filter((res) => res.status !== 201)) {
        const body = expectError(lost, 400, 'INVALID_ATTACHMENT');
        expect(body['message']).toContain('sent with a reply already');
      }
      const winner = won[0].body;
      expect(winner.attachments.map((file: { id: number }) => file.id)).toEqual(ids);
      // Nothing of the refused ones was written: the thread holds the winner alone, with both files.
      const thread = await request(api.url)
        .get(`/api/tickets/${ticket}/replies`)
        .set('Authorization', agent.auth);
      expect(thread.body).toEqual([
        expect.objectContaining({
          id: winner.id,
          content: winner.content,
          attachments: ids.map((id) =>
            expect.objectContaining({ id, replyId: winner.id, internal: winner.internal }),
          ),
        }),
      ]);
      const detail = await request(api.url).get(`/api/tickets/${ticket}`).set('Authorization', agent.auth);
      expect(detail.body.attachments.map((file: { replyId: number }) => file.replyId)).toEqual([
        winner.id,
        winner.id,
      ]);
    }
  });

  it('refuses uploads to a closed ticket like replies (400 TICKET_CLOSED)', async () => {
    const ticket = await newTicket(customer);
    const closed = await request(api.url)
      .patch(`/api/tickets/${ticket}/status`)
      .set('Authorization', agent.auth)
      .send({ status: 'closed' });
    expect(closed.status).toBe(200);
    expectError(
      await upload(customer, ticket).attach('file', PDF, { filename: 'late.pdf' }),
      400,
      'TICKET_CLOSED',
    );
    expectError(
      await upload(agent, ticket).attach('file', PDF, { filename: 'late.pdf' }),
      400,
      'TICKET_CLOSED',
    );
  });

  it('stores the same bytes once however often they are uploaded', async () => {
    const ticket = await newTicket(customer);
    const bytes = Buffer.from(`the same log, ${Date.now()}\n`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const first = await upload(customer, ticket).attach('file', bytes, { filename: 'one.log' });
    const second = await upload(agent, ticket).attach('file', bytes, { filename: 'two.log' });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(first.body.items[0].id).not.toBe(second.body.items[0].id);
    expect(blobs().filter((file) => file.endsWith(sha))).toEqual([
      `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`,
    ]);
  });

  it('sanitises file names and sends them back per RFC 6266 / RFC 5987', async () => {
    const ticket = await newTicket(customer);
    const long = `${'x'.repeat(300)}.txt`;
    const cases: Array<[string, Buffer, string]> = [
      ['Überweisung – März.pdf', PDF, 'Überweisung – März.pdf'],
      ['日本.png', png, '日本.png'],
      ['../../evil.png', png, 'evil.png'],
      ['a\u0000b.txt', Buffer.from('text'), 'ab.txt'],
      [long, Buffer.from('long name'), `${'x'.repeat(251)}.txt`],
    ];
    for (const [sent, bytes, stored] of cases) {
      const res = await upload(customer, ticket).attach('file', bytes, { filename: sent });
      expect({ sent, status: res.status }).toEqual({ sent, status: 201 });
      expect(res.body.items[0].filename).toBe(stored);
      const file = await download(customer, res.body.items[0].id);
      expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(stored)}`);
      // The ASCII fallback is plain printable ASCII.
      expect(file.headers['content-disposition']).toMatch(/filename="[\x20-\x7e]+"/);
    }
    const umlaut = await upload(customer, ticket).attach('file', PDF, { filename: 'Überweisung – März.pdf' });
    const header = (await download(customer, umlaut.body.items[0].id)).headers['content-disposition'];
    expect(header).toBe(
      `attachment; filename="Uberweisung _ Marz.pdf"; filename*=UTF-8''%C3%9Cberweisung%20%E2%80%93%20M%C3%A4rz.pdf`,
    );
  });

  it('downloads with safe headers, an ETag and 304 for a current copy; images inline', async () => {
    const ticket = await newTicket(customer);
    const up = await upload(customer, ticket)
      .attach('file', png, { filename: 'shot.png' })
      .attach('file', PDF, { filename: 'doc.pdf' });
    const [image, pdf] = up.body.items;
    const res = await download(customer, image.id);
    expect(res.status).toBe(200);
    expect(Buffer.compare(res.body, png)).toBe(0);
    const sha = createHash('sha256').update(png).digest('hex');
    expect(res.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(png.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      etag: `"${sha}"`,
      'cache-control': expect.stringMatching(/^private, max-age=\d+$/),
    });
    expect(res.headers['content-disposition']).toMatch(/^inline;/);
    expect((await download(customer, pdf.id)).headers['content-disposition']).toMatch(/^attachment;/);
    const cached = await download(customer, image.id).set('If-None-Match', `"${sha}"`);
    expect(cached.status).toBe(304);
    expect(cached.body.length).toBe(0);
    expect((await download(customer, image.id).set('If-None-Match', '"other"')).status).toBe(200);
  });

  it('serves a preview of an image, at most 320 px wide, and 404 for other files', async () => {
    const ticket = await newTicket(customer);
    const up = await upload(customer, ticket)
      .attach('file', png, { filename: 'wide.png' })
      .attach('file', PDF, { filename: 'doc.pdf' });
    const preview = await download(customer, up.body.items[0].id, '/preview');
    expect(preview.status).toBe(200);
    expect(preview.headers['content-type']).toMatch(/^image\/(webp|jpeg)$/);
    const meta = await sharp(preview.body).metadata();
    expect(meta.width).toBeLessThanOrEqual(320);
    expect(meta.width).toBe(320);
    expect(meta.height).toBe(160);
    expectError(await download(customer, up.body.items[1].id, '/preview'), 404, 'NOT_FOUND');
    expectError(await download(customer2, up.body.items[0].id, '/preview'), 404, 'NOT_FOUND');
  });

  it('answers 404 for the files of a deleted ticket', async () => {
    const ticket = await newTicket(customer);
    const up = await upload(customer, ticket).attach('file', PDF, { filename: 'gone.pdf' });
    expect(
      (await request(api.url).delete(`/api/tickets/${ticket}`).set('Authorization', admin.auth)).status,
    ).toBe(204);
    expectError(await download(customer, up.body.items[0].id), 404, 'NOT_FOUND');
    expectError(await download(agent, up.body.items[0].id), 404, 'NOT_FOUND');
  });

  it('accepts the bearer token of an API token with the tickets scopes', async () => {
    const created = await request(api.url)
      .post('/api/users/me/api-tokens')
      .set('Authorization', agent.auth)
      .send({ name: 'uploader', scopes: ['tickets:read', 'tickets:write'] });
    expect(created.status).toBe(201);
    const token = `Bearer ${created.body.token}`;
    const ticket = await newTicket(customer);
    const up = await request(api.url)
      .post(`/api/tickets/${ticket}/attachments`)
      .set('Authorization', token)
      .attach('file', PDF, { filename: 'via-token.pdf' });
    expect(up.status).toBe(201);
    const res = await request(api.url)
      .get(`/api/attachments/${up.body.items[0].id}`)
      .set('Authorization', token);
    expect(res.status).toBe(200);
  });

  it('purges uploads never sent after 30 days, and their blobs (the attachments.purge job)', async () => {
    const ticket = await newTicket(customer);
    const bytes = Buffer.from(`forgotten upload ${Date.now()}`);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const kept = Buffer.from(`sent upload ${Date.now()}`);
    const keptSha = createHash('sha256').update(kept).digest('hex');
    const forgotten = (await upload(customer, ticket).attach('file', bytes, { filename: 'forgotten.txt' }))
      .body.items[0];
    const sent = (await upload(customer, ticket).attach('file', kept, { filename: 'sent.txt' })).body
      .items[0];
    await request(api.url)
      .post(`/api/tickets/${ticket}/replies`)
      .set('Authorization', customer.auth)
      .send({ content: 'with a file', attachmentIds: [sent.id] })
      .expect(201);
    expect(blobs().some((file) => file.endsWith(sha))).toBe(true);

    await request(api.url)
      .put('/api/testing/clock')
      .send({ advanceMs: 31 * 24 * 3600_000 })
      .expect(200);
    const deadline = Date.now() + 15_000;
    while (blobs().some((file) => file.endsWith(sha)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(blobs().some((file) => file.endsWith(sha))).toBe(false);
    expect(blobs().some((file) => file.endsWith(keptSha))).toBe(true);
    // Tokens issued before the jump have expired on the moved clock.
    const staff = await login(api.url, DEMO.agent);
    expectError(await download(staff, forgotten.id), 404, 'NOT_FOUND');
    expect((await download(staff, sent.id)).status).toBe(200);
  });
  it('deletes the temporary files of uploads a crash left behind once they are an hour old, not newer ones (the attachments.purge job)', async () => {
    const tmp = join(api.dataDir, 'attachments', 'tmp');
    mkdirSync(tmp, { recursive: true });
    const now = Date.parse((await request(api.url).get('/api/testing/clock').expect(200)).body.now);
    // A day and an hour on: the daily job is due again, whenever it last ran.
    const jump = 25 * 3600_000;
    const at = (ms: number) => new Date(now + jump + ms);
    const crashed = join(tmp, 'crashed-upload');
    const underWay = join(tmp, 'upload-under-way');
    writeFileSync(crashed, 'half of an upload that a crash interrupted');
    utimesSync(crashed, at(-2 * 3600_000), at(-2 * 3600_000));
    writeFileSync(underWay, 'an upload still streaming in');
    utimesSync(underWay, at(-10 * 60_000), at(-10 * 60_000));
    const lastRun = async () =>
      (
        await sql<{ last_success_at: unknown }>(
          api.dataDir,
          "select last_success_at from job_leases where name = 'attachments.purge'",
        )
      )[0]?.last_success_at;
    const before = await lastRun();

    await request(api.url).put('/api/testing/clock').send({ advanceMs: jump }).expect(200);
    const deadline = Date.now() + 15_000;
    while ((await lastRun()) === before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await lastRun()).not.toBe(before);
    expect(existsSync(crashed)).toBe(false);
    expect(existsSync(underWay)).toBe(true);
    rmSync(underWay);
  });
});
