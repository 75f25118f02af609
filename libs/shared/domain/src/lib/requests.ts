import type { ApiTokenScope } from './api-tokens';
import { Role, TicketPriority } from './enums';
import type { WebhookEvent } from './webhooks';

/**
 * The request bodies of the API, as plain shapes for clients (the web app). The API's validated
 * classes in `@hd/shared/dto` implement these, so both sides are checked against one definition;
 * limits and rules are documented on those classes and in the OpenAPI document.
 */

/**
 * `POST /api/auth/register`. Send `firstName` and `lastName`; clients from before the split may
 * send `name` alone instead (deprecated), which is split on its last space.
 */
export interface RegisterRequest {
  email: string;
  password: string;
  /** Required unless the deprecated `name` is sent. */
  firstName?: string;
  /** Required unless the deprecated `name` is sent. */
  lastName?: string;
  /** @deprecated send `firstName` and `lastName`; never together with them. */
  name?: string;
}

/** `POST /api/auth/login`. */
export interface LoginRequest {
  email: string;
  password: string;
}

/** `POST /api/tickets`. */
export interface CreateTicketRequest {
  subject: string;
  description: string;
  priority?: TicketPriority;
  /** A category slug (`GET /api/categories`); defaults to `general`. */
  category?: string;
  /** A phone number, in international form or national for `DEFAULT_PHONE_REGION`. */
  contactNumber?: string;
  /** The product, device or service concerned. */
  affectedItem?: string;
  /** Staff only: the customer the ticket is opened for. */
  customerId?: number;
}

/** `PATCH /api/tickets/:id`; omitted fields stay as they are. */
export interface UpdateTicketRequest {
  subject?: string;
  description?: string;
  category?: string;
  /** null clears it. */
  contactNumber?: string | null;
  /** null clears it. */
  affectedItem?: string | null;
  /** Staff only. */
  priority?: TicketPriority;
}

/** `POST /api/tickets/:id/replies`. */
export interface CreateReplyRequest {
  content: string;
  /** Staff only: an internal note, never shown to customers. */
  internal?: boolean;
  /** Ids of the caller's own uploads on this ticket not sent yet, linked to the reply when it is sent. */
  attachmentIds?: number[];
}

/** `PATCH /api/users/me/preferences`; omitted fields stay as they are. */
export interface UpdatePreferencesRequest {
  emailNotifications?: boolean;
}

/** `POST /api/categories` (admin). */
export interface CreateCategoryRequest {
  /** Fixed once created; derived from the name when omitted. */
  slug?: string;
  name: string;
  /** Defaults to after the last one. */
  position?: number;
}

/** `PATCH /api/categories/:id` (admin); omitted fields stay as they are. */
export interface UpdateCategoryRequest {
  name?: string;
  active?: boolean;
  position?: number;
}

/** `POST /api/canned-responses` (staff; only admins may send `shared: true`). */
export interface CreateCannedResponseRequest {
  title: string;
  /** May hold `{{customer.firstName}}`, `{{ticket.number}}` and `{{agent.firstName}}`. */
  body: string;
  /** True shares it with every agent and admin (admins only); defaults to false (personal). */
  shared?: boolean;
}

/** `PATCH /api/canned-responses/:id`; omitted fields stay as they are. */
export interface UpdateCannedResponseRequest {
  title?: string;
  body?: string;
  /** Admins only, to share a personal one or to make a shared one their own personal one. */
  shared?: boolean;
}

/** `POST /api/users` (admin). Without `password`, the user is e-mailed an invitation to choose one. */
export interface CreateUserRequest {
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  password?: string;
}

/** `PATCH /api/users/:id` (admin); omitted fields stay as they are. */
export interface UpdateUserRequest {
  firstName?: string;
  lastName?: string;
  email?: string;
  role?: Role;
  /** false deactivates the user (ending their sessions at once), true reactivates them. */
  active?: boolean;
}

/** `PATCH /api/users/me`: one's own names and availability; omitted fields stay as they are. */
export interface UpdateProfileRequest {
  firstName?: string;
  lastName?: string;
  /** Agents and admins only: whether automatic assignment may give them new tickets. */
  available?: boolean;
}

/** `POST /api/users/me/password`. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** `POST /api/auth/password-reset`. */
export interface PasswordResetRequest {
  email: string;
}

/** `POST /api/auth/password-reset/confirm`: also accepts the token of an invitation. */
export interface PasswordResetConfirmRequest {
  token: string;
  newPassword: string;
}

/** `POST /api/users/me/api-tokens`. */
export interface CreateApiTokenRequest {
  /** What the token is for, 1 to `API_TOKEN_LIMITS.nameMaxLength` characters. */
  name: string;
  /** At least one, of `API_TOKEN_SCOPES_BY_ROLE[role]`. */
  scopes: ApiTokenScope[];
  /** When it stops working (ISO 8601 date-time, in the future); absent: never. */
  expiresAt?: string;
}

/** `POST /api/webhooks` (admin). */
export interface CreateWebhookRequest {
  /** `http://` or `https://`, reaching a public address unless its host is in `WEBHOOK_ALLOW_HOSTS`. */
  url: string;
  /** At least one. */
  events: WebhookEvent[];
  /** The signing key (`WEBHOOK_LIMITS.secretMinLength` to `secretMaxLength` characters); absent: one is generated. */
  secret?: string;
  /** Defaults to true. */
  active?: boolean;
  /** Whether `reply.created` includes internal notes; defaults to false. */
  includeInternalNotes?: boolean;
}

/** `PATCH /api/webhooks/:id` (admin); omitted fields stay as they are. `active: true` turns a switched-off one back on. */
export type UpdateWebhookRequest = Partial<CreateWebhookRequest>;
