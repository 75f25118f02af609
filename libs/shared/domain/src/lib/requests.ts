import { Role, TicketPriority } from './enums';

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

/** `PATCH /api/users/me`: one's own names; omitted fields stay as they are. */
export interface UpdateProfileRequest {
  firstName?: string;
  lastName?: string;
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
