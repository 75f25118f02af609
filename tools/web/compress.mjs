#!/usr/bin/env node
/**
 * Pre-compresses a built web app, so the API's static server (`@fastify/static` with
 * `preCompressed: true`) sends Brotli or gzip without compressing on every request.
 *
 * Usage: `node tools/web/compress.mjs [dir]` (dir defaults to dist/apps/web/browser). For every file
 * under `dir` whose extension is in COMPRESSIBLE (text: js, css, html, svg, json, txt, ...; not woff2
 * or images, which are compressed already), writes `<file>.br` (Brotli, quality 11, text mode) and
 * `<file>.gz` (gzip, level 9) beside it, each only when smaller than the file itself (the server
 * then sends the original). Existing `.br`/`.gz` files are overwritten, never compressed again.
 * Prints one summary line (files, bytes before, after Brotli, after gzip). Exits 1 when `dir` does
 * not exist or a file cannot be read or written.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** Extensions worth compressing (lower case, with the dot). */
export const COMPRESSIBLE = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.webmanifest',
  '.txt',
  '.xml',
]);

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** All files under `dir`, recursively, as absolute paths. */
async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}

/**
 * Writes `<file>.br` and `<file>.gz` for one file (or removes a stale one when compression does not
 * shrink it). Returns the sizes in bytes: `{ raw, br, gz }`, where br/gz equal raw when not written.
 */
async function compressFile(file) {
  const data = await readFile(file);
  const [br, gz] = await Promise.all([
    brotli(data, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
    gzipAsync(data, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  const sizes = { raw: data.length, br: data.length, gz: data.length };
  for (const [ext, out, key] of [
    ['.br', br, 'br'],
    ['.gz', gz, 'gz'],
  ]) {
    if (out.length < data.length) {
      await writeFile(file + ext, out);
      sizes[key] = out.length;
    } else {
      await rm(file + ext, { force: true });
    }
  }
  return sizes;
}

/**
 * Compresses every compressible file under `dir` (see the file's comment), a few at a time.
 * Returns the totals in bytes: `{ files, raw, br, gz }`.
 * @throws when `dir` does not exist or a file cannot be read or written
 */
export async function compressDirectory(dir) {
  if (!existsSync(dir)) throw new Error(`${dir} does not exist: build the web app first`);
  const files = (await listFiles(dir)).filter((f) => COMPRESSIBLE.has(extname(f).toLowerCase()));
  const totals = { files: files.length, raw: 0, br: 0, gz: 0 };
  const queue = [...files];
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) {
      const sizes = await compressFile(file);
      totals.raw += sizes.raw;
      totals.br += sizes.br;
      totals.gz += sizes.gz;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  return totals;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const dir = resolve(process.argv[2] ?? join(root, 'dist/apps/web/browser'));
  try {
    const { files, raw, br, gz } = await compressDirectory(dir);
    const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
    console.log(`Compressed ${files} files in ${dir}: ${kb(raw)} -> ${kb(br)} Brotli, ${kb(gz)} gzip`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
