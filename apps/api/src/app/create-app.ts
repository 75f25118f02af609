import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { RedisAdapter } from '@socket.io/redis-adapter';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { answerClientError } from '../common/filters/client-error';
import { ATTACHMENT_UPLOAD_ROUTE } from '../attachments/attachments.controller';
import { shapeError } from '../common/filters/error-body';
import { createValidationPipe } from '../common/pipes/validation.pipe';
import { AppConfig } from '../config/app-config';
import { AppLogger, bindRequestLoggers, pinoOptions } from '../logging';
import { ScheduledJobs } from '../jobs/scheduled-jobs.service';
import { OutboxWorker } from '../notifications/outbox.worker';
import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';
import { RedisService } from '../redis/redis.service';
import { ReportDayCountsService } from '../reports/report-day-counts.service';
import { SeedService } from '../seed/seed.service';
import { runMigrations } from '../migrations/run-migrations';
import { AppModule } from './app.module';
import { createOpenApiDocument } from './openapi';
import { securityHeaders } from './security-headers';
import { serveWebApp } from './web-app';

/** Largest request body accepted, in bytes (1 MiB); larger ones get 413. */
export const BODY_LIMIT_BYTES = 1_048_576;

/** How long browsers keep to HTTPS after one HTTPS response, in s (180 days, helmet's default). */
const HSTS_MAX_AGE_S = 15_552_000;

/**
 * Nest's Fastify adapter turns Fastify's own errors (malformed JSON, body too large) into bare
 * HttpExceptions and loses their `code`; passing them through lets the exception filter give
 * each its specific `code` and message.
 */
class HelpdeskFastifyAdapter extends FastifyAdapter {
  override mapException(error: unknown): unknown {
    return error;
  }
}

/** The socket.io options of Nest's adapter (its own copy of socket.io). */
type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;

/**
 * socket.io's Redis adapter that answers with this replica's sockets alone while Redis is down
 * (`fetchSockets()`, used to close the sockets of ended sessions, would otherwise fail).
 */
class FailOpenRedisAdapter extends RedisAdapter {
  /** How many replicas listen, or 1 (this one) when Redis does not answer. */
  override async serverCount(): Promise<number> {
    return super.serverCount().catch(() => 1);
  }
}

/**
 * socket.io on the API's HTTP server (path `/socket.io`), with the same CORS origins as the REST API.
 * With `REDIS_URL`, rooms span every replica (`@socket.io/redis-adapter`): an event emitted to a
 * user's room on one replica reaches their sockets on all of them. While Redis is down each replica
 * still reaches its own sockets; events for the others are dropped (notifications are in the
 * database, and clients catch up when they reconnect or reload).
 */
class HelpdeskIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: string[],
    private readonly redis: RedisService,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: IoServerOptions): ReturnType<IoAdapter['createIOServer']> {
    const cors = this.corsOrigins.length ? { origin: this.corsOrigins, credentials: true } : undefined;
    const server = super.createIOServer(port, { ...options, cors } as IoServerOptions);
    if (this.redis.enabled) {
      // No offline queue: a broadcast while Redis is down fails at once instead of arriving late.
      const pub = this.redis.createConnection('socket-pub', {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
      });
      const publish = pub.publish.bind(pub) as (channel: string, message: string | Buffer) => Promise<number>;
      // The adapter does not catch a failed publish; an unhandled rejection would end the process.
      const failOpen = (channel: string, message: string | Buffer) =>
        publish(channel, message).catch(() => 0);
      Object.assign(pub, { publish: failOpen });
      const sub = this.redis.createConnection('socket-sub');
      // socket.io calls `new` on what it is given: a class bound to these two connections.
      server.adapter(
        class extends FailOpenRedisAdapter {
          constructor(nsp: unknown) {
            super(nsp, pub, sub);
          }
        },
      );
    }
    return server;
  }
}

/**
 * Builds the whole API (not listening yet): Fastify with helmet's headers, CORS, request ids and the one
 * error shape; MikroORM with migrations applied and demo data seeded on first run; the e-mail
 * outbox worker started after them; socket.io at `/socket.io`; Swagger at
 * `/docs` and `/docs-json`; the built web app at `/` when present.
 * @throws when the database cannot be reached or a migration fails
 */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new HelpdeskFastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // One pino logger for everything: Fastify's request lines, Nest's (AppLogger) and MikroORM's.
    logger: pinoOptions(config.logLevel, config.logFormat),
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // A bad percent-encoding or an over-long path segment never reaches the routes: same error shape.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const { status, body } = shapeError(error);
      void reply.status(status).send(body);
    },
    // What Node's parser refuses (headers over 16 KiB, garbage) gets the same error shape too.
    clientErrorHandler: answerClientError,
    // Behind a trusted proxy, the client's address and protocol come from X-Forwarded-For / -Proto.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new AppLogger(adapter.getInstance().log),
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  const orm = app.get(MikroORM);

  fastify.addHook('onRequest', (_request, _reply, done) => RequestContext.create(orm.em, done));
  bindRequestLoggers(fastify);
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // API answers carry tokens and personal data: no browser or proxy may keep them.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      void reply.header('cache-control', 'no-store');
  });
  // Only JSON bodies: without this, Fastify reads text/plain as a string that validation sees as `{}`.
  fastify.removeContentTypeParser('text/plain');

  // Cookies are read and set only for the known-device cookie of the login (LoginProtection).
  await app.register(fastifyCookie);

  // Multipart bodies are streamed by the attachment upload (limits per request there); every other
  // route keeps answering them 415, as before the parser was registered.
  await app.register(fastifyMultipart);
  fastify.addHook('onRequest', async (request, reply) => {
    if (!/^multipart\//i.test(request.headers['content-type'] ?? '')) return;
    if (request.method === 'POST' && request.routeOptions.url === ATTACHMENT_UPLOAD_ROUTE) return;
    const { status, body } = shapeError(
      Object.assign(new Error('Unsupported Media Type'), {
        code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        statusCode: 415,
      }),
    );
    return reply.status(status).send(body);
  });

  // HSTS and upgrade-insecure-requests only make sense over HTTPS: sent over plain HTTP (a LAN
  // install opened as http://host:3000) they make the browser fetch the scripts over an HTTPS that
  // does not exist, and the page stays blank. They are added per request, when it came over HTTPS.
  const headers = securityHeaders({
    strictTransportSecurity: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // blob: the attachment previews, fetched with the bearer token and shown from object URLs
        // (only the page's own scripts can make those).
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        upgradeInsecureRequests: null,
      },
    },
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  fastify.addHook('onSend', async (request, reply) => {
    if (request.protocol !== 'https') return;
    void reply.header('strict-transport-security', `max-age=${HSTS_MAX_AGE_S}; includeSubDomains`);
    const csp = reply.getHeader('content-security-policy');
    if (typeof csp === 'string')
      void reply.header('content-security-policy', `${csp};upgrade-insecure-requests`);
  });
  if (config.corsOrigins.length) {
    app.enableCors({
      origin: config.corsOrigins,
      credentials: true,
      exposedHeaders: ['Retry-After', 'ETag', 'Idempotent-Replayed', 'Link', 'x-request-id'],
    });
  }
  // `/metrics` sits beside `/docs`, outside the API's prefix, where scrapers expect it.
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.useGlobalPipes(createValidationPipe());
  // SIGTERM/SIGINT: main.ts drains requests, then closes the app (enableGracefulShutdown).
  app.useWebSocketAdapter(new HelpdeskIoAdapter(app, config.corsOrigins, app.get(RedisService)));

  setUpSwagger(app, config);
  await serveWebApp(app, fastify, config);

  await app.init();
  const applied = await runMigrations(orm, config.dialect);
  // SQLite's read connections opened before the migrations; each keeps the schema and planner
  // statistics it loaded then (statistics refreshed by ANALYZE alone are not reloaded), so they are
  // reopened once anything was migrated. An in-memory database would be lost: it has no readers.
  if (applied.length && config.dialect === 'sqlite' && config.database !== ':memory:') await orm.reconnect();
  if (config.seed) await app.get(SeedService).seed();
  app.get(OutboxWorker).start();
  app.get(ScheduledJobs).start();
  app.get(WebhookDeliveryWorker).start();
  app.get(ReportDayCountsService).start();
  if (config.jwtSecretGenerated) {
    new Logger('Config').warn(
      `JWT_SECRET is not set: using a generated secret kept in ${join(config.dataDir, 'jwt-secret')}`,
    );
  }
  return app;
}

function setUpSwagger(app: NestFastifyApplication, config: AppConfig): void {
  // Built on the first request to /docs or /docs-json, then kept: building it at start-up took
  // about 0.2 s of every start for a page few visits open.
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app, config), {
    jsonDocumentUrl: 'docs-json',
    useGlobalPrefix: false,
  });
}
