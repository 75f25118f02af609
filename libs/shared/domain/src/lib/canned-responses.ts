import { Role } from './enums';
import { splitFullName } from './names';
import { Action, can } from './permissions';

/**
 * Canned responses: reply templates staff insert into a reply. Who sees and changes which (read
 * from the permission table), and the placeholders a template may hold, filled when inserted.
 */

/** The placeholders a canned response may hold, each as `{{name}}`, with what it is replaced by. */
export const CANNED_RESPONSE_PLACEHOLDERS = [
  { name: 'customer.firstName', description: "The first name of the ticket's customer" },
  { name: 'ticket.number', description: "The ticket's number, e.g. TICK-20261126-0001" },
  { name: 'agent.firstName', description: 'The first name of the agent who inserts it' },
] as const;

/** The name of a placeholder of {@link CANNED_RESPONSE_PLACEHOLDERS}, e.g. `ticket.number`. */
export type CannedResponsePlaceholder = (typeof CANNED_RESPONSE_PLACEHOLDERS)[number]['name'];

/** The value of each placeholder; a missing or empty one leaves its placeholder as typed. */
export type PlaceholderValues = Readonly<Partial<Record<CannedResponsePlaceholder, string>>>;

/** `{{name}}`, `{{ name }}`: a dotted name between double braces, spaces allowed inside them. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}/g;

/**
 * Replaces each placeholder of `template` (`{{customer.firstName}}`, `{{ ticket.number }}`) by its
 * value in one pass (a value holding braces is not filled again). Unknown placeholders, and known
 * ones without a value (missing or empty), stay exactly as typed, so the writer sees what is left
 * to fill in. Pure.
 */
export function fillPlaceholders(template: string, values: PlaceholderValues): string {
  return template.replace(PLACEHOLDER, (typed: string, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name)
      ? values[name as CannedResponsePlaceholder]
      : undefined;
    return value ? value : typed;
  });
}

/** What {@link placeholderValuesFor} reads: a ticket (as the API returns it) and the agent writing. */
export interface PlaceholderSources {
  ticket?: {
    number: string;
    /** The customer; their `firstName` when known, else the first name of their full `name`. */
    customer: { name: string; firstName?: string };
  } | null;
  agent?: { firstName: string } | null;
}

/**
 * The value of every placeholder for a reply on `ticket` written by `agent`. A ticket's customer
 * comes with their full name only: the first name is then read from it as the helpdesk splits a
 * full name (everything before the last space, see `splitFullName`).
 */
export function placeholderValuesFor({ ticket, agent }: PlaceholderSources): PlaceholderValues {
  const customer = ticket?.customer;
  return {
    ...(customer && {
      'customer.firstName': customer.firstName || splitFullName(customer.name).firstName,
    }),
    ...(ticket && { 'ticket.number': ticket.number }),
    ...(agent && { 'agent.firstName': agent.firstName }),
  };
}

/**
 * The order of canned-response lists: by title, ignoring case and accents, then by id (for
 * `Array.prototype.sort`).
 */
export function compareCannedResponses(
  a: { title: string; id: number },
  b: { title: string; id: number },
): number {
  return a.title.localeCompare(b.title, 'en', { sensitivity: 'base' }) || a.id - b.id;
}

/** A user as the canned-response rules need them. */
export interface CannedResponseUser {
  id: number;
  role: Role;
}

/** A canned response as its rules need it: shared or not, and whose it is (a reference or an id). */
export interface CannedResponseFacts {
  shared: boolean;
  owner: { id: number } | number;
}

function ownerIdOf(response: CannedResponseFacts): number {
  return typeof response.owner === 'number' ? response.owner : response.owner.id;
}

/**
 * Whether `user` may see `response`: staff see every shared one and their own personal ones;
 * another user's personal one does not exist for them (the API answers 404).
 */
export function canSeeCannedResponse(user: CannedResponseUser, response: CannedResponseFacts): boolean {
  if (!can(user.role, Action.UseCannedResponses)) return false;
  return response.shared || ownerIdOf(response) === user.id;
}

/**
 * Whether `user` may edit or delete `response`: a shared one if the permission table lets them
 * manage shared ones (admins), a personal one if it is theirs.
 */
export function canChangeCannedResponse(user: CannedResponseUser, response: CannedResponseFacts): boolean {
  if (!canSeeCannedResponse(user, response)) return false;
  return response.shared ? can(user.role, Action.ManageSharedCannedResponses) : true;
}
