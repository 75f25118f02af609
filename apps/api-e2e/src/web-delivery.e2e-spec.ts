import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';

import { ApiServer, startApi } from './support/api-server';

const IMMUTABLE = 'public, max-age=31536000, immutable';
const INDEX =
  '<!doctype html><html><head><title>Helpdesk</title></head><body><hd-root></hd-root></body></html>';
const SCRIPT = `console.log(${JSON.stringify('a hashed chunk '.repeat(40))});`;

/** One answer as it came over the wire: the body is not decompressed. */
interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with exactly these headers (no `Accept-Encoding` unless given), the body left as sent. */
function get(url: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes `name` and, like `tools/web/compress.mjs`, its `.br` and `.gz` siblings. */
function writeWithCompressed(dir: string, name: string, content: string): void {
  writeFileSync(join(dir, name), content);
  writeFileSync(join(dir, `${name}.br`), brotliCompressSync(content));
  writeFileSync(join(dir, `${name}.gz`), gzipSync(content));
}

describe('Web app delivery: pre-compressed files and caching', () => {
  let api: ApiServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'helpdesk-web-delivery-'));
    writeWithCompressed(webDir, 'index.html', INDEX);
    writeWithCompressed(webDir, 'main-ABCDEFGH.js', SCRIPT);
    writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    mkdirSync(join(webDir, 'media'));
    writeFileSync(join(webDir, 'media', 'roboto-latin-400-normal-QRSTUVWX.woff2'), Buffer.alloc(64, 7));
    api = await startApi({ WEB_DIR: webDir, SEED: 'false' });
  });
  afterAll(async () => {
    await api.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('sends a hashed script as Brotli to a client that accepts br, cached immutably', async () => {
    const res = await get(api.url, '/main-ABCDEFGH.js', { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(SCRIPT.length);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('prefers Brotli when a browser accepts gzip, deflate and br', async () => {
    const res = await get(api.url, '/main-ABCDEFGH.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.headers['content-encoding']).toBe('br');
  });

  it('sends gzip to a client that accepts only gzip, cached immutably', async () => {
    const res = await get(api.url, '/main-ABCDEFGH.js', { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(gunzipSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends the file as is without Accept-Encoding, still cached immutably and varying on it', async () => {
    const res = await get(api.url, '/main-ABCDEFGH.js');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.body.toString()).toBe(SCRIPT);
  });

  it('answers a repeated request with its ETag with 304', async () => {
    const first = await get(api.url, '/main-ABCDEFGH.js', { 'accept-encoding': 'br' });
    expect(first.headers['etag']).toBeDefined();
    const again = await get(api.url, '/main-ABCDEFGH.js', {
      'accept-encoding': 'br',
      'if-none-match': String(first.headers['etag']),
    });
    expect(again.status).toBe(304);
  });

  it('caches hashed fonts immutably and sends them as they are (woff2 is compressed already)', async () => {
    const res = await get(api.url, '/media/roboto-latin-400-normal-QRSTUVWX.woff2', {
      'accept-encoding': 'br',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['content-type']).toBe('font/woff2');
    expect(res.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('makes browsers revalidate index.html and files without a hash in their name', async () => {
    const index = await get(api.url, '/', { 'accept-encoding': 'br' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-encoding']).toBe('br');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(index.body).toString()).toBe(INDEX);

    const direct = await get(api.url, '/index.html', { 'accept-encoding': 'gzip' });
    expect(direct.headers['content-encoding']).toBe('gzip');
    expect(direct.headers['cache-control']).toBe('no-cache');

    const favicon = await get(api.url, '/favicon.svg');
    expect(favicon.status).toBe(200);
    expect(favicon.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for a deep link, compressed and never cached unchecked', async () => {
    const res = await get(api.url, '/tickets/42?tab=thread', { 'accept-encoding': 'gzip, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.body).toString()).toBe(INDEX);

    const plain = await get(api.url, '/auth/login');
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(INDEX);
  });

  it.each(['/chunk-ZZZZZZZZ.js', '/main-ABCDEFGH.js.br', '/index.html.gz', '/api/nothing-here'])(
    'answers %s with a JSON 404, not the app',
    async (path) => {
      const res = await get(api.url, path, { 'accept-encoding': 'br' });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(res.body.toString())).toMatchObject({
        statusCode: 404,
        error: 'Not Found',
        message: expect.any(String),
        code: 'NOT_FOUND',
      });
    },
  );
});

describe('Web app delivery: a build with prerendered pages', () => {
  const SHELL =
    '<!doctype html><html><head><title>Helpdesk</title></head><body><hd-root>shell</hd-root></body></html>';
  const LOGIN =
    '<!doctype html><html><head><title>Log in · Helpdesk</title></head><body><hd-root ng-server-context="ssg"><h1>Log in</h1></hd-root></body></html>';
  // The root page, prerendered too (the shell is then index.csr.html).
  const HOME = '<!doctype html><html><head><title>Helpdesk</title></head><body>home</body></html>';
  let api: ApiServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'helpdesk-web-prerendered-'));
    writeWithCompressed(webDir, 'index.csr.html', SHELL);
    writeWithCompressed(webDir, 'index.html', HOME);
    mkdirSync(join(webDir, 'auth', 'login'), { recursive: true });
    writeWithCompressed(join(webDir, 'auth', 'login'), 'index.html', LOGIN);
    writeWithCompressed(webDir, 'main-ABCDEFGH.js', SCRIPT);
    api = await startApi({ WEB_DIR: webDir, SEED: 'false' });
  });
  afterAll(async () => {
    await api.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  it.each(['/auth/login', '/auth/login/', '/auth/login?returnUrl=%2Ftickets'])(
    'answers %s with the prerendered page, compressed and revalidated',
    async (path) => {
      const res = await get(api.url, path, { 'accept-encoding': 'br' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(res.body).toString()).toBe(LOGIN);
    },
  );

  it.each(['/tickets/42', '/auth/register', '/auth'])(
    'answers %s (not prerendered) with the client-rendered shell',
    async (path) => {
      const res = await get(api.url, path, { 'accept-encoding': 'gzip' });
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(gunzipSync(res.body).toString()).toBe(SHELL);
    },
  );

  it('answers / with the prerendered root page, and serves the build files under their own names', async () => {
    expect((await get(api.url, '/')).body.toString()).toBe(HOME);
    expect((await get(api.url, '/?tab=open')).body.toString()).toBe(HOME);
    expect((await get(api.url, '/main-ABCDEFGH.js')).headers['cache-control']).toBe(IMMUTABLE);
    expect((await get(api.url, '/auth/login/index.html')).body.toString()).toBe(LOGIN);
    expect((await get(api.url, '/index.csr.html')).body.toString()).toBe(SHELL);
    // One trailing slash is the page's path still (as Angular's router reads it); two are not.
    expect((await get(api.url, '/auth/login//')).body.toString()).toBe(SHELL);
  });
});
