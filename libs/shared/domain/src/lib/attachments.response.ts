import { UserSummary } from './users.response';

/**
 * A file attached to a ticket. Download it from `GET /api/attachments/{id}` (with the same bearer
 * token), and its preview, when `hasPreview`, from `GET /api/attachments/{id}/preview`.
 */
export class AttachmentResponse {
  /** @example 12 */
  id!: number;
  /** The sanitised file name (no path, no control characters, at most 255 UTF-8 bytes). @example "screenshot.png" */
  filename!: string;
  /** Size in bytes. @example 48213 */
  size!: number;
  /** The media type sniffed from the bytes (never the type the client claimed). @example "image/png" */
  contentType!: string;
  /** ISO 8601 UTC. */
  createdAt!: string;
  /** The reply or internal note it belongs to; null for an upload not sent with a reply yet. @example null */
  replyId!: number | null;
  /** True for images, which have a preview at most 320 px wide. @example true */
  hasPreview!: boolean;
  /** True when customers never see it: on an internal note, or uploaded by staff and not sent with a public reply yet. @example false */
  internal!: boolean;
  /** Who uploaded it (by name only: no e-mail). */
  uploadedBy!: UserSummary;
}

/** `POST /api/tickets/{id}/attachments`: the files stored, in the order they were sent. */
export class AttachmentUploadResponse {
  items!: AttachmentResponse[];
}
