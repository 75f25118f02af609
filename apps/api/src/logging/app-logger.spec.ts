import Fastify, { FastifyInstance } from 'fastify';

import { AppLogger, bindRequestLoggers, fatalLine, pinoOptions, usePrettyLogs } from './app-logger';

describe('AppLogger', () => {
  let fastify: FastifyInstance;
  let lines: Record<string, unknown>[];
  let logger: AppLogger;

  beforeEach(() => {
    lines = [];
    fastify = Fastify({
      logger: { ...pinoOptions('info'), stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
    });
    logger = new AppLogger(fastify.log);
  });
  afterEach(() => fastify.close());

  it("writes Nest's calls as pino lines with the logger's name as context", () => {
    logger.log('sent 3', 'Outbox');
    logger.warn('slow', 'Outbox');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'Outbox', msg: 'sent 3' }),
      expect.objectContaining({ level: 40, context: 'Outbox', msg: 'slow' }),
    ]);
  });

  it('keeps a stack trace passed to error() as `stack`', () => {
    const error = new Error('boom');
    logger.error('failed', error.stack, 'Worker');
    expect(lines[0]).toMatchObject({ level: 50, context: 'Worker', msg: 'failed', stack: error.stack });
  });

  it('drops lines below LOG_LEVEL', () => {
    logger.debug('detail', 'Worker');
    logger.verbose('more detail', 'Worker');
    expect(lines).toEqual([]);
  });

  it('adds the request id to lines written while a request is handled', async () => {
    bindRequestLoggers(fastify);
    fastify.get('/work', async () => {
      logger.log('working', 'Tickets');
      return {};
    });
    await fastify.inject({ method: 'GET', url: '/work' });
    const working = lines.find((line) => line['msg'] === 'working');
    expect(working).toMatchObject({ context: 'Tickets', reqId: expect.any(String) });
    expect(lines.filter((line) => line['reqId'] === working?.['reqId']).length).toBeGreaterThan(1);
  });

  it('redacts authorization and cookie headers', async () => {
    // Fastify's default request serializer leaves headers out; this one puts them in, to be redacted.
    const quiet = Fastify({
      logger: {
        ...pinoOptions('info'),
        serializers: { req: (req: { headers: unknown }) => ({ headers: req.headers }) },
        stream: { write: (line: string) => lines.push(JSON.parse(line)) },
      },
    });
    quiet.get('/', async () => ({}));
    await quiet.inject({
      method: 'GET',
      url: '/',
      headers: { authorization: 'Bearer secret', cookie: 'a=b' },
    });
    await quiet.close();
    expect(JSON.stringify(lines)).not.toMatch(/secret|a=b/);
  });
});

describe('fatalLine()', () => {
  it('is one JSON line at fatal level', () => {
    const line = fatalLine('Helpdesk failed to start: bad PORT');
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ level: 60, msg: 'Helpdesk failed to start: bad PORT' });
  });
});

describe('usePrettyLogs()', () => {
  it('writes pretty lines only on a terminal outside production when LOG_FORMAT is auto', () => {
    expect(usePrettyLogs('auto', { isTTY: true }, 'development')).toBe(true);
    expect(usePrettyLogs('auto', { isTTY: true }, undefined)).toBe(true);
    expect(usePrettyLogs('auto', { isTTY: true }, 'production')).toBe(false);
    expect(usePrettyLogs('auto', { isTTY: false }, 'development')).toBe(false);
    expect(usePrettyLogs('auto', {}, undefined)).toBe(false);
  });

  it('follows an explicit LOG_FORMAT whatever the output', () => {
    expect(usePrettyLogs('json', { isTTY: true }, 'development')).toBe(false);
    expect(usePrettyLogs('pretty', { isTTY: false }, 'production')).toBe(true);
  });
});
