import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { AppConfig } from '../config/app-config';
import { InboundSpool } from './inbound-spool';

describe('InboundSpool.keepFailed', () => {
  let dataDir: string;
  let spool: InboundSpool;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'inbound-spool-'));
    spool = new InboundSpool({ dataDir } as AppConfig);
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('moves the message to mail/failed with its reason beside it, in full', async () => {
    const file = await spool.store(Buffer.from('this is not an e-mail at all\r\n'));
    const kept = await spool.keepFailed(file, 'no sender address');
    expect(kept).toBe(
      join(spool.failedDir, readdirSync(spool.failedDir).find((f) => f.endsWith('.eml')) ?? ''),
    );
    expect(readFileSync(kept, 'utf8')).toBe('this is not an e-mail at all\r\n');
    expect(readFileSync(`${kept}.reason.txt`, 'utf8')).toBe('no sender address\n');
    expect(await spool.pending()).toEqual([]);
  });

  it('leaves no reason behind when the message cannot be moved', async () => {
    const missing = join(spool.inboundDir, 'gone.eml');
    await expect(spool.keepFailed(missing, 'no sender address')).rejects.toThrow(/ENOENT/);
    expect(existsSync(spool.failedDir) ? readdirSync(spool.failedDir) : []).toEqual([]);
  });
});
