import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

import { ErrorCode } from '@hd/shared/domain';

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

/** {@link ValidationPipe} that first refuses unstorable text (see {@link findUnstorableText}) with a 400. */
class HelpdeskValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
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
