/**
 * Ticket attachments: the rules the API enforces and the web app reads (which files it offers to
 * pick, how many at once).
 */

/** Default of `ATTACHMENT_MAX_BYTES`: the largest file accepted, in bytes (10 MiB). */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Most files one upload request may carry; more is refused with 413 `TOO_MANY_ATTACHMENTS`. */
export const MAX_ATTACHMENTS_PER_REQUEST = 10;

/** Most attachments one reply or note may carry (`attachmentIds`). */
export const MAX_ATTACHMENTS_PER_REPLY = 20;

/** Longest stored file name, in UTF-8 bytes (the common file-system limit). */
export const ATTACHMENT_FILENAME_MAX_BYTES = 255;

/** Image types shown inline and given a preview (`GET /api/attachments/:id/preview`). */
export const INLINE_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** Widest preview, in pixels (previews keep their aspect ratio and are never enlarged). */
export const ATTACHMENT_PREVIEW_MAX_WIDTH = 320;

/**
 * Media types accepted, as sniffed from the bytes (the client's claim is never trusted): images,
 * PDF, plain text and CSV, office documents (OOXML, OpenDocument, legacy Word and Excel) and zip.
 */
export const ALLOWED_ATTACHMENT_TYPES: readonly string[] = [
  ...INLINE_IMAGE_TYPES,
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/msword',
  'application/vnd.ms-excel',
  'application/zip',
];

/** File name endings a file picker may offer (`accept`), matching {@link ALLOWED_ATTACHMENT_TYPES}. */
export const ALLOWED_ATTACHMENT_EXTENSIONS: readonly string[] = [
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.webp',
  '.pdf',
  '.txt',
  '.log',
  '.csv',
  '.docx',
  '.xlsx',
  '.pptx',
  '.odt',
  '.ods',
  '.doc',
  '.xls',
  '.zip',
];
