import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

import { ErrorCode, MAX_BODY_DEPTH } from '@hd/shared/domain';

function collect(
  errors: ValidationError[],
  prefix = '',
  into: Record<string, string[]> = {},
): Record<string, string[]> {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[path] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, path, into);
  }
  return into;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Finds strings no database can store faithfully: a NUL character (PostgreSQL refuses it, SQLite
 * cuts the text at it) or a lone UTF-16 surrogate (not Unicode text at all). Returns the path of
 * the first one, e.g. `subject` or `items.2.name`, or null.
 */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') {
    return value.includes('\u0000') || LONE_SURROGATE.test(value) ? path || 'value' : null;
  }
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = findUnstorableText(child, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/**
 * How deeply `value` nests objects and arrays (a scalar is 0, `{}` is 1), counted without
 * recursion so that a hostile body cannot overflow the stack; stops counting past
 * {@link MAX_BODY_DEPTH} + 1.
 */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_BODY_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** {@link ValidationPipe} that first refuses unstorable text (see {@link findUnstorableText}) with a 400. */
class HelpdeskValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom' && depthOf(value) > MAX_BODY_DEPTH) {
      throw new BadRequestException({
        message: `The request nests objects or arrays more than ${MAX_BODY_DEPTH} levels deep`,
        code: ErrorCode.PayloadTooDeep,
      });
    }
    if (metadata.type !== 'custom') {
      const field = findUnstorableText(value);
      if (field) {
        const message = 'must not contain NUL characters or invalid Unicode';
        throw new BadRequestException({
          message: `Validation failed: ${field} ${message}`,
          code: ErrorCode.ValidationFailed,
          errors: { [field]: [`${field} ${message}`] },
        });
      }
    }
    return super.transform(value, metadata);
  }

  /**
   * Leaves route parameters as the strings they arrived as: global pipes run before a parameter's
   * own, and `+value` would turn `0x1`, `01`, `1.0` or `1 ` into 1 before `ParseIdPipe` could
   * refuse them.
   */
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

/**
 * The global validation pipe: unknown fields are refused, values are converted to the DTO's types,
 * and a failure is a 400 `VALIDATION_FAILED` whose `errors` maps each field to its messages.
 * Text with NUL characters or lone surrogates is refused before that.
 */
export function createValidationPipe(): ValidationPipe {
  return new HelpdeskValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = collect(errors);
      const first = Object.values(fields)[0]?.[0];
      return new BadRequestException({
        message: first ? `Validation failed: ${first}` : 'Validation failed',
        code: ErrorCode.ValidationFailed,
        errors: fields,
      });
    },
  });
}
