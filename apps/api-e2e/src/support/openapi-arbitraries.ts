import fc from 'fast-check';

/** A JSON Schema as the API's OpenAPI 3 document writes it: the subset the generators read. */
export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  nullable?: boolean;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  example?: unknown;
}

/** A parameter of an operation (path, query or header). */
export interface Parameter {
  $ref?: string;
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

/** An operation of the document, as far as the generators need it. */
export interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: Schema }> };
}

/** A path of the document: its operations by lower-case method, and parameters shared by them. */
export type PathItem = { parameters?: Parameter[] } & {
  [method: string]: Operation | Parameter[] | undefined;
};

/** An OpenAPI 3 document (`GET /docs-json`). */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, PathItem>;
  components?: { schemas?: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

/** One operation with its method, path template and every parameter that applies to it. */
export interface OperationRef {
  /** Upper case: `GET`, `POST`, ... */
  method: string;
  /** The path template, e.g. `/api/tickets/{id}`. */
  path: string;
  /** `METHOD path`, e.g. `PATCH /api/tickets/{id}`. */
  key: string;
  operation: Operation;
  /** Path-level and operation-level parameters, `$ref`s resolved (the operation's win). */
  parameters: Parameter[];
}

/** A request the fuzz sends: ready to hand to `fetch`. */
export interface FuzzRequest {
  method: string;
  /** Path and query string, percent-encoded as sent. */
  url: string;
  headers: Record<string, string>;
  /** The raw body text (JSON, or deliberately malformed JSON), or undefined for none. */
  body?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

/**
 * Every operation of `doc`, in document order, with path-level parameters merged in.
 * @throws when a parameter `$ref` does not resolve
 */
export function listOperations(doc: OpenApiDocument): OperationRef[] {
  const operations: OperationRef[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const byKey = new Map<string, Parameter>();
      for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = resolveParameter(doc, raw);
        byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      // A `{name}` in the template that no parameter declares still has to be filled.
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        if (!byKey.has(`path:${name}`)) byKey.set(`path:${name}`, { name, in: 'path', required: true });
      }
      const upper = method.toUpperCase();
      operations.push({
        method: upper,
        path,
        key: `${upper} ${path}`,
        operation,
        parameters: [...byKey.values()],
      });
    }
  }
  return operations;
}

function resolveParameter(doc: OpenApiDocument, parameter: Parameter): Parameter {
  if (!parameter.$ref) return parameter;
  const name = parameter.$ref.replace('#/components/parameters/', '');
  const target = doc.components?.parameters?.[name];
  if (!target) throw new Error(`unresolvable parameter $ref ${parameter.$ref}`);
  return target;
}

/**
 * `schema` with its `$ref` followed into `components/schemas` and `allOf` merged into one schema
 * (properties and `required` united; the outer schema's own keywords such as `nullable` kept).
 * @throws when a `$ref` does not resolve or refs loop more than 32 times
 */
export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined, hops = 0): Schema {
  if (!schema) return {};
  if (hops > 32) throw new Error('$ref chain too long');
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    const { $ref: _ref, ...outer } = schema;
    return resolveSchema(doc, { ...target, ...outer }, hops + 1);
  }
  if (schema.allOf?.length) {
    const { allOf, ...outer } = schema;
    const merged: Schema = { ...outer };
    for (const part of allOf.map((p) => resolveSchema(doc, p, hops + 1))) {
      const { properties, required, ...rest } = part;
      if (properties) merged.properties = { ...merged.properties, ...properties };
      if (required) merged.required = [...(merged.required ?? []), ...required];
      for (const [key, value] of Object.entries(rest)) {
        if ((merged as Record<string, unknown>)[key] === undefined)
          (merged as Record<string, unknown>)[key] = value;
      }
    }
    return merged;
  }
  return schema;
}

function typeOf(schema: Schema): string | undefined {
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  if (schema.enum?.length) return typeof schema.enum[0];
  return undefined;
}

/** An object with exactly these own enumerable keys, `__proto__` included (a literal would set the prototype). */
export function ownObject(entries: ReadonlyArray<readonly [string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** Keys that pollute prototypes when a server merges a body into an object carelessly. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** Strings that have broken servers before: empty, control characters, bad Unicode, injections, look-alikes. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n',
  '0',
  '-1',
  '1e400',
  'NaN',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\u202e\u0301',
  '\ufeff',
  '💥🧨',
  'Zoë Ünïcödé',
  '李小龍',
  "' OR '1'='1",
  "'; DROP TABLE tickets; --",
  '" OR ""="',
  '%00',
  '%',
  '%E0%A4%A',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '__proto__',
  'constructor',
  '\r\nX-Injected: 1',
  '*',
  '"',
  '\\',
  'a'.repeat(201),
  'é'.repeat(101),
];

/** Numbers at and past the edges: signs, fractions, 32- and 53-bit limits, the largest double. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1.5,
  0.000001,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e21,
  1.7976931348623157e308,
  -1.7976931348623157e308,
];

/** Path segments, already percent-encoded, that are not ids: zero, signs, fractions, exponents, bad encodings, NUL. */
export const HOSTILE_SEGMENTS: readonly string[] = [
  '0',
  '-1',
  '01',
  '1.0',
  '1.5',
  '1e3',
  '0x1',
  '%2B1',
  '%201',
  '1%20',
  '2147483647',
  '2147483648',
  '9007199254740993',
  '99999999999999999999',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '%00',
  '1%00',
  '%E0%A4%A',
  '%25',
  '%2F',
  '__proto__',
  'constructor',
  'TICK-',
  'TICK-00000000-0000',
  'TICK-99999999-99999999999',
  encodeURIComponent('💥'),
  encodeURIComponent('Zoë'),
  'a'.repeat(99),
  'a'.repeat(101),
  '9'.repeat(300),
];

/** Query values, percent-encoded as sent: wrong types, bad encodings, long text. */
export const HOSTILE_QUERY_VALUES: readonly string[] = [
  '',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e3',
  '1e400',
  'NaN',
  'Infinity',
  '0x10',
  '%201',
  '99999999999999999999',
  'null',
  'true',
  'TRUE',
  'maybe',
  '%00',
  '%',
  '%E0%A4%A',
  '%2C%2C',
  '+',
  encodeURIComponent('💥 Zoë 李'),
  'x'.repeat(201),
  'x'.repeat(5000),
];

/** Extra query keys: unknown names, bracket syntax that some parsers turn into objects, prototype keys. */
export const HOSTILE_QUERY_KEYS: readonly string[] = [
  'unknown',
  '__proto__',
  '__proto__%5Brole%5D',
  'constructor%5Bprototype%5D%5Brole%5D',
  'page%5B%24gt%5D',
  'status%5B%5D',
  'q%5B%5D',
  '',
  '%00',
];

/** Bodies that are not JSON, or not quite. */
export const MALFORMED_BODIES: readonly string[] = [
  '',
  '{',
  '{"a":',
  '[1,',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}{"b":2}',
  'undefined',
  'NaN',
  '\ufeff{}',
  '{"a":"\\ud800"}',
  '{"a":1e99999}',
  '\u0000',
];

/** `text` percent-encoded for a URL, bytes of lone surrogates included (where `encodeURIComponent` throws). */
export function percentEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...Buffer.from(text, 'utf8')]
      .map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`)
      .join('');
  }
}

/** Nests `1` `depth` levels deep in objects (`{"a":...}`) or arrays (`[...]`). */
export function nested(depth: number, arrays: boolean): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
}

/** Options of {@link SchemaArbitraries}. */
export interface SchemaArbitrariesOptions {
  /**
   * Plausible values for a body property, query parameter or header by its name (`email`,
   * `agentId`, `If-Match`, ...): real ids, real slugs, demo e-mails. Valid values use them most of
   * the time; without them most requests would fail validation before reaching a service.
   */
  hints?: Record<string, fc.Arbitrary<unknown>>;
  /** Edge cases by name (impossible dates, unknown time zones, search syntax), for mutated values. */
  edgeCases?: Record<string, fc.Arbitrary<unknown>>;
  /** How many levels of objects and arrays valid values build (default 6). */
  maxDepth?: number;
  /** The deepest hostile nesting generated (default 40, past the API's limit of 32). */
  maxHostileNesting?: number;
  /** The longest hostile string generated, in characters (default 120,000). */
  maxHugeString?: number;
}

/** How a request part is generated: as the document describes it, or fuzzed. */
export type Mode = 'valid' | 'fuzz';

/**
 * fast-check arbitraries built from an OpenAPI 3 document: schema-conforming values, mutated ones
 * (wrong types, nulls, missing required fields, extra and prototype keys, huge strings, deep
 * nesting), query strings, headers and whole requests.
 */
export class SchemaArbitraries {
  private readonly hints: Record<string, fc.Arbitrary<unknown>>;
  private readonly edgeCases: Record<string, fc.Arbitrary<unknown>>;
  private readonly maxDepth: number;
  /** Any hostile JSON value: wrong types, null, huge strings, prototype keys, operators, deep nesting. */
  readonly hostile: fc.Arbitrary<unknown>;

  /** @param doc the document whose `$ref`s the schemas use */
  constructor(
    private readonly doc: OpenApiDocument,
    options: SchemaArbitrariesOptions = {},
  ) {
    this.hints = options.hints ?? {};
    this.edgeCases = options.edgeCases ?? {};
    this.maxDepth = options.maxDepth ?? 6;
    this.hostile = hostileValue(options.maxHostileNesting ?? 40, options.maxHugeString ?? 120_000);
  }

  /**
   * Values that satisfy `schema` as far as the document says (enums, types, lengths, bounds,
   * required properties, nullability), mostly the hint for `name` when there is one.
   */
  valid(schema: Schema | undefined, name?: string, depth = 0): fc.Arbitrary<unknown> {
    const s = resolveSchema(this.doc, schema);
    const alternatives = s.oneOf ?? s.anyOf;
    let arbitrary: fc.Arbitrary<unknown>;
    if (alternatives?.length) {
      arbitrary = fc.oneof(...alternatives.map((a) => this.valid(a, name, depth)));
    } else if (s.enum?.length) {
      arbitrary = fc.constantFrom(...s.enum);
    } else {
      switch (typeOf(s)) {
        case 'string':
          arbitrary = validString(s);
          break;
        case 'number':
        case 'integer':
          arbitrary = validNumber(s);
          break;
        case 'boolean':
          arbitrary = fc.boolean();
          break;
        case 'array':
          arbitrary = this.validArray(s, name, depth);
          break;
        case 'object':
          arbitrary = this.validObject(s, depth);
          break;
        default:
          arbitrary = fc.jsonValue({ maxDepth: 2 });
      }
    }
    const hint = name !== undefined ? this.hints[name] : undefined;
    if (hint) arbitrary = fc.oneof({ weight: 4, arbitrary: hint }, { weight: 1, arbitrary });
    if (s.nullable) arbitrary = fc.option(arbitrary, { nil: null, freq: 6 });
    return arbitrary;
  }

  private validArray(s: Schema, name: string | undefined, depth: number): fc.Arbitrary<unknown> {
    if (depth >= this.maxDepth) return fc.constant([]);
    const minLength = s.minItems ?? 0;
    const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, 3));
    // Items take the hint named `name[]` (the array itself takes `name`).
    const item = this.valid(s.items, itemName(name), depth + 1);
    return s.uniqueItems
      ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
      : fc.array(item, { minLength, maxLength });
  }

  private validObject(s: Schema, depth: number): fc.Arbitrary<unknown> {
    if (depth >= this.maxDepth) return fc.constant({});
    if (!s.properties) {
      return s.additionalProperties
        ? fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
        : fc.constant({});
    }
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [key, property] of Object.entries(s.properties))
      model[key] = this.valid(property, key, depth + 1);
    const required = (s.required ?? []).filter((key) => key in model);
    return fc.record(model, { requiredKeys: required });
  }

  /**
   * Mostly-valid values of `schema` with mutations anywhere inside: a property or item replaced by
   * an edge case or a hostile value (wrong type, null, huge string, deep nesting,
   * prototype-polluting object), required properties left out, extra properties (prototype keys
   * among them) added.
   */
  mutated(schema: Schema | undefined, name?: string, depth = 0): fc.Arbitrary<unknown> {
    const s = resolveSchema(this.doc, schema);
    const type = typeOf(s);
    if (type === 'object' && s.properties && depth < this.maxDepth) {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(s.properties)) {
        model[key] = fc.oneof(
          { weight: 3, arbitrary: this.valid(property, key, depth + 1) },
          { weight: 2, arbitrary: this.mutated(property, key, depth + 1) },
        );
      }
      const extraKey = fc.oneof(
        fc.constantFrom(
          ...PROTOTYPE_KEYS,
          'id',
          'role',
          'version',
          'createdAt',
          'deletedAt',
          'owner',
          'isAdmin',
        ),
        fc.string({ maxLength: 12 }),
      );
      const required = (s.required ?? []).filter((key) => key in model);
      const object = fc
        .tuple(
          fc.oneof(fc.record(model, { requiredKeys: required }), fc.record(model, { requiredKeys: [] })),
          fc.option(fc.array(fc.tuple(extraKey, this.hostile), { minLength: 1, maxLength: 2 }), {
            nil: [],
            freq: 2,
          }),
        )
        .map(([base, extras]) => ownObject([...Object.entries(base), ...extras]));
      return fc.oneof({ weight: 6, arbitrary: object }, { weight: 1, arbitrary: this.hostile });
    }
    if (type === 'array' && depth < this.maxDepth) {
      const item = fc.oneof(
        this.valid(s.items, itemName(name), depth + 1),
        this.mutated(s.items, itemName(name), depth + 1),
      );
      return fc.oneof(
        { weight: 3, arbitrary: fc.array(item, { maxLength: 5 }) },
        { weight: 1, arbitrary: this.hostile },
      );
    }
    const edge = name !== undefined ? this.edgeCases[name] : undefined;
    return fc.oneof(
      { weight: 2, arbitrary: this.valid(s, name, depth) },
      { weight: 2, arbitrary: schemaEdges(s) },
      ...(edge ? [{ weight: 3, arbitrary: edge }] : []),
      { weight: 3, arbitrary: this.hostile },
    );
  }

  /**
   * The body of `op`. Valid: JSON of its schema (none when it has no schema). Fuzzed: mutated JSON,
   * malformed or cut-short text, no body; an operation without a request body gets one it did not
   * ask for now and then.
   */
  body(op: OperationRef, mode: Mode): fc.Arbitrary<string | undefined> {
    if (op.method === 'GET' || op.method === 'HEAD') return fc.constant(undefined);
    const schema = op.operation.requestBody?.content?.['application/json']?.schema;
    const json = (arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<string | undefined> =>
      arbitrary.map((value) => JSON.stringify(value));
    if (!schema) {
      if (mode === 'valid') return fc.constant(undefined);
      return fc.oneof(
        { weight: 3, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: json(this.hostile) },
        { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_BODIES) },
      );
    }
    const valid = this.valid(schema);
    if (mode === 'valid') return json(valid);
    return fc.oneof(
      { weight: 8, arbitrary: json(this.mutated(schema)) },
      { weight: 1, arbitrary: fc.constantFrom(...MALFORMED_BODIES) },
      // Valid JSON cut short: the parser sees a body that ends mid-value.
      {
        weight: 1,
        arbitrary: fc.tuple(valid, fc.nat()).map(([value, cutAt]) => {
          const text = JSON.stringify(value) ?? '';
          return text.slice(0, text.length ? cutAt % text.length : 0);
        }),
      },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  }

  /**
   * A query string (with its `?`, or empty) for the query parameters among `parameters`. Valid:
   * each optional parameter left out or given a valid value, arrays as repeated keys. Fuzzed: also
   * wrong types, edge cases, several values for one (`page=1&page=2`), `name[]` and
   * comma-separated arrays, and unknown and prototype-polluting keys.
   */
  query(parameters: readonly Parameter[], mode: Mode): fc.Arbitrary<string> {
    const hostile = fc.oneof(
      fc.constantFrom(...HOSTILE_QUERY_VALUES),
      fc.string({ unit: 'grapheme', maxLength: 20 }).map(percentEncode),
    );
    const perParameter = parameters
      .filter((p) => p.in === 'query')
      .map((p): fc.Arbitrary<Array<[string, string]>> => {
        const s = resolveSchema(this.doc, p.schema);
        const key = percentEncode(p.name);
        const text = (arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<string> =>
          arbitrary.map((v) => percentEncode(queryText(v)));
        const value = (schema: Schema | undefined, name: string): fc.Arbitrary<string> =>
          mode === 'valid'
            ? text(this.valid(schema, name))
            : fc.oneof(
                { weight: 2, arbitrary: text(this.valid(schema, name)) },
                { weight: 2, arbitrary: text(this.mutatedScalar(schema, name)) },
                { weight: 1, arbitrary: hostile },
              );
        let pairs: fc.Arbitrary<Array<[string, string]>>;
        if (typeOf(s) === 'array') {
          const values = fc.array(value(s.items, itemName(p.name) as string), { minLength: 1, maxLength: 3 });
          pairs =
            mode === 'valid'
              ? values.map((vs) => vs.map((v): [string, string] => [key, v]))
              : fc
                  .tuple(values, fc.constantFrom('repeat', 'brackets', 'commas'))
                  .map(([vs, form]) =>
                    form === 'commas'
                      ? [[key, vs.join('%2C')]]
                      : vs.map((v): [string, string] => [form === 'brackets' ? `${key}%5B%5D` : key, v]),
                  );
        } else if (mode === 'valid') {
          pairs = value(s, p.name).map((v): Array<[string, string]> => [[key, v]]);
        } else {
          pairs = fc.oneof(
            { weight: 5, arbitrary: value(s, p.name).map((v): Array<[string, string]> => [[key, v]]) },
            {
              weight: 1,
              arbitrary: fc
                .array(value(s, p.name), { minLength: 2, maxLength: 3 })
                .map((vs) => vs.map((v): [string, string] => [key, v])),
            },
          );
        }
        return p.required ? pairs : fc.option(pairs, { nil: [], freq: 2 });
      });
    const extras =
      mode === 'valid'
        ? fc.constant([])
        : fc.option(
            fc.array(fc.tuple(fc.constantFrom(...HOSTILE_QUERY_KEYS), hostile), {
              minLength: 1,
              maxLength: 2,
            }),
            {
              nil: [],
              freq: 2,
            },
          );
    return fc.tuple(fc.tuple(...perParameter), extras).map(([chosen, extra]) => {
      const pairs = [...chosen.flat(), ...extra];
      return pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}` : '';
    });
  }

  /** A scalar value for a query parameter: the schema's edges, the name's edge cases. */
  private mutatedScalar(schema: Schema | undefined, name: string): fc.Arbitrary<unknown> {
    const s = resolveSchema(this.doc, schema);
    const edge = this.edgeCases[name];
    return edge ? fc.oneof(schemaEdges(s), edge) : schemaEdges(s);
  }

  /** Headers for the header parameters among `parameters`: left out, or a hint (valid) or odd printable ASCII (fuzzed). */
  headers(parameters: readonly Parameter[], mode: Mode): fc.Arbitrary<Record<string, string>> {
    const printable = fc.string({
      unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 60,
    });
    const entries = parameters
      .filter((p) => p.in === 'header')
      .map((p) => {
        const hint = this.hints[p.name]?.map((v) => String(v));
        const odd = fc.oneof(
          printable,
          fc.constantFrom('0', '-1', '*', '""', 'W/"1"', '"1"', 'x'.repeat(1000)),
        );
        const value = mode === 'valid' ? (hint ?? printable) : hint ? fc.oneof(hint, odd) : odd;
        return fc.option(
          value.map((v): [string, string] => [p.name, v]),
          { nil: null, freq: 2 },
        );
      });
    return fc
      .tuple(...entries)
      .map((chosen) => Object.fromEntries(chosen.filter((e): e is [string, string] => e !== null)));
  }

  /**
   * Whole requests for `op`, two in five valid (every part as the document describes it, path
   * parameters from `pathValues(parameter, 'valid')`) and the rest fuzzed. Path values must come
   * percent-encoded. The requests print as `METHOD url headers body`, long values cut, so that a
   * counterexample can be read.
   */
  request(
    op: OperationRef,
    pathValues: (parameter: Parameter, mode: Mode) => fc.Arbitrary<string>,
  ): fc.Arbitrary<FuzzRequest> {
    const pathParameters = op.parameters.filter((p) => p.in === 'path');
    const build = (mode: Mode): fc.Arbitrary<FuzzRequest> =>
      fc
        .record({
          segments: fc.tuple(...pathParameters.map((p) => pathValues(p, mode))),
          query: this.query(op.parameters, mode),
          headers: this.headers(op.parameters, mode),
          body: this.body(op, mode),
        })
        .map(({ segments, query, headers, body }) => {
          let path = op.path;
          pathParameters.forEach((p, i) => (path = path.split(`{${p.name}}`).join(segments[i])));
          const request: FuzzRequest = { method: op.method, url: `${path}${query}`, headers, body };
          Object.defineProperty(request, fc.toStringMethod, { value: () => describeRequest(request) });
          return request;
        });
    return fc.oneof({ weight: 2, arbitrary: build('valid') }, { weight: 3, arbitrary: build('fuzz') });
  }
}

function itemName(name: string | undefined): string | undefined {
  return name === undefined ? undefined : `${name}[]`;
}

/** `request` on one line, long values cut: `PATCH /api/tickets/7 {"If-Match":"1"} {"subject":...}`. */
export function describeRequest(request: FuzzRequest): string {
  const headers = Object.keys(request.headers).length ? ` ${cut(JSON.stringify(request.headers), 200)}` : '';
  const body = request.body === undefined ? '' : ` body ${cut(JSON.stringify(request.body), 600)}`;
  return `${request.method} ${cut(request.url, 600)}${headers}${body}`;
}

/** `text` cut to `max` characters, saying how many were left out. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

function queryText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function validString(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 10_000;
  const fits = (text: string): boolean => text.length >= min && text.length <= max;
  const options: fc.Arbitrary<string>[] = [];
  if (s.format === 'email') options.push(fc.emailAddress().filter(fits));
  else if (s.format === 'date-time')
    options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  else if (s.pattern) {
    try {
      options.push(fc.stringMatching(new RegExp(s.pattern)).filter(fits));
    } catch {
      // A pattern fast-check cannot generate from: words instead.
    }
  }
  if (!options.length) {
    options.push(fc.lorem({ maxCount: 4 }).filter((text) => text.length >= 1 && fits(text)));
    if (max <= 20_000) options.push(fc.constant('y'.repeat(max)));
  }
  if (typeof s.example === 'string' && fits(s.example)) options.push(fc.constant(s.example));
  return fc.oneof(...options);
}

function validNumber(s: Schema): fc.Arbitrary<number> {
  const min = Math.ceil(s.minimum ?? -1_000);
  const max = Math.floor(s.maximum ?? 1_000_000);
  const options: fc.Arbitrary<number>[] = [];
  if (min <= max) options.push(fc.integer({ min, max }), fc.constantFrom(min, max));
  else options.push(fc.double({ min: s.minimum, max: s.maximum, noNaN: true }));
  if (typeof s.example === 'number') options.push(fc.constant(s.example));
  return fc.oneof(...options);
}

/** Values at and just past what the schema allows: empty and over-long text, out-of-range and fractional numbers. */
function schemaEdges(s: Schema): fc.Arbitrary<unknown> {
  switch (typeOf(s)) {
    case 'string': {
      const max = s.maxLength ?? 200;
      return fc.oneof(
        fc.constantFrom('', ' ', 'y'.repeat(max + 1)),
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
      );
    }
    case 'number':
    case 'integer': {
      const min = s.minimum ?? 0;
      const max = s.maximum ?? 2 ** 31;
      return fc.oneof(
        fc.constantFrom(min - 1, max + 1, min - 0.5, max + 0.5, 0.5),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    }
    case 'boolean':
      return fc.constantFrom('true', 0, 1, 'false', '');
    default:
      return fc.constantFrom(null, '', 0);
  }
}

function hostileValue(maxNesting: number, maxHuge: number): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    fc.constantFrom<unknown>(null, true, false, ...HOSTILE_NUMBERS),
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
  );
  const huge = fc
    .tuple(fc.integer({ min: 1_000, max: maxHuge }), fc.constantFrom('x', 'é', '😀', ' '))
    .map(([n, unit]) => unit.repeat(Math.ceil(n / unit.length)));
  const pollution = fc
    .tuple(
      fc.constantFrom(...PROTOTYPE_KEYS),
      fc.constantFrom<unknown>(
        { role: 'admin' },
        { prototype: { role: 'admin' } },
        { isAdmin: true },
        null,
        'x',
      ),
    )
    .map(([key, value]) => ownObject([[key, value]]));
  const operators = fc.constantFrom<unknown>({ $ne: null }, { $gt: '' }, { $in: [1, 2] }, { $where: '1' });
  const deep = fc
    .tuple(fc.integer({ min: 2, max: maxNesting }), fc.boolean())
    .map(([depth, arrays]) => nested(depth, arrays));
  return fc.oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: pollution },
    { weight: 1, arbitrary: operators },
    { weight: 1, arbitrary: deep },
    { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}
