import { Transform } from 'class-transformer';
import { ValidateIf, ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';

import {
  loadPasswordPolicy,
  NAME_MAX_LENGTH,
  nameLength,
  personNameProblem,
  splitFullName,
} from '@hd/shared/domain';

/** Trims surrounding white space from a string field before validation (leaves other types alone). */
export function Trim(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
}

/** Trims and lower-cases an e-mail address, so `Ann@Example.COM ` and `ann@example.com` are one account. */
export function NormalizeEmail(): PropertyDecorator {
  return Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
}

/** Why a password was refused, by the object and field validated, for the validator's message. */
const passwordReasons = new WeakMap<object, Map<string, string>>();

/**
 * Validates a new password with the password policy (`evaluatePassword`, loaded on first use:
 * {@link loadPasswordPolicy}, which makes this an asynchronous constraint: `validate`, not
 * `validateSync`); the other string fields of the object (email, name) count as easy guesses. The
 * message says why the password was refused.
 */
export function IsStrongPassword(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isStrongPassword',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options,
      async: true,
      validator: {
        async validate(value: unknown, args: ValidationArguments): Promise<boolean> {
          if (typeof value !== 'string') return false;
          const { evaluatePassword } = await loadPasswordPolicy();
          const verdict = evaluatePassword(value, userInputsOf(args));
          if (verdict.acceptable) return true;
          const reasons = passwordReasons.get(args.object) ?? new Map<string, string>();
          reasons.set(args.property, verdict.reason ?? 'password is too weak');
          passwordReasons.set(args.object, reasons);
          return false;
        },
        defaultMessage(args: ValidationArguments): string {
          if (typeof args.value !== 'string') return 'password must be a string';
          return passwordReasons.get(args.object)?.get(args.property) ?? 'password is too weak';
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

/**
 * Validates a first or last name with the domain's rule (`personNameProblem`: 1 to
 * {@link NAME_MAX_LENGTH} characters, letters of any script, spaces, hyphens, apostrophes and
 * periods). Put `@Trim()` on the field too; the message says which rule failed.
 */
export function IsPersonName(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isPersonName',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          return typeof value === 'string' && personNameProblem(value, args.property) === null;
        },
        defaultMessage(args: ValidationArguments): string {
          if (args.value === undefined) return `${args.property} must not be empty`;
          if (typeof args.value !== 'string') return `${args.property} must be a string`;
          return personNameProblem(args.value, args.property) ?? `${args.property} is not a valid name`;
        },
      },
    });
  };
}

/** Longest deprecated single `name`: a first and a last name of {@link NAME_MAX_LENGTH} each, and a space. */
const FULL_NAME_MAX_LENGTH = 2 * NAME_MAX_LENGTH + 1;

/** Why a deprecated single `name` (already trimmed) cannot be split into valid names, or null. */
function fullNameProblem(value: unknown, object: Record<string, unknown>): string | null {
  if (object['firstName'] !== undefined || object['lastName'] !== undefined)
    return 'name cannot be sent together with firstName and lastName; send only firstName and lastName';
  if (value === undefined) return 'name must not be empty: send firstName and lastName';
  if (typeof value !== 'string') return 'name must be a string';
  if (!value) return 'name must not be empty';
  if (nameLength(value) > FULL_NAME_MAX_LENGTH)
    return `name must be at most ${FULL_NAME_MAX_LENGTH} characters long`;
  const { firstName, lastName } = splitFullName(value);
  const problem =
    personNameProblem(firstName, 'name') ?? (lastName ? personNameProblem(lastName, 'name') : null);
  return problem ? problem.replace(/^name/, 'name (split on its last space into first and last name)') : null;
}

/**
 * Validates the deprecated single `name` of older clients: it is split on its last space (a single
 * word is a first name with an empty last name) and each part must be a valid name (see
 * {@link IsPersonName}); it may not be combined with `firstName` or `lastName` on the same object.
 */
export function IsLegacyFullName(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isLegacyFullName',
      target: target.constructor,
      propertyName: propertyName.toString(),
      options,
      validator: {
        validate(value: unknown, args: ValidationArguments): boolean {
          return fullNameProblem(value, args.object as Record<string, unknown>) === null;
        },
        defaultMessage(args: ValidationArguments): string {
          return fullNameProblem(args.value, args.object as Record<string, unknown>) ?? 'name is not valid';
        },
      },
    });
  };
}
