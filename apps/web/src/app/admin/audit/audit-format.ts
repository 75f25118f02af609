import {
  type AuditChanges,
  type AuditTargetResponse,
  type Role,
  PRIORITY_LABELS,
  ROLE_LABELS,
  ROLES,
  TICKET_PRIORITIES,
} from '@hd/shared/domain';

/** What people read for the fields audit entries record. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'E-mail',
  role: 'Role',
  active: 'Active',
  name: 'Name',
  slug: 'Slug',
  position: 'Place',
  emailNotifications: 'E-mail notifications',
};

/** `someField` as "Some field", for fields without a label. */
function humanize(field: string): string {
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A recorded value as people read it: roles by label, yes/no, places from 1, "—" for nothing. */
function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (field === 'role' && (ROLES as readonly unknown[]).includes(value)) return ROLE_LABELS[value as Role];
  if (field === 'position' && typeof value === 'number') return String(value + 1);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * The changes of an audit entry, one line per field: "Role: Customer → Agent", or "Name: Billing"
 * for a value set on creation.
 */
export function describeChanges(changes: AuditChanges): string[] {
  return Object.entries(changes).map(([field, { from, to }]) => {
    const label = FIELD_LABELS[field] ?? humanize(field);
    const after = formatValue(field, to);
    return from === null || from === undefined
      ? `${label}: ${after}`
      : `${label}: ${formatValue(field, from)} → ${after}`;
  });
}

/**
 * What an audit entry is about: "User 6", "Category 3", "Canned response 7", "SLA policy: Urgent",
 * "Webhook 2", "Settings".
 */
export function describeTarget(target: AuditTargetResponse): string {
  switch (target.type) {
    case 'user':
      return `User ${target.id}`;
    case 'category':
      return `Category ${target.id}`;
    case 'canned_response':
      return `Canned response ${target.id}`;
    case 'sla_policy':
      return `SLA policy: ${PRIORITY_LABELS[TICKET_PRIORITIES[target.id]] ?? target.id}`;
    case 'webhook':
      return `Webhook ${target.id}`;
    default:
      return 'Settings';
  }
}
