import { Transform } from 'class-transformer';
import { ValidateIf, ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

import { evaluatePassword } from '@hd/shared/domain/password-policy';

/** Trims surrounding white space from a string field before validation (leaves other types alone). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
}

/** Trims and lower-cases an e-mail address, so `Ann@Example.COM ` and `ann@example.com` are one account. */
export function NormalizeEmail(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
}

/**
 * Validates a new password with {@link evaluatePassword}; the other string fields of the object
 * (email, name) count as easy guesses. The message says why the password was refused.
 */
export function IsStrongPassword(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isStrongPassword',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          return typeof value === 'string' && evaluatePassword(value, userInputsOf(args)).acceptable;
        },
        defaultMessage(args: ValidationArguments): string {
          if (typeof args.value !== 'string') return 'password must be a string';
          return evaluatePassword(args.value, userInputsOf(args)).reason ?? 'password is too weak';
        },
      },
    });
  };
}

function userInputsOf(args: ValidationArguments): string[] {
  return Object.entries(args.object)
    .filter(([key, value]) => key !== args.property && typeof value === 'string')
    .map(([, value]) => value as string);
}

/**
 * Like `@IsOptional()`, but only an absent field skips validation: `null` is validated (and so
 * refused by the field's other rules), for fields where null has no meaning.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/**
 * Reads a query-string boolean: `true`/`false` (strings or booleans) become booleans; anything else
 * is left for `@IsBoolean()` to refuse.
 */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }) =>
    value === 'true' || value === true ? true : value === 'false' || value === false ? false : value,
  );
}
