import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { Inject, Injectable } from '@nestjs/common';

import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * Where inbound mail waits on disk: `DATA_DIR/mail/inbound/<time>-<uuid>.eml` from the moment it is
 * accepted (before the SMTP listener answers 250, before an IMAP message is marked seen) until it
 * has been processed, so a crash in between loses nothing: the files left are processed at the
 * next start. Messages that could not be processed move to `DATA_DIR/mail/failed` with a
 * `.reason.txt` beside them, for an operator to look at.
 */
@Injectable()
export class InboundSpool {
  /** `DATA_DIR/mail/inbound`. */
  public readonly inboundDir: string;
  /** `DATA_DIR/mail/failed`. */
  public readonly failedDir: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.inboundDir = join(config.dataDir, 'mail', 'inbound');
    this.failedDir = join(config.dataDir, 'mail', 'failed');
  }

  /**
   * Writes one raw message durably (written to a temporary name, flushed to disk, then renamed).
   * @returns the file's path
   * @throws the file system's error (the SMTP listener then answers 451: try again later)
   */
  async store(raw: Buffer): Promise<string> {
    mkdirSync(this.inboundDir, { recursive: true });
    const file = join(this.inboundDir, `${Date.now()}-${randomUUID()}.eml`);
    const handle = await open(`${file}.tmp`, 'w', 0o600);
    try {
      await handle.writeFile(raw);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(`${file}.tmp`, file);
    return file;
  }

  /** The messages waiting, oldest first. */
  async pending(): Promise<string[]> {
    mkdirSync(this.inboundDir, { recursive: true });
    const files = (await readdir(this.inboundDir)).filter((name) => name.endsWith('.eml')).sort();
    return files.map((name) => join(this.inboundDir, name));
  }

  /** The bytes of a spooled message. */
  read(file: string): Promise<Buffer> {
    return readFile(file);
  }

  /** Forgets a processed message. */
  async remove(file: string): Promise<void> {
    await unlink(file).catch(() => undefined);
  }

  /**
   * Moves a message that could not be processed to `DATA_DIR/mail/failed`, with why beside it
   * (`<name>.reason.txt`). The reason is written first: once the message shows in the folder, its
   * reason is there in full (written after the move, it could be read empty).
   * @returns the new path
   * @throws when the message cannot be moved (the reason written for it is removed again)
   */
  async keepFailed(file: string, reason: string): Promise<string> {
    mkdirSync(this.failedDir, { recursive: true });
    const target = join(this.failedDir, basename(file));
    const reasonFile = `${target}.reason.txt`;
    await writeFile(reasonFile, `${reason}\n`);
    try {
      await rename(file, target);
    } catch (error) {
      await unlink(reasonFile).catch(() => undefined);
      throw error;
    }
    return target;
  }
}
