import { TicketCategory, TicketPriority } from './enums';

/**
 * The request bodies of the API, as plain shapes for clients (the web app). The API's validated
 * classes in `@hd/shared/dto` implement these, so both sides are checked against one definition;
 * limits and rules are documented on those classes and in the OpenAPI document.
 */

/** `POST /api/auth/register`. */
export interface RegisterRequest {
  email: string;
  password: string;
  name: string;
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
  category?: TicketCategory;
  /** Staff only: the customer the ticket is opened for. */
  customerId?: number;
}

/** `PATCH /api/tickets/:id`; omitted fields stay as they are. */
export interface UpdateTicketRequest {
  subject?: string;
  description?: string;
  category?: TicketCategory;
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
