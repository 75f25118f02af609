import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

import {
  ApiTokenScope,
  AssignmentMode,
  AuditAction,
  ErrorCode,
  NotificationType,
  Role,
  TicketHistoryType,
  TicketPriority,
  TicketStatus,
  WebhookDeliveryStatus,
  WebhookEvent,
} from '@hd/shared/domain';

import { DEVICE_COOKIE } from '../auth/login-protection.service';
import { AppConfig } from '../config/app-config';

/** The enums the document names as schemas (`$ref: '#/components/schemas/TicketStatus'`), so generated clients get named types. */
const NAMED_ENUMS: Record<string, { values: readonly string[]; description: string }> = {
  TicketStatus: { values: Object.values(TicketStatus), description: 'Where a ticket is in the workflow' },
  TicketPriority: { values: Object.values(TicketPriority), description: 'How urgent a ticket is' },
  Role: { values: Object.values(Role), description: "A user's role" },
  ErrorCode: { values: Object.values(ErrorCode), description: 'The `code` of an error body' },
  NotificationType: { values: Object.values(NotificationType), description: 'What a notification tells of' },
  TicketHistoryType: {
    values: Object.values(TicketHistoryType),
    description: "A ticket history event's kind",
  },
  AuditAction: { values: Object.values(AuditAction), description: 'An audited admin action' },
  ApiTokenScope: { values: Object.values(ApiTokenScope), description: 'What an API token may do' },
  AssignmentMode: { values: Object.values(AssignmentMode), description: 'How new tickets find an assignee' },
  WebhookEvent: { values: Object.values(WebhookEvent), description: 'What a webhook can be told of' },
  WebhookDeliveryStatus: {
    values: Object.values(WebhookDeliveryStatus),
    description: 'Where a webhook delivery stands',
  },
};

/** Readable operation ids (`listTickets`, `changeTicketStatus`) where the generic rule would not give them. */
const OPERATION_IDS: Record<string, string> = {
  'AssignmentController.assign': 'assignTicket',
  'AuditController.list': 'listAuditEvents',
  'AuthController.refresh': 'refreshTokens',
  'AuthController.logoutAll': 'logoutEverywhere',
  'AuthController.me': 'getCurrentUser',
  'HealthController.check': 'getHealth',
  'HealthController.live': 'getLiveness',
  'HealthController.ready': 'getReadiness',
  'MetricsController.scrape': 'scrapeMetrics',
  'NotificationsController.markAllRead': 'markAllNotificationsRead',
  'NotificationsController.markRead': 'markNotificationRead',
  'TicketHistoryController.list': 'getTicketHistory',
  'TicketsController.counts': 'countTickets',
  'TicketsController.findOne': 'getTicket',
  'TicketsController.changeStatus': 'changeTicketStatus',
  'UsersController.getProfile': 'getMyProfile',
  'UsersController.updateProfile': 'updateMyProfile',
  'UsersController.changePassword': 'changeMyPassword',
  'UsersController.getPreferences': 'getMyPreferences',
  'UsersController.updatePreferences': 'updateMyPreferences',
};

/**
 * The operation id of a handler: from {@link OPERATION_IDS}, or `<verb><Resource>` from the
 * controller's name: `list` takes the plural (`listCategories`), other verbs the singular
 * (`createCategory`), `remove` reads `delete`, and the auth controller's verbs stand alone (`login`).
 */
export function operationIdFor(controllerKey: string, methodKey: string): string {
  const known = OPERATION_IDS[`${controllerKey}.${methodKey}`];
  if (known) return known;
  const plural = controllerKey.replace(/Controller$/, '');
  if (plural === 'Auth') return methodKey;
  const singular = plural.replace(/ies$/, 'y').replace(/(?<!s)s$/, '');
  const verb = methodKey === 'remove' ? 'delete' : methodKey;
  return `${verb}${verb === 'list' ? plural : singular}`;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** Replaces an inline string enum equal to a named one by a reference to it. */
function nameEnum(schema: Json): Json {
  const values = schema['enum'];
  if (!Array.isArray(values) || (schema['type'] !== undefined && schema['type'] !== 'string')) return schema;
  const sorted = JSON.stringify([...values].sort());
  const name = Object.keys(NAMED_ENUMS).find(
    (key) => JSON.stringify([...NAMED_ENUMS[key].values].sort()) === sorted,
  );
  if (!name) return schema;
  const ref = { $ref: `#/components/schemas/${name}` };
  const { description, example, nullable } = schema as {
    description?: string;
    example?: unknown;
    nullable?: boolean;
  };
  if (description === undefined && example === undefined && !nullable) return ref;
  return {
    allOf: [ref],
    ...(description !== undefined ? { description } : {}),
    ...(example !== undefined ? { example } : {}),
    ...(nullable ? { nullable } : {}),
  };
}

/** Field names whose numbers are whole (ids, counts, pages). */
const INTEGER_FIELD =
  /^(id|.*Id|page|pageSize|total|.*Count|attempts|version|statusCode|position|consecutiveFailures|.*Minutes)$/;

/** Walks a schema: named enums, integer ids and counts, `date-time` on `...At` strings. */
function tidySchema(schema: unknown, field?: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => tidySchema(item));
  if (!isObject(schema)) return schema;
  let out: Json = { ...schema };
  for (const [key, value] of Object.entries(out)) {
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, prop]) => [name, tidySchema(prop, name)]),
      );
    } else if (['items', 'allOf', 'oneOf', 'anyOf', 'additionalProperties', 'not'].includes(key)) {
      out[key] = tidySchema(value, key === 'items' ? field : undefined);
    }
  }
  if (field && out['type'] === 'number' && INTEGER_FIELD.test(field)) out['type'] = 'integer';
  if (field && out['type'] === 'string' && !out['format'] && !out['enum'] && /At$/.test(field)) {
    out['format'] = 'date-time';
  }
  out = nameEnum(out);
  return out;
}

const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponse' };
const RETRY_AFTER = {
  description: 'Seconds to wait before retrying (RFC 9110 section 10.2.3)',
  schema: { type: 'integer', minimum: 1 },
};
const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': {
    description:
      'The request quota of the caller, e.g. `"default";q=600;w=60` (IETF draft-ietf-httpapi-ratelimit-headers)',
    schema: { type: 'string' },
  },
  RateLimit: {
    description: 'What is left of the quota: `"default";r=<remaining>;t=<seconds until reset>`',
    schema: { type: 'string' },
  },
};

/** Paths that the per-user request limit does not count (infrastructure probes). */
const UNLIMITED_PATH = /^\/(api\/health|metrics)/;

/**
 * Completes each operation: a description (its summary when the handler has no comment), integer
 * path ids with a description, the error shape on every 4xx/5xx, the rate-limit headers on
 * successful answers and a documented 429, and a 503 for database trouble.
 */
function tidyOperation(path: string, operation: Json): void {
  operation['description'] ??= operation['summary'];
  for (const parameter of (operation['parameters'] as Json[] | undefined) ?? []) {
    const schema = parameter['schema'] as Json | undefined;
    if (parameter['in'] === 'path' && schema && schema['type'] === 'number') {
      parameter['schema'] = {
        type: 'integer',
        minimum: 1,
        ...(schema['example'] ? { example: schema['example'] } : {}),
      };
    }
    if (parameter['in'] === 'path' && parameter['name'] === 'id' && /^\/api\/tickets\/\{id\}/.test(path)) {
      // A ticket is named by its id or by its number (ParseTicketRefPipe).
      parameter['schema'] = {
        oneOf: [
          { type: 'integer', minimum: 1, example: 42 },
          { type: 'string', pattern: String.raw`^TICK-\d{8}-\d{4}$`, example: 'TICK-20261126-0042' },
        ],
      };
    }
    if (parameter['schema']) parameter['schema'] = tidySchema(parameter['schema'], String(parameter['name']));
    parameter['description'] ??=
      parameter['in'] === 'path'
        ? `The ${String(parameter['name']).replace(/Id$/, '')}'s id`
        : `The \`${String(parameter['name'])}\` filter`;
  }
  const responses = (operation['responses'] ??= {}) as Record<string, Json>;
  const limited = !UNLIMITED_PATH.test(path);
  for (const [status, response] of Object.entries(responses)) {
    const code = Number(status);
    if (code >= 400) {
      response['content'] = { 'application/json': { schema: ERROR_SCHEMA } };
    } else if (limited && code >= 200 && code < 300) {
      response['headers'] = { ...RATE_LIMIT_HEADERS, ...((response['headers'] as Json | undefined) ?? {}) };
    }
  }
  if (limited) {
    responses['429'] ??= {
      description: '`RATE_LIMITED`: the request quota (or a login back-off) is spent; see `Retry-After`',
      headers: { 'Retry-After': RETRY_AFTER, ...RATE_LIMIT_HEADERS },
      content: { 'application/json': { schema: ERROR_SCHEMA } },
    };
  }
  responses['503'] ??= {
    description: '`DATABASE_UNAVAILABLE` (or `SERVER_BUSY`): try again after `Retry-After` seconds',
    headers: { 'Retry-After': RETRY_AFTER },
    content: { 'application/json': { schema: ERROR_SCHEMA } },
  };
}

/**
 * The API's OpenAPI 3 document (`/docs`, `/docs-json`): built by `@nestjs/swagger` from the
 * controllers, the compiler plugin (types and JSDoc of handlers and response classes) and the
 * Swagger decorators, then completed by {@link tidyOperation} and {@link tidySchema} so it lints
 * clean (Spectral `spectral:oas` plus the house rules in the contract test) and generated clients
 * get named enums, integer ids and `date-time` timestamps.
 */
export function createOpenApiDocument(
  app: INestApplication,
  config: Pick<AppConfig, 'appUrl'>,
): OpenAPIObject {
  const tags: Array<[string, string]> = [
    ['api-tokens', 'Personal API tokens for integrations'],
    ['assignment', 'Who works a ticket'],
    ['attachments', 'Files on tickets: upload, download, image previews'],
    ['audit', 'The log of admin actions (admins)'],
    ['auth', 'Accounts and sessions'],
    ['canned-responses', 'Saved replies for agents'],
    ['categories', 'Ticket categories (admins manage them)'],
    ['health', 'Liveness, readiness and database status'],
    ['metrics', 'Prometheus metrics'],
    ['notifications', 'Your notification centre (live ones arrive over socket.io)'],
    ['replies', 'The thread of a ticket: replies and internal notes'],
    ['reports', 'Team and agent figures (staff)'],
    ['settings', 'Business hours, SLA threshold, automation (admins)'],
    ['sla', 'Service level policies'],
    ['tickets', 'The queue, tickets and their status workflow'],
    ['users', 'User administration (admins), the staff list for pickers, and your own account'],
    ['webhooks', 'Signed outgoing webhooks (admins)'],
  ];
  const builder = new DocumentBuilder()
    .setTitle('Helpdesk API')
    .setDescription(
      'Customer-support helpdesk. Log in with a demo account (e.g. `customer@example.com` / `customer123`, ' +
        '`agent@example.com` / `agent123`), then authorize with the `accessToken`, or send a personal API token ' +
        "(`hd_...`). Every error is `{statusCode, error, message, code?, errors?}`; another customer's ticket is " +
        'always a 404. Responses carry `RateLimit-Policy` and `RateLimit` headers.',
    )
    .setVersion('1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer(config.appUrl || '/', config.appUrl ? 'This installation' : 'The server serving this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT or hd_ API token' })
    .addCookieAuth(
      DEVICE_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: DEVICE_COOKIE,
        description:
          'The known-device cookie a successful login sets; sent back on later logins, it exempts the device from the account back-off',
      },
      DEVICE_COOKIE,
    );
  for (const [name, description] of tags) builder.addTag(name, description);
  const info = builder.build();
  // Who runs this installation; the e-mail is left out rather than invented.
  info.info.contact = {
    name: 'Support team of this helpdesk',
    url: config.appUrl || 'http://localhost:3000',
  };
  const document = SwaggerModule.createDocument(app, info, {
    operationIdFactory: (controllerKey, methodKey) => operationIdFor(controllerKey, methodKey),
  });
  const schemas = (document.components ??= {}).schemas ?? {};
  for (const [name, schema] of Object.entries(schemas)) schemas[name] = tidySchema(schema) as typeof schema;
  const error = schemas['ErrorResponse'] as Json | undefined;
  const errorProperties = error?.['properties'] as Json | undefined;
  if (errorProperties?.['code']) {
    errorProperties['code'] = {
      allOf: [{ $ref: '#/components/schemas/ErrorCode' }],
      description: 'Machine-readable error code',
    };
  }
  for (const [name, { values, description }] of Object.entries(NAMED_ENUMS)) {
    schemas[name] = { type: 'string', enum: [...values], description };
  }
  document.components.schemas = schemas;
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const operation of Object.values(methods as Record<string, Json>)) {
      if (isObject(operation) && operation['responses']) tidyOperation(path, operation);
    }
  }
  const used = new Set(
    Object.values(document.paths).flatMap((methods) =>
      Object.values(methods as Record<string, Json>).flatMap(
        (op) => (op['tags'] as string[] | undefined) ?? [],
      ),
    ),
  );
  document.tags = (document.tags ?? []).filter((tag) => used.has(tag.name));
  return document;
}
