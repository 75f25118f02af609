import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

import { ErrorCode } from '@hd/shared/dto';

function collect(errors: ValidationError[], prefix = '', into: Record<string, string[]> = {}): Record<string, string[]> {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) into[path] = Object.values(error.constraints);
    if (error.children?.length) collect(error.children, path, into);
  }
  return into;
}

/**
 * The global validation pipe: unknown fields are refused, values are converted to the DTO's types,
 * and a failure is a 400 `VALIDATION_FAILED` whose `errors` maps each field to its messages.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
