#!/usr/bin/env node
/**
 * Lets the pages most visits start on fetch all their code in one wave.
 *
 * A lazy route's chunk imports shared chunks, which import more: the browser discovers each level
 * only once the one before has arrived, so the customer's ticket list waited for three waves of
 * chunks (one round trip each, 150 ms on Lighthouse's simulated phone) before its first API request.
 *
 * Usage: `node tools/web/landing-preloads.mjs [dist]` (dist defaults to dist/apps/web) after the
 * Angular build with `statsJson` (esbuild's metafile, `<dist>/stats.json`). For each page of
 * apps/web/landing-pages.json (`{"<path>": {"session": bool, "modules": ["<source file>", ...]}}`:
 * the route files and the component a visit to that path loads), it collects the chunks that hold
 * those modules and every chunk they import statically, minus the chunks every page already loads
 * (main and its static imports), and writes them into every page of `<dist>/browser` (the shell,
 * `index.csr.html` or `index.html`, and each prerendered `<route>/index.html`) as a data block:
 * `<script type="application/json" id="hd-landing-pages">{"<path>": {"session": bool, "chunks":
 * ["chunk-….js", ...]}}</script>` (JSON, not run: the Content-Security-Policy allows no inline
 * script). `main.ts` reads it and adds `<link rel="modulepreload">` for the page a visit lands on.
 * Running it again replaces the block. Exits 1 when the stats or the shell are missing, or when a
 * listed module is no chunk's entry point (a renamed file: fix landing-pages.json).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const PAGES_FILE = join(root, 'apps/web/landing-pages.json');
/** The id of the data block in each HTML page (read by apps/web/src/main.ts). */
export const BLOCK_ID = 'hd-landing-pages';

/**
 * The chunks each landing page needs beyond the initial ones.
 * @param metafile esbuild's metafile (`{outputs: {"<file>": {entryPoint?, imports: [{path, kind}]}}}`)
 * @param pages `{"<path>": {session, modules}}` as in landing-pages.json
 * @returns `{"<path>": {session, chunks}}`, chunk file names relative to the app's base (the page's
 *   modules' chunks and what they import, depth first)
 * @throws when a listed module is the entry point of no output, or there is no main chunk
 */
export function landingChunks(metafile, pages) {
  // The browser's files only: a build that prerenders pages also lists its server bundle's (`.mjs`).
  const outputs = Object.fromEntries(
    Object.entries(metafile.outputs).filter(([file]) => !file.endsWith('.mjs')),
  );
  const staticClosure = (start, into = new Set()) => {
    const stack = [start];
    while (stack.length) {
      const file = stack.pop();
      if (into.has(file)) continue;
      into.add(file);
      for (const entry of outputs[file]?.imports ?? [])
        if (entry.kind === 'import-statement' && outputs[entry.path]) stack.push(entry.path);
    }
    return into;
  };
  // main-<hash>.js, or main.js in a build without output hashing (the development configuration).
  const main = Object.keys(outputs).find((file) => /^main(-[^/]*)?\.js$/.test(file));
  if (!main) throw new Error('No main.js or main-*.js in the build stats');
  const initial = staticClosure(main);
  const byEntry = new Map(
    Object.entries(outputs)
      .filter(([, output]) => output.entryPoint)
      .map(([file, output]) => [output.entryPoint, file]),
  );
  const result = {};
  for (const [path, page] of Object.entries(pages)) {
    if (path.startsWith('$')) continue;
    const chunks = new Set();
    for (const module of page.modules) {
      const file = byEntry.get(module);
      if (!file) throw new Error(`${module} (landing page ${path}) is the entry point of no chunk`);
      staticClosure(file, chunks);
    }
    result[path] = { session: page.session, chunks: [...chunks].filter((file) => !initial.has(file)) };
  }
  return result;
}

/**
 * `html` with the data block for `pages` at the end of its head (replacing an earlier one).
 * @throws when `html` has no `</head>` (and no earlier block)
 */
export function withLandingBlock(html, pages) {
  const block = `<script type="application/json" id="${BLOCK_ID}">${JSON.stringify(pages)}</script>`;
  const earlier = new RegExp(`<script type="application/json" id="${BLOCK_ID}">[^<]*</script>`);
  if (earlier.test(html)) return html.replace(earlier, block);
  if (!html.includes('</head>')) throw new Error('the page has no </head>');
  return html.replace('</head>', `${block}</head>`);
}

/**
 * The HTML pages of a built app: the shell (`index.csr.html` when the build prerenders pages,
 * `index.html` otherwise) and every prerendered `<route>/index.html`, as paths under `browserDir`.
 */
export function htmlPages(browserDir) {
  const pages = ['index.csr.html', 'index.html'].filter((file) => existsSync(join(browserDir, file)));
  const visit = (dir) => {
    for (const entry of readdirSync(join(browserDir, dir), { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'media') continue;
      const sub = dir ? `${dir}/${entry.name}` : entry.name;
      if (existsSync(join(browserDir, sub, 'index.html'))) pages.push(`${sub}/index.html`);
      visit(sub);
    }
  };
  visit('');
  return pages;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = resolve(process.argv[2] ?? join(root, 'dist/apps/web'));
  const stats = join(dist, 'stats.json');
  const browser = join(dist, 'browser');
  try {
    if (!existsSync(stats)) throw new Error(`${stats} does not exist: build the web app first`);
    const files = existsSync(browser) ? htmlPages(browser) : [];
    if (!files.some((file) => !file.includes('/')))
      throw new Error(`${browser} has no index.csr.html or index.html: build the web app first`);
    const pages = landingChunks(
      JSON.parse(readFileSync(stats, 'utf8')),
      JSON.parse(readFileSync(PAGES_FILE, 'utf8')),
    );
    for (const file of files) {
      const path = join(browser, file);
      writeFileSync(path, withLandingBlock(readFileSync(path, 'utf8'), pages));
    }
    const counts = Object.entries(pages).map(([path, page]) => `${path} ${page.chunks.length}`);
    console.log(`Landing pages' chunks in ${files.join(', ')}: ${counts.join(', ')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
