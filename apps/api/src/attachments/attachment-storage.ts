import { createHash, randomUUID } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Injection token of the {@link AttachmentStorage} in use. */
export const ATTACHMENT_STORAGE = Symbol('ATTACHMENT_STORAGE');

/** What {@link AttachmentStorage.put} stored. */
export interface StoredBlob {
  /** Where the bytes are (`ab/cd/<sha256>`), for {@link AttachmentStorage.get}. */
  key: string;
  /** Size in bytes. */
  size: number;
  /** SHA-256 of the bytes, lower-case hex. */
  sha256: string;
  /** False when the same bytes were stored already. */
  created: boolean;
  /**
   * This write of the blob, opaque: {@link AttachmentStorage.delete} with it deletes the blob only
   * if nobody has stored the same bytes again since (an upload rolled back must not take the blob
   * from under a concurrent upload of the same file).
   */
  version: string;
}

/** When {@link AttachmentStorage.delete} may delete; no condition: always. */
export interface DeleteCondition {
  /** Only this write of the blob (see {@link StoredBlob.version}). */
  version?: string;
  /** Only a blob last stored before this instant (a purge leaves what was just stored again alone). */
  unchangedSince?: Date;
}

/** Raised by {@link AttachmentStorage.put} when the content is longer than `maxBytes`; nothing is kept. */
export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError';
  constructor(public readonly maxBytes: number) {
    super(`content exceeds ${maxBytes} bytes`);
  }
}

/**
 * Where attachment bytes live, content-addressed by SHA-256: the same bytes stored twice are one
 * blob, so several `attachments` rows may share a key, and a blob may only be deleted when no row
 * refers to its hash any more (the caller's check). Derived objects (previews) sit beside a blob
 * under `<key>.<suffix>`.
 *
 * {@link LocalDiskAttachmentStorage} keeps them under `DATA_DIR/attachments`. An S3-compatible
 * backend (S3, MinIO, R2) would implement the same six methods and be bound to
 * {@link ATTACHMENT_STORAGE} in `AttachmentsModule` instead: `put` streams a multipart upload
 * (`@aws-sdk/lib-storage`'s `Upload`) to a temporary key while hashing and counting, aborts it past
 * `maxBytes`, then copies it to `ab/cd/<sha256>` unless a `HeadObject` finds that key already, and
 * deletes the temporary one; `get` is a `GetObject` body stream; `exists` a `HeadObject`; `delete`
 * a `DeleteObject` of the key and its derived objects; `deleteStaleTemp` deletes temporary keys
 * and aborts multipart uploads started before its cutoff. Nothing else in the API touches files.
 */
export interface AttachmentStorage {
  /**
   * Stores `content` while hashing it. Past `maxBytes` the write is abandoned, no partial file is
   * left, and {@link BlobTooLargeError} is thrown (errors of `content` itself are rethrown).
   */
  put(content: Readable, options: { maxBytes: number }): Promise<StoredBlob>;
  /**
   * The bytes of `key`, or of its derived object `suffix` (e.g. `preview`).
   * @throws Error with `code: 'ENOENT'` when there is no such object
   */
  get(key: string, suffix?: string): Promise<Readable>;
  /** Stores a small derived object (a preview) beside `key`, replacing an older one. */
  putDerived(key: string, suffix: string, content: Buffer): Promise<void>;
  /** Whether `key` (or its derived object `suffix`) exists. */
  exists(key: string, suffix?: string): Promise<boolean>;
  /**
   * Deletes `key` and its derived objects when `condition` holds; a missing object is not an error.
   * @returns whether the blob was deleted (false: the condition kept it, or it was missing)
   */
  delete(key: string, suffixes?: readonly string[], condition?: DeleteCondition): Promise<boolean>;
  /**
   * Deletes what writes left behind in the temporary area (a process that stopped in the middle of
   * an upload), last written before `before`; a write still going on is newer and stays.
   * @returns how many temporary files were deleted
   */
  deleteStaleTemp(before: Date): Promise<number>;
}

/** A write of a file on disk: its inode and modification time (a rename over it changes both). */
function versionOf(file: Stats): string {
  return `${file.ino}-${file.mtimeMs}`;
}

/** The keys this storage hands out: `ab/cd/<sha256>`. */
const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/;
const SUFFIX = /^[a-z]{1,16}$/;

/**
 * {@link AttachmentStorage} on the local disk, under `root` (`DATA_DIR/attachments`): each upload is
 * written to `root/tmp/<uuid>` while it is hashed and counted, then renamed to `root/ab/cd/<sha256>`
 * (one rename on one file system, so a blob is never seen half-written). The rename replaces a
 * file already there with the same bytes, so a blob stored again is always on disk, with a new
 * inode and modification time that conditional deletes compare.
 */
export class LocalDiskAttachmentStorage implements AttachmentStorage {
  /** Where uploads are written before they are complete. */
  public readonly tempDir: string;

  constructor(public readonly root: string) {
    this.tempDir = join(root, 'tmp');
  }

  async put(content: Readable, options: { maxBytes: number }): Promise<StoredBlob> {
    await mkdir(this.tempDir, { recursive: true });
    const temp = join(this.tempDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > options.maxBytes) return callback(new BlobTooLargeError(options.maxBytes));
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    // The file is created before any byte is read: pipeline() rejects as soon as a stream fails,
    // and a file still being opened on libuv's thread pool then would be created after its removal.
    const file = await open(temp, 'wx', 0o600);
    try {
      await pipeline(content, meter, file.createWriteStream());
    } catch (error) {
      // The stream has usually closed the handle already; a failure to close must not hide `error`.
      await file.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw error;
    }
    const sha256 = hash.digest('hex');
    const key = `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
    const target = this.path(key);
    const created = !(await this.exists(key));
    await mkdir(dirname(target), { recursive: true });
    await rename(temp, target);
    return { key, size, sha256, created, version: versionOf(await stat(target)) };
  }

  async get(key: string, suffix?: string): Promise<Readable> {
    // Opened first, so a missing file fails here (ENOENT) rather than in the middle of a response.
    const handle = await open(this.path(key, suffix), 'r');
    return handle.createReadStream({ autoClose: true });
  }

  async putDerived(key: string, suffix: string, content: Buffer): Promise<void> {
    const target = this.path(key, suffix);
    await mkdir(dirname(target), { recursive: true });
    const temp = join(this.tempDir, randomUUID());
    await mkdir(this.tempDir, { recursive: true });
    await writeFile(temp, content, { mode: 0o600 });
    await rename(temp, target);
  }

  async exists(key: string, suffix?: string): Promise<boolean> {
    try {
      return (await stat(this.path(key, suffix))).isFile();
    } catch {
      return false;
    }
  }

  async delete(
    key: string,
    suffixes: readonly string[] = [],
    condition: DeleteCondition = {},
  ): Promise<boolean> {
    const path = this.path(key);
    const derived = suffixes.map((suffix) => this.path(key, suffix));
    let found: Stats;
    try {
      found = await stat(path);
    } catch {
      await Promise.all(derived.map((file) => rm(file, { force: true })));
      return false;
    }
    if (condition.version !== undefined && versionOf(found) !== condition.version) return false;
    if (condition.unchangedSince && found.mtimeMs >= condition.unchangedSince.getTime()) return false;
    await Promise.all([path, ...derived].map((file) => rm(file, { force: true })));
    return true;
  }

  async deleteStaleTemp(before: Date): Promise<number> {
    let names: string[];
    try {
      names = await readdir(this.tempDir);
    } catch {
      return 0;
    }
    let deleted = 0;
    for (const name of names) {
      const path = join(this.tempDir, name);
      try {
        const found = await stat(path);
        if (!found.isFile() || found.mtimeMs >= before.getTime()) continue;
        await rm(path, { force: true });
        deleted++;
      } catch {
        // Renamed into place or deleted meanwhile: nothing left to sweep.
      }
    }
    return deleted;
  }

  /** The file of `key` (or its derived object); refuses anything but keys this storage made. */
  private path(key: string, suffix?: string): string {
    if (!KEY.test(key) || (suffix !== undefined && !SUFFIX.test(suffix)))
      throw new Error(`not an attachment storage key: ${key}`);
    return join(this.root, suffix ? `${key}.${suffix}` : key);
  }
}
