import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { shapeError } from '../common/filters/error-body';
import { AppConfig } from '../config/app-config';

/** Paths the API owns; everything else that is a GET for HTML falls back to the web app. */
const API_PATHS = /^\/(api|docs|docs-json|metrics|socket\.io)(\/|$|\?)/;

/** A path that names a file (ends in an extension), e.g. an old chunk: a 404, never the app's HTML. */
const FILE_PATH = /\.[a-z0-9]{1,8}$/i;

/**
 * A file whose name carries the build's content hash (`main-HGL6K2PN.js`, `chunk-2ZCCN5LJ.js`,
 * `styles-G7ATMFZZ.css`, `media/roboto-latin-400-normal-4ZJ7MR4S.woff2`), or its `.br`/`.gz`
 * sibling: a new build gives changed content a new name, so the old name never changes meaning.
 */
const HASHED_FILE = /-[A-Z0-9]{8}\.[a-z0-9]+(\.(br|gz))?$/;

/** `Cache-Control` of hashed files: kept a year (in s) and never revalidated. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/** `Cache-Control` of everything else (the HTML pages, deep links, unhashed public files): revalidated each time. */
export const REVALIDATE_CACHE = 'no-cache';

/**
 * The `Cache-Control` value for a file of the built web app, by its path (absolute or relative,
 * `.br`/`.gz` included): {@link IMMUTABLE_CACHE} when the name carries a content hash, else
 * {@link REVALIDATE_CACHE}.
 */
export function webCacheControl(path: string): string {
  return HASHED_FILE.test(path) ? IMMUTABLE_CACHE : REVALIDATE_CACHE;
}

/** Answers 404 in the API's error shape, naming the path (without its query). */
function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, body } = shapeError({
    statusCode: 404,
    message: `Cannot GET ${request.url.split('?')[0]}`,
  });
  return reply.status(status).send(body);
}

/**
 * Every page the build prerendered (`auth/login/index.html` answers `/auth/login`; `index.html`
 * answers `/` when the shell is `index.csr.html`), by its path without a trailing slash
 * (`/auth/login`, `` for the root), read once from `webDir`.
 */
function prerenderedPages(webDir: string, shell: string): Map<string, string> {
  const pages = new Map<string, string>();
  if (shell === 'index.csr.html' && existsSync(join(webDir, 'index.html'))) pages.set('', 'index.html');
  const visit = (dir: string): void => {
    for (const entry of readdirSync(join(webDir, dir), { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'media') continue;
      const sub = dir ? `${dir}/${entry.name}` : entry.name;
      if (existsSync(join(webDir, sub, 'index.html'))) pages.set(`/${sub}`, `${sub}/index.html`);
      visit(sub);
    }
  };
  visit('');
  return pages;
}

/** Sends the built file `file` (its compressed sibling when the client accepts one), revalidated on every load. */
function sendPage(reply: FastifyReply, file: string): FastifyReply {
  return reply.header('cache-control', REVALIDATE_CACHE).sendFile(file);
}

/**
 * Serves the built Angular app at `/` when `config.webDir` holds its page shell (`index.csr.html`,
 * or `index.html` from a build that prerenders nothing; otherwise does nothing):
 * - each file of the build at its path, as the Brotli or gzip file written beside it at build time
 *   (`tools/web/compress.mjs`) when the request's `Accept-Encoding` allows (`Content-Encoding: br`
 *   or `gzip`, same `Content-Type`), else as is; always with `Vary: Accept-Encoding`;
 * - `Cache-Control` {@link IMMUTABLE_CACHE} for files with a content hash in their name (scripts,
 *   styles, fonts and other media), {@link REVALIDATE_CACHE} for the rest, with ETag and Last-Modified;
 * - a page the build prerendered (`/auth/login`, with or without a trailing slash) gets its own
 *   HTML (`auth/login/index.html`, the page drawn, for the app to take over);
 * - any other GET that looks like a page (no file extension) gets the shell, so deep links work;
 *   unknown files (with an extension, `.br`/`.gz` ones included) and the API's own paths
 *   (`/api`, `/docs`, `/socket.io`) get a 404 in the API's error shape.
 * The file list is read once, at start-up.
 */
export async function serveWebApp(
  app: NestFastifyApplication,
  fastify: FastifyInstance,
  config: AppConfig,
): Promise<void> {
  const shell = ['index.csr.html', 'index.html'].find((file) => existsSync(join(config.webDir, file)));
  if (!shell) return;
  const pages = prerenderedPages(config.webDir, shell);
  await app.register(fastifyStatic, {
    root: config.webDir,
    wildcard: false,
    index: false,
    preCompressed: true,
    // The compressed siblings are chosen by preCompressed, not served under their own names.
    globIgnore: ['**/*.br', '**/*.gz'],
    setHeaders: (reply, path) => void reply.header('cache-control', webCacheControl(path)),
  });
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    if (API_PATHS.test(request.url) || FILE_PATH.test(path)) return notFound(request, reply);
    return sendPage(reply, pages.get(path.replace(/\/$/, '')) ?? shell);
  });
  fastify.get('/', (_request, reply) => sendPage(reply, pages.get('') ?? shell));
}
