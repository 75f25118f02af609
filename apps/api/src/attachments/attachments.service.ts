import { Readable } from 'node:stream';

import { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/knex';
import {
  BadRequestException,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromStream } from 'file-type';

import {
  Action,
  ATTACHMENT_PREVIEW_MAX_WIDTH,
  AttachmentResponse,
  AttachmentUploadResponse,
  ErrorCode,
  INLINE_IMAGE_TYPES,
  isStaff,
  MAX_ATTACHMENTS_PER_REQUEST,
} from '@hd/shared/domain';

import { Clock } from '../common/clock';
import { AuthUser } from '../common/decorators/current-user.decorator';
import { assertAllowed } from '../common/permissions';
import { TicketRef } from '../common/pipes/parse-ticket-ref.pipe';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Reply } from '../replies/reply.entity';
import { Ticket } from '../tickets/ticket.entity';
import { TicketsService } from '../tickets/tickets.service';
import { User } from '../users/user.entity';
import { contentDisposition, sanitizeFilename } from './attachment-filename';
import { toAttachmentResponse } from './attachment.mapper';
import { Attachment } from './attachment.entity';
import { ATTACHMENT_STORAGE, AttachmentStorage, BlobTooLargeError, StoredBlob } from './attachment-storage';
import { decideAttachmentType, Utf8TextCheck } from './attachment-type';
import { visibleAttachments } from './attachment.visibility';

/** What {@link AttachmentsService.storeFile} needs to store one file (an e-mail's attachment). */
export interface StoreFileInput {
  /** The file name as given by the e-mail (sanitised here). */
  filename: string;
  /** The media type the e-mail claimed; only a hint for text files, never trusted. */
  declaredType?: string;
  /** The bytes. */
  content: Readable | Buffer;
}

/**
 * A file checked and stored in the {@link AttachmentStorage}, with no `attachments` row yet: the
 * row is written later with {@link AttachmentsService.addToTicket} or
 * {@link AttachmentsService.addToReply} in the transaction of the ticket or reply it belongs to;
 * if that transaction fails, {@link AttachmentsService.discardFiles} takes the bytes back.
 */
export interface StoredFile extends StoredBlob {
  /** The sanitised file name. */
  filename: string;
  /** The media type sniffed from the bytes. */
  contentType: string;
  /** Whether an image preview was made beside the blob. */
  hasPreview: boolean;
}

/** Who uploads a {@link StoredFile}: the sender of an e-mail. */
export type FileUploader = Pick<AuthUser, 'id' | 'role'>;

/** The suffix of an image's preview beside its blob in the storage. */
export const PREVIEW_SUFFIX = 'preview';

/** The preview's media type (WebP: a third of a PNG's size for screenshots). */
export const PREVIEW_CONTENT_TYPE = 'image/webp';

/** How long browsers may keep a download, in s: the bytes of an id never change (content-addressed). */
const DOWNLOAD_MAX_AGE_S = 3600;

/** Largest image decoded for a preview, in pixels (a decompression bomb is refused, not rendered). */
const PREVIEW_MAX_INPUT_PIXELS = 50_000_000;

/** A download ready to send: the headers, and the bytes unless the client's copy is current (304). */
export interface AttachmentDownload {
  status: 200 | 304;
  headers: Record<string, string>;
  body: Readable | null;
}

/**
 * Ticket attachments: upload (multipart, streamed to the {@link AttachmentStorage}, sniffed,
 * checked against the allow-list and `ATTACHMENT_MAX_BYTES`), linking to replies, listing and
 * downloading with the ticket's visibility rules (another customer's or an internal file is a 404,
 * exactly like a missing one).
 */
@Injectable()
export class AttachmentsService {
  private readonly logger = new Logger('AttachmentsService');
  /** sharp, loaded on the first image (its native library costs start-up time and memory); null if it failed. */
  private sharp: Promise<typeof import('sharp') | null> | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly tickets: TicketsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(ATTACHMENT_STORAGE) private readonly storage: AttachmentStorage,
  ) {}

  /**
   * Stores the `file` parts of a multipart request for ticket `ref`, all or none: one bad file
   * leaves nothing behind. Anyone who may see the ticket may upload while it is not closed; staff's
   * uploads stay hidden from the customer until they are sent with a public reply.
   * @throws UnsupportedMediaTypeException 415 `UNSUPPORTED_MEDIA_TYPE` when the body is not multipart/form-data
   * @throws NotFoundException 404 for a ticket `user` may not see
   * @throws BadRequestException 400 `TICKET_CLOSED` for a closed ticket; `VALIDATION_FAILED` with no
   *   `file` part or another part name
   * @throws PayloadTooLargeException 413 `ATTACHMENT_TOO_LARGE` (a file over `ATTACHMENT_MAX_BYTES`) or
   *   `TOO_MANY_ATTACHMENTS` (more than 10 files)
   * @throws UnsupportedMediaTypeException 415 `ATTACHMENT_TYPE_REFUSED` for a type not on the allow-list
   */
  async upload(ref: TicketRef, request: FastifyRequest, user: AuthUser): Promise<AttachmentUploadResponse> {
    const stored: StoredFile[] = [];
    try {
      if (!request.isMultipart()) {
        throw new UnsupportedMediaTypeException({
          message: 'Send the files as multipart/form-data, one `file` part each',
          code: ErrorCode.UnsupportedMediaType,
        });
      }
      const ticket = await this.tickets.findVisible(ref, user);
      assertAllowed(Action.Reply, user, ticket);
      const parts = request.parts({
        limits: {
          // One byte more than allowed, so the storage sees the excess and refuses the file itself.
          fileSize: this.config.attachmentMaxBytes + 1,
          files: MAX_ATTACHMENTS_PER_REQUEST,
          fields: 0,
          parts: MAX_ATTACHMENTS_PER_REQUEST,
        },
      });
      for await (const part of parts) {
        if (part.type !== 'file' || part.fieldname !== 'file') {
          throw new BadRequestException({
            message: `Unexpected part '${part.fieldname}': send each file as a part named 'file'`,
            code: ErrorCode.ValidationFailed,
          });
        }
        stored.push(await this.checkAndStore(part.filename, part.mimetype, part.file));
      }
      if (!stored.length) {
        throw new BadRequestException({
          message: "No file: send one or more parts named 'file'",
          code: ErrorCode.ValidationFailed,
        });
      }
      const uploader = this.em.getReference(User, user.id);
      const now = this.clock.now();
      const rows = stored.map((blob) =>
        this.newRow(this.em, ticket, uploader, isStaff(user.role), blob, now),
      );
      await this.em.persist(rows).flush();
      await this.em.populate(rows, ['uploadedBy']);
      return { items: rows.map(toAttachmentResponse) };
    } catch (error) {
      await Promise.all(stored.filter((blob) => blob.created).map((blob) => this.dropIfUnused(blob)));
      // The rest of the body is read and dropped, so the client gets the answer instead of a reset.
      request.raw.unpipe();
      request.raw.resume();
      throw this.uploadError(error);
    }
  }

  /**
   * Checks and stores one file (sniffing, the allow-list, the size limit) without writing its row:
   * pass the result to {@link addToTicket} or {@link addToReply} inside the transaction of the
   * ticket or reply it belongs to, and to {@link discardFiles} when that transaction fails.
   * @throws PayloadTooLargeException 413 `ATTACHMENT_TOO_LARGE`
   * @throws UnsupportedMediaTypeException 415 `ATTACHMENT_TYPE_REFUSED`
   */
  async storeFile(input: StoreFileInput): Promise<StoredFile> {
    const content = Buffer.isBuffer(input.content) ? Readable.from([input.content]) : input.content;
    try {
      return await this.checkAndStore(input.filename, input.declaredType, content);
    } catch (error) {
      throw this.uploadError(error);
    }
  }

  /**
   * Writes the rows of `files` as uploads of `uploader` on the new `ticket`, not sent with a reply
   * (staff's hidden from the customer), persisted in `em`: they are inserted by the flush of the
   * ticket's own transaction, so whatever that transaction emits (acknowledgement, notifications,
   * `ticket.created` webhook) already has them.
   */
  addToTicket(
    files: readonly StoredFile[],
    ticket: Ticket,
    uploader: FileUploader,
    em: EntityManager,
  ): Attachment[] {
    const by = em.getReference(User, uploader.id);
    const now = this.clock.now();
    const rows = files.map((file) => this.newRow(em, ticket, by, isStaff(uploader.role), file, now));
    em.persist(rows);
    return rows;
  }

  /**
   * Writes the rows of `files` as uploads of `uploader` sent with `reply` (taking its visibility),
   * persisted in `em`: inserted by the flush of the reply's own transaction.
   */
  addToReply(
    files: readonly StoredFile[],
    reply: Reply,
    uploader: FileUploader,
    em: EntityManager,
  ): Attachment[] {
    const rows = this.addToTicket(files, reply.ticket, uploader, em);
    for (const row of rows) {
      row.reply = reply;
      row.internal = reply.internal;
    }
    return rows;
  }

  /**
   * Takes back the bytes of `files` whose ticket or reply was not written (a failed transaction),
   * unless a row refers to the same bytes or they were stored again since.
   */
  async discardFiles(files: readonly StoredFile[]): Promise<void> {
    await Promise.all(files.filter((file) => file.created).map((file) => this.dropIfUnused(file)));
  }

  /**
   * Links uploaded attachments to `reply` (already inserted, so it has its id), conditionally: one
   * UPDATE sets `reply_id` (and `internal` to the reply's) only on rows of the reply's ticket,
   * uploaded by `uploader`, that no reply has yet; fewer rows changed than ids asked for refuses
   * the lot. Two replies sent at the same moment with the same ids cannot both have a file: the
   * database lets one UPDATE win, the other changes fewer rows. Call it inside the reply's
   * transaction, so a refusal rolls the reply back with it.
   * @returns the linked attachments, `uploadedBy` loaded
   * @throws BadRequestException 400 `INVALID_ATTACHMENT` naming the ids that do not qualify (another
   *   ticket's, someone else's, missing, or sent with a reply already, at the same moment included)
   */
  async linkToReply(
    ids: readonly number[],
    reply: Reply,
    uploader: User,
    em: EntityManager,
  ): Promise<Attachment[]> {
    const wanted = [...new Set(ids)];
    if (!wanted.length) return [];
    const linked = await em.nativeUpdate(
      Attachment,
      { id: { $in: wanted }, ticket: reply.ticket.id, uploadedBy: uploader.id, reply: null },
      { reply: reply.id, internal: reply.internal },
    );
    const rows = await em.find(
      Attachment,
      { id: { $in: wanted }, reply: reply.id },
      { populate: ['uploadedBy'], refresh: true, orderBy: { id: 'asc' } },
    );
    if (linked !== wanted.length || rows.length !== wanted.length) {
      const ok = new Set(rows.map((attachment) => attachment.id));
      const bad = wanted.filter((id) => !ok.has(id));
      throw new BadRequestException({
        message: `attachmentIds ${bad.join(', ')}: not your upload on this ticket, or sent with a reply already`,
        code: ErrorCode.InvalidAttachment,
      });
    }
    return rows;
  }

  /** The attachments of ticket `ticketId` that `user` may see, oldest first (the caller checked the ticket). */
  async listForTicket(ticketId: number, user: AuthUser): Promise<AttachmentResponse[]> {
    const rows = await this.em.find(Attachment, visibleAttachments(ticketId, user), {
      populate: ['uploadedBy'],
      orderBy: { createdAt: 'asc', id: 'asc' },
    });
    return rows.map(toAttachmentResponse);
  }

  /**
   * The file `id` for `user`, with the headers of a safe download: `Content-Disposition` attachment
   * (inline for images), the sniffed `Content-Type`, `X-Content-Type-Options: nosniff`,
   * `Content-Security-Policy: sandbox`, the SHA-256 as `ETag`; 304 when `ifNoneMatch` names it.
   * @throws NotFoundException 404 for a missing file, another customer's, an internal one asked for by
   *   a customer, one on a deleted ticket, or (`preview`) a file without a preview
   */
  async download(
    id: number,
    user: AuthUser,
    ifNoneMatch?: string,
    preview = false,
  ): Promise<AttachmentDownload> {
    const attachment = await this.findVisible(id, user);
    if (preview && !attachment.hasPreview) throw this.notFound(id);
    const etag = `"${attachment.sha256}${preview ? '-preview' : ''}"`;
    const headers: Record<string, string> = {
      etag,
      'cache-control': `private, max-age=${DOWNLOAD_MAX_AGE_S}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
    };
    if (ifNoneMatch && matchesEtag(ifNoneMatch, etag)) return { status: 304, headers, body: null };
    let body: Readable;
    try {
      body = await this.storage.get(attachment.storageKey, preview ? PREVIEW_SUFFIX : undefined);
    } catch (error) {
      this.logger.error(`attachment ${id}: blob ${attachment.storageKey} is missing: ${String(error)}`);
      throw this.notFound(id);
    }
    const inline = preview || INLINE_IMAGE_TYPES.includes(attachment.contentType);
    const contentType = preview ? PREVIEW_CONTENT_TYPE : attachment.contentType;
    headers['content-type'] = contentType.startsWith('text/') ? `${contentType}; charset=utf-8` : contentType;
    headers['content-disposition'] = contentDisposition(
      inline ? 'inline' : 'attachment',
      attachment.filename,
    );
    if (!preview) headers['content-length'] = String(attachment.size);
    return { status: 200, headers, body };
  }

  /**
   * Deletes the blob this request stored, unless a row refers to its bytes or the same bytes were
   * stored again since (content addressing: another upload of the same file shares it).
   */
  async dropIfUnused(
    blob: { key: string; sha256: string; version: string },
    em: EntityManager = this.em,
  ): Promise<boolean> {
    if (await em.count(Attachment, { sha256: blob.sha256 }, { filters: false })) return false;
    return this.storage.delete(blob.key, [PREVIEW_SUFFIX], { version: blob.version });
  }

  /** Attachment `id` if `user` may see it (and its ticket is not deleted). */
  private async findVisible(id: number, user: AuthUser): Promise<Attachment> {
    const ticket: FilterQuery<Ticket> = isStaff(user.role)
      ? { deletedAt: null }
      : { deletedAt: null, customer: user.id };
    const attachment = await this.em.findOne(Attachment, {
      $and: [{ id }, visibleAttachments(ticket, user)],
    });
    if (!attachment) throw this.notFound(id);
    return attachment;
  }

  private notFound(id: number): NotFoundException {
    return new NotFoundException({ message: `Attachment ${id} not found`, code: ErrorCode.NotFound });
  }

  private newRow(
    em: EntityManager,
    ticket: Ticket,
    uploader: User,
    staff: boolean,
    blob: StoredFile,
    now: Date,
  ): Attachment {
    return em.create(Attachment, {
      ticket,
      reply: null,
      uploadedBy: uploader,
      filename: blob.filename,
      contentType: blob.contentType,
      size: blob.size,
      sha256: blob.sha256,
      storageKey: blob.key,
      hasPreview: blob.hasPreview,
      // Staff's uploads reach the customer only with a public reply.
      internal: staff,
      createdAt: now,
    });
  }

  /**
   * Streams `content` into the storage, then sniffs the stored bytes and decides the type; a refused
   * file is deleted again (unless the same bytes were there before). Images get a preview.
   */
  private async checkAndStore(
    rawName: string | undefined,
    declaredType: string | undefined,
    content: Readable,
    em: EntityManager = this.em,
  ): Promise<StoredFile> {
    const filename = sanitizeFilename(rawName);
    const blob = await this.storage.put(content, { maxBytes: this.config.attachmentMaxBytes });
    try {
      const head = await this.storage.get(blob.key);
      const sniffed = await fileTypeFromStream(head).finally(() => head.destroy());
      const verdict = await decideAttachmentType({
        sniffed,
        filename,
        declaredType,
        isText: () => this.isUtf8Text(blob.key),
      });
      if (!verdict.allowed) {
        throw new UnsupportedMediaTypeException({
          message: `${filename}: ${verdict.reason}; allowed are images (PNG, JPEG, GIF, WebP), PDF, text and CSV, office documents and zip`,
          code: ErrorCode.AttachmentTypeRefused,
        });
      }
      const hasPreview =
        INLINE_IMAGE_TYPES.includes(verdict.contentType) && (await this.ensurePreview(blob.key));
      return { ...blob, filename, contentType: verdict.contentType, hasPreview };
    } catch (error) {
      if (blob.created) await this.dropIfUnused(blob, em);
      throw error;
    }
  }

  /** Whether the stored bytes are UTF-8 without NUL. */
  private async isUtf8Text(key: string): Promise<boolean> {
    const check = new Utf8TextCheck();
    for await (const chunk of await this.storage.get(key)) check.push(chunk as Buffer);
    return check.end();
  }

  /** Makes the preview of image `key` unless it exists; false when the image cannot be decoded. */
  private async ensurePreview(key: string): Promise<boolean> {
    if (await this.storage.exists(key, PREVIEW_SUFFIX)) return true;
    // A broken install (no native library for this platform) is said once, apart from bad images.
    this.sharp ??= import('sharp').then(
      (module) => module.default,
      (error: unknown) => {
        this.logger.error(`sharp could not be loaded, so images get no previews: ${String(error)}`);
        return null;
      },
    );
    const sharp = await this.sharp;
    if (!sharp) return false;
    try {
      const source = await this.storage.get(key);
      const resize = sharp({ limitInputPixels: PREVIEW_MAX_INPUT_PIXELS })
        .rotate()
        .resize({ width: ATTACHMENT_PREVIEW_MAX_WIDTH, withoutEnlargement: true })
        .webp({ quality: 80 });
      const preview = await new Promise<Buffer>((resolve, reject) => {
        source.once('error', reject);
        resize.once('error', reject);
        source.pipe(resize);
        resize.toBuffer().then(resolve, reject);
      });
      await this.storage.putDerived(key, PREVIEW_SUFFIX, preview);
      return true;
    } catch (error) {
      this.logger.warn(`no preview for ${key}: ${String(error)}`);
      return false;
    }
  }

  /** The HTTP error for a failed upload: the limits' errors become 413s with the limit in words. */
  private uploadError(error: unknown): unknown {
    if (error instanceof HttpException) return error;
    const code = (error as { code?: string } | null)?.code;
    if (error instanceof BlobTooLargeError || code === 'FST_REQ_FILE_TOO_LARGE') {
      const max = this.config.attachmentMaxBytes;
      return new PayloadTooLargeException({
        message: `A file is larger than the limit of ${formatBytes(max)} (${max} bytes)`,
        code: ErrorCode.AttachmentTooLarge,
      });
    }
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT') {
      return new PayloadTooLargeException({
        message: `At most ${MAX_ATTACHMENTS_PER_REQUEST} files per request`,
        code: ErrorCode.TooManyAttachments,
      });
    }
    if (code === 'FST_FIELDS_LIMIT') {
      return new BadRequestException({
        message: "Only file parts are accepted: send each file as a part named 'file'",
        code: ErrorCode.ValidationFailed,
      });
    }
    if (typeof code === 'string' && code.startsWith('FST_')) {
      const status = (error as { statusCode?: number }).statusCode ?? HttpStatus.BAD_REQUEST;
      return new HttpException(
        { message: 'The multipart body could not be read', code: ErrorCode.BadRequest },
        status >= 400 && status < 500 ? status : HttpStatus.BAD_REQUEST,
      );
    }
    return error;
  }
}

/** `bytes` in words: `10 MiB`, `64 KiB`, `1500 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/** Whether an `If-None-Match` header names `etag` (RFC 9110 section 13.1.2: weak comparison, `*`, lists). */
export function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
