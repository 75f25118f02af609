import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { BlobTooLargeError, LocalDiskAttachmentStorage } from './attachment-storage';

const read = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe('LocalDiskAttachmentStorage', () => {
  let root: string;
  let storage: LocalDiskAttachmentStorage;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hd-attachments-'));
    storage = new LocalDiskAttachmentStorage(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores bytes under ab/cd/<sha256> and keeps one copy of the same bytes', async () => {
    const bytes = Buffer.from('hello attachments');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const first = await storage.put(Readable.from([bytes]), { maxBytes: 100 });
    const second = await storage.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), {
      maxBytes: 100,
    });
    expect(first).toEqual({
      key: `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
      size: bytes.length,
      sha256,
      created: true,
      version: expect.any(String),
    });
    expect(second).toEqual({ ...first, created: false, version: expect.any(String) });
    expect(await read(await storage.get(first.key))).toEqual(bytes);
    expect(readdirSync(storage.tempDir)).toEqual([]);
  });

  it('refuses content over maxBytes and leaves no partial file', async () => {
    await expect(
      storage.put(Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), { maxBytes: 100 }),
    ).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(readdirSync(storage.tempDir)).toEqual([]);
    expect(readdirSync(root)).toEqual(['tmp']);
  });

  it('keeps derived objects beside a blob and deletes them with it', async () => {
    const { key } = await storage.put(Readable.from([Buffer.from('image')]), { maxBytes: 100 });
    await storage.putDerived(key, 'preview', Buffer.from('small'));
    expect(await storage.exists(key, 'preview')).toBe(true);
    await storage.delete(key, ['preview']);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.exists(key, 'preview')).toBe(false);
    await expect(storage.get(key)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('deletes only the write it was told of: an upload rolled back leaves a later upload of the same bytes alone', async () => {
    const bytes = Buffer.from('shared screenshot');
    const rolledBack = await storage.put(Readable.from([bytes]), { maxBytes: 100 });
    const concurrent = await storage.put(Readable.from([bytes]), { maxBytes: 100 });
    expect(concurrent.version).not.toBe(rolledBack.version);
    expect(await storage.delete(rolledBack.key, [], { version: rolledBack.version })).toBe(false);
    expect(await read(await storage.get(concurrent.key))).toEqual(bytes);
    expect(await storage.delete(concurrent.key, [], { version: concurrent.version })).toBe(true);
    expect(await storage.exists(concurrent.key)).toBe(false);
  });

  it('leaves a blob stored after unchangedSince (the purge does not take what is being uploaded again)', async () => {
    const before = new Date(Date.now() - 1000);
    const { key } = await storage.put(Readable.from([Buffer.from('again')]), { maxBytes: 100 });
    expect(await storage.delete(key, [], { unchangedSince: before })).toBe(false);
    expect(await storage.exists(key)).toBe(true);
    expect(await storage.delete(key, [], { unchangedSince: new Date(Date.now() + 1000) })).toBe(true);
    expect(await storage.delete(key)).toBe(false);
  });

  it('sweeps temporary files last written before the cutoff, leaving newer ones (an upload under way)', async () => {
    const cutoff = new Date('2026-11-26T09:00:00Z');
    mkdirSync(storage.tempDir, { recursive: true });
    writeFileSync(join(storage.tempDir, 'crashed'), 'half an upload');
    utimesSync(
      join(storage.tempDir, 'crashed'),
      new Date(cutoff.getTime() - 60_000),
      new Date(cutoff.getTime() - 60_000),
    );
    writeFileSync(join(storage.tempDir, 'in-flight'), 'an upload under way');
    utimesSync(join(storage.tempDir, 'in-flight'), cutoff, cutoff);
    expect(await storage.deleteStaleTemp(cutoff)).toBe(1);
    expect(readdirSync(storage.tempDir)).toEqual(['in-flight']);
    rmSync(storage.tempDir, { recursive: true });
    expect(await storage.deleteStaleTemp(cutoff)).toBe(0);
  });

  it('refuses keys it did not make (no path traversal)', async () => {
    await expect(storage.get('../../etc/passwd')).rejects.toThrow('not an attachment storage key');
    expect(await storage.exists('../x')).toBe(false);
  });
});
