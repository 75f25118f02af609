import { NAME_MAX_LENGTH } from './limits';

/**
 * A first or last name, after trimming: letters of any script (with their combining marks),
 * spaces, hyphens, apostrophes (`'` and `’`), periods, and the zero-width (non-)joiners some
 * scripts write names with; it starts with a letter. No digits or other symbols: "Anne-Marie",
 * "O'Brien", "José", "李" and "J. R." pass; "R2D2", "-Ann" and "Ann!" do not.
 */
export const PERSON_NAME_PATTERN = /^\p{L}(?:[\p{L}\p{M} '’.-]|\u200C|\u200D)*$/u;

/** Length in Unicode code points (what people count as characters; "李" is one, as is "𠀋"). */
export function nameLength(value: string): number {
  return [...value].length;
}

/**
 * Why `value` (already trimmed) is not a valid first or last name, or null when it is: not empty,
 * at most {@link NAME_MAX_LENGTH} characters, and matching {@link PERSON_NAME_PATTERN}.
 * @param field the field named in the message, e.g. `firstName`
 */
export function personNameProblem(value: string, field = 'name'): string | null {
  if (!value) return `${field} must not be empty`;
  if (nameLength(value) > NAME_MAX_LENGTH)
    return `${field} must be at most ${NAME_MAX_LENGTH} characters long`;
  if (!PERSON_NAME_PATTERN.test(value))
    return `${field} may contain only letters, spaces, hyphens, apostrophes and periods, and must start with a letter`;
  return null;
}

/** A first and a last name. */
export interface PersonName {
  firstName: string;
  lastName: string;
}

/**
 * Splits a full name on its last space, as the migration split the old single `name`: "Anne Marie
 * Smith" is "Anne Marie" + "Smith"; a single word is the first name with an empty last name.
 */
export function splitFullName(full: string): PersonName {
  const trimmed = full.trim();
  const at = trimmed.lastIndexOf(' ');
  if (at < 0) return { firstName: trimmed, lastName: '' };
  return { firstName: trimmed.slice(0, at).trim(), lastName: trimmed.slice(at + 1) };
}

/** The display name: first and last name with one space between, trimmed ("Ada Admin", or "Cher"). */
export function fullName(firstName: string, lastName: string): string {
  return `${firstName} ${lastName}`.trim();
}
