#!/usr/bin/env node
/**
 * `npm run bench:web`: how fast the web app loads on a phone, measured by Lighthouse 12.8 (mobile
 * form factor, its default simulated throttling: 4x CPU slowdown, 150 ms RTT, 1.6 Mbit/s).
 *
 * Starts the built API with its web app (dist/apps/api/main.js serving dist/apps/web/browser; run
 * `npm run build` first) on loopback with a fresh data directory (demo data seeded), launches
 * Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) headless, and audits:
 * - the login page (`/auth/login`), with storage and cache cleared, as a first visit;
 * - the customer's ticket list (`/tickets`) as customer@example.com: the session is put in
 *   localStorage (`hd.session`, where the app keeps it) through playwright-core, the HTTP cache is
 *   then cleared, and Lighthouse runs without resetting storage.
 * Each page runs BENCH_WEB_RUNS (3) times; the run with the median performance score is printed:
 * score (0-100), FCP, LCP, TBT (ms), CLS, bytes transferred for the whole load and for the initial
 * JavaScript (main and the chunks it imports statically, read from the built files), in KiB.
 * BENCH_WEB_JSON=<file> also writes every run's numbers as JSON; BENCH_WEB_REPORTS=<dir> keeps each
 * run's whole Lighthouse report (JSON, for the Lighthouse viewer) in that directory.
 * Exits 1 when a page fails to load (a Lighthouse runtime error, no score, or a redirect elsewhere,
 * e.g. to the login page), when the build is missing, or when the API does not start.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';

import { freePort, waitUntilUp } from './support.mjs';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const WEB_DIR = join(root, 'dist/apps/web/browser');
const API_MAIN = join(root, 'dist/apps/api/main.js');
/** The page shell: `index.csr.html` when the build prerenders pages, `index.html` otherwise. */
const SHELL = existsSync(join(WEB_DIR, 'index.csr.html')) ? 'index.csr.html' : 'index.html';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Math.max(1, Number(process.env.BENCH_WEB_RUNS ?? 3));
const CUSTOMER = { email: 'customer@example.com', password: 'customer123' };
/** Lighthouse errors of its own tracing (not of the page) retried this many times before failing. */
const TRACE_RETRIES = 2;
const TRACE_ERRORS = new Set(['NO_NAVSTART', 'NO_TRACING_STARTED', 'NO_DCL', 'NO_FCP', 'PROTOCOL_TIMEOUT']);
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function startApi(dataDir, port) {
  const child = spawn(process.execPath, [API_MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'error',
      WEB_DIR,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntilUp(child, `http://127.0.0.1:${port}/api/health`);
  return child;
}

/** The initial JavaScript: main-*.js and every chunk it imports statically, transitively (file names). */
function initialScripts() {
  const html = readFileSync(join(WEB_DIR, SHELL), 'utf8');
  const queue = [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Set();
  while (queue.length) {
    const file = queue.pop().replace(/^\.?\//, '');
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(WEB_DIR, file), 'utf8');
    // Static imports only (`import{a}from"./chunk-X.js"`, `import"./chunk-X.js"`), not `import("...")`.
    for (const m of code.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) queue.push(m[1]);
  }
  return seen;
}

async function login(url) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(CUSTOMER),
  });
  if (!res.ok) throw new Error(`login of ${CUSTOMER.email} failed: ${res.status}`);
  return res.json();
}

/** Puts the customer's session where the app reads it, then empties the HTTP cache. */
async function storeSession(port, origin, session) {
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  try {
    const context = browser.contexts()[0];
    const page = await context.newPage();
    // A small same-origin file, so the app itself is not loaded (and cached) before the audit.
    await page.goto(`${origin}/favicon.svg`);
    await page.evaluate(
      (value) => localStorage.setItem('hd.session', value),
      JSON.stringify({
        user: session.user,
        accessToken: session.accessToken,
        refreshToken: session.refreshToken,
      }),
    );
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    await page.close();
  } finally {
    await browser.close();
  }
}

async function audit(port, url, { keepStorage, report }) {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance'],
    disableStorageReset: keepStorage,
  });
  const lhr = result?.lhr;
  if (!lhr) throw new Error(`${url}: Lighthouse returned no result`);
  if (report) writeFileSync(report, typeof result.report === 'string' ? result.report : JSON.stringify(lhr));
  if (lhr.runtimeError) {
    const error = new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    error.traceError = TRACE_ERRORS.has(lhr.runtimeError.code);
    throw error;
  }
  const score = lhr.categories.performance.score;
  if (score === null) throw new Error(`${url}: no performance score (${lhr.runWarnings.join('; ')})`);
  const requests = lhr.audits['network-requests'].details?.items ?? [];
  const initial = initialScripts();
  const initialJs = requests
    .filter((r) => initial.has(new URL(r.url).pathname.replace(/^\//, '')))
    .reduce((sum, r) => sum + (r.transferSize ?? 0), 0);
  const metric = (id) => lhr.audits[id].numericValue;
  return {
    url,
    finalUrl: lhr.finalDisplayedUrl,
    score: Math.round(score * 100),
    fcp: metric('first-contentful-paint'),
    lcp: metric('largest-contentful-paint'),
    tbt: metric('total-blocking-time'),
    cls: metric('cumulative-layout-shift'),
    bytes: metric('total-byte-weight'),
    initialJs,
    warnings: lhr.runWarnings,
  };
}

/**
 * `audit()` after `prepare()`, again (at most TRACE_RETRIES times) when Lighthouse's own tracing
 * failed (e.g. NO_NAVSTART on a busy machine); any other error is thrown at once.
 */
async function auditWithRetries(port, url, options, prepare) {
  for (let attempt = 0; ; attempt++) {
    await prepare();
    try {
      return await audit(port, url, options);
    } catch (error) {
      if (!error.traceError || attempt >= TRACE_RETRIES) throw error;
      console.error(`${error.message}: retrying`);
    }
  }
}

function median(runs) {
  const sorted = [...runs].sort((a, b) => a.score - b.score);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

function printTable(rows) {
  const header = ['page', 'perf', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'transferred KiB', 'initial JS KiB'];
  const lines = rows.map(({ page, run, scores }) => [
    page,
    `${run.score} (${scores.join('/')})`,
    Math.round(run.fcp),
    Math.round(run.lcp),
    Math.round(run.tbt),
    run.cls.toFixed(3),
    (run.bytes / 1024).toFixed(1),
    (run.initialJs / 1024).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const format = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const line of lines) console.log(format(line));
}

for (const file of [API_MAIN, join(WEB_DIR, SHELL)]) {
  if (!existsSync(file)) {
    console.error(`${file} is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-web-'));
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
let api;
let chrome;
let failed = false;
try {
  if (process.env.BENCH_WEB_REPORTS) mkdirSync(process.env.BENCH_WEB_REPORTS, { recursive: true });
  api = await startApi(dataDir, port);
  chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
  const pages = [
    { page: 'login', path: '/auth/login', keepStorage: false },
    { page: 'customer ticket list', path: '/tickets', keepStorage: true },
  ];
  const rows = [];
  const all = [];
  for (const { page, path, keepStorage } of pages) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const report = process.env.BENCH_WEB_REPORTS
        ? join(process.env.BENCH_WEB_REPORTS, `${page.replace(/\W+/g, '-')}-${i + 1}.json`)
        : undefined;
      const run = await auditWithRetries(chrome.port, `${origin}${path}`, { keepStorage, report }, () =>
        keepStorage ? login(origin).then((session) => storeSession(chrome.port, origin, session)) : undefined,
      );
      if (new URL(run.finalUrl).pathname !== path)
        throw new Error(`${path} did not load: Lighthouse ended on ${run.finalUrl}`);
      runs.push(run);
      all.push({ page, ...run });
    }
    rows.push({ page, run: median(runs), scores: runs.map((r) => r.score) });
  }
  console.log(
    `\nLighthouse ${JSON.parse(readFileSync(join(root, 'node_modules/lighthouse/package.json'), 'utf8')).version}, ` +
      `mobile, simulated throttling, ${RUNS} run(s) a page (median by score; all scores in brackets)\n`,
  );
  printTable(rows);
  for (const { page, run } of rows)
    for (const warning of run.warnings) console.log(`warning (${page}): ${warning}`);
  if (process.env.BENCH_WEB_JSON) writeFileSync(process.env.BENCH_WEB_JSON, JSON.stringify(all, null, 2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  failed = true;
} finally {
  chrome?.kill();
  if (api && api.exitCode === null) {
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
