import { randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { compare, hash } from 'bcrypt';

import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * bcrypt hashing at the configured cost (`BCRYPT_ROUNDS`, 10 by default: about 90 ms a hash here).
 * Runs on libuv's thread pool, never blocking the event loop.
 */
@Injectable()
export class PasswordService {
  private dummyHash?: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Hashes a password (at most 72 bytes count, as for any bcrypt). */
  hash(password: string): Promise<string> {
    return hash(password, this.config.bcryptRounds);
  }

  /**
   * Checks a password against a hash. With no hash (unknown e-mail) it still runs one bcrypt
   * comparison against a dummy hash, so a wrong e-mail and a wrong password take about as long
   * (OWASP Authentication Cheat Sheet, "Authentication Responses").
   */
  async verify(password: string, passwordHash: string | null | undefined): Promise<boolean> {
    if (!passwordHash) {
      this.dummyHash ??= hash(randomBytes(16).toString('hex'), this.config.bcryptRounds);
      await compare(password, await this.dummyHash);
      return false;
    }
    return compare(password, passwordHash);
  }
}
