import { createHash } from 'node:crypto';

import EmailReplyParser from 'email-reply-parser';

import {
  BODY_MAX_LENGTH,
  parseTicketNumber,
  PersonName,
  personNameProblem,
  splitFullName,
  SUBJECT_MAX_LENGTH,
} from '@hd/shared/domain';

/**
 * The pure rules of the inbound e-mail channel: which mail is automatic (never answered, so no
 * mail loop can start), which ticket a mail threads onto, and what of a reply's text is kept.
 */

/** Reads one header of a parsed message, by lower-case name; undefined when absent. */
export type HeaderReader = (name: string) => string | undefined;

/** What {@link automaticReason} compares a message with: our own addresses and Message-ID domain. */
export interface OwnIdentity {
  /** Lower-case addresses the helpdesk sends from or receives at (`MAIL_FROM`, `INBOUND_ADDRESS`). */
  addresses: readonly string[];
  /** The domain of our outgoing Message-IDs (`APP_URL`'s host name). */
  messageIdDomain: string;
}

/** `Precedence` values that mark bulk or list mail (RFC 2076 section 3.9, RFC 3834 section 2). */
const BULK_PRECEDENCE = new Set(['bulk', 'junk', 'list']);

/** Headers whose mere presence marks an auto-responder's message (non-standard, but common). */
const AUTORESPONDER_HEADERS = ['x-autoreply', 'x-autorespond', 'x-autoresponder'];

/** Outgoing notification Message-IDs: `<outbox-<outbox id>-<created at, ms>@<domain>>` (see `MailTransport`). */
const OUTBOX_ID = /^<?outbox-(\d+)-(\d+)@([^>\s]+)>?$/i;

/** The thread root every notification of a ticket refers to: `<ticket-<ticket id>@<domain>>`. */
const TICKET_THREAD_ID = /^<?ticket-(\d+)@([^>\s]+)>?$/i;

/** A ticket number tag in a subject: `[TICK-20261126-0001]`. */
const SUBJECT_TAG = /\[\s*(TICK-\d{8}-\d{4,})\s*\]/gi;

/** Reply and forward prefixes mail clients put in front of a subject (`Re:`, `AW:`, `Fwd:`, ...). */
const SUBJECT_PREFIX = /^\s*(?:(?:re|aw|sv|vs|antw|fw|fwd|wg|tr)\s*(?:\[\d+\])?\s*:\s*)+/i;

/** Lines that introduce the quoted message, as mail clients write them ("On ... wrote:", "Am ... schrieb:"). */
const QUOTE_HEADER = /^\s*(?:On\s.+\s?wrote|Am\s.+\s?schrieb|Le\s.+\s?a écrit|El\s.+\s?escribió)\s*:\s*$/im;

/** The subject a ticket gets when the mail has none (RFC 5322 makes `Subject` optional). */
export const NO_SUBJECT = '(no subject)';

/** Text kept when a reply has nothing left once quotes and signatures are stripped. */
export const NO_TEXT = '(no text)';

/**
 * Why a message must not be answered nor turned into a ticket, or null when it may: RFC 3834
 * `Auto-Submitted` other than `no`; `Precedence: bulk|junk|list`; the `X-Autoreply`/
 * `X-Autorespond`/`X-Autoresponder` headers of auto-responders; `List-Id` (RFC 2919: mailing-list
 * traffic, which a helpdesk must neither answer nor ticket); a null reverse-path (`Return-Path: <>`,
 * RFC 5321 section 4.5.5: a bounce) or a delivery report (`multipart/report`, RFC 6522); a
 * Message-ID of our own (our mail came back); and mail from our own addresses.
 * @param header reads the message's headers
 * @param from the sender's address (lower case), if any
 */
export function automaticReason(
  header: HeaderReader,
  from: string | undefined,
  own: OwnIdentity,
): string | null {
  const autoSubmitted = header('auto-submitted')?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header('precedence')?.trim().toLowerCase();
  if (precedence && BULK_PRECEDENCE.has(precedence)) return `Precedence: ${precedence}`;
  for (const name of AUTORESPONDER_HEADERS) if (header(name) !== undefined) return `${name} header`;
  if (header('list-id') !== undefined) return 'List-Id header (mailing list)';
  const returnPath = header('return-path');
  if (returnPath !== undefined && /^\s*<\s*>\s*$/.test(returnPath)) return 'null Return-Path (bounce)';
  if (/^\s*multipart\/report\b/i.test(header('content-type') ?? '')) return 'delivery report';
  const messageId = header('message-id');
  if (messageId && isOwnMessageId(messageId, own.messageIdDomain)) return 'our own Message-ID';
  if (from && own.addresses.includes(from.toLowerCase())) return 'sent from our own address';
  return null;
}

/** Whether `id` is a Message-ID the helpdesk gave (a notification or a ticket's thread root). */
export function isOwnMessageId(id: string, domain: string): boolean {
  const trimmed = id.trim();
  const match = OUTBOX_ID.exec(trimmed) ?? TICKET_THREAD_ID.exec(trimmed);
  return !!match && match[match.length - 1].toLowerCase() === domain.toLowerCase();
}

/** What a message says about the ticket it continues, most specific first. */
export interface ThreadingKeys {
  /** Our notification Message-IDs it answers: outbox row id and creation time (ms since the epoch). */
  outbox: Array<{ id: number; createdAt: number }>;
  /** Ticket ids of the thread roots (`<ticket-<id>@domain>`) it refers to. */
  ticketIds: number[];
  /** Ticket numbers tagged in its subject (`[TICK-YYYYMMDD-NNNN]`). */
  ticketNumbers: string[];
}

/** The Message-IDs in a header value such as `References: <a@x> <b@y>` (angle-bracketed, in order). */
export function messageIds(value: string | string[] | undefined): string[] {
  const values = Array.isArray(value) ? value : value ? [value] : [];
  return values.flatMap(
    (v) => v.match(/<[^<>\s]+>/g) ?? (v.trim() ? [`<${v.trim().replace(/^<|>$/g, '')}>`] : []),
  );
}

/**
 * The threading keys of a message (RFC 5322 section 3.6.4): the Message-IDs of `In-Reply-To`
 * first, then those of `References` from the newest (last) back, keeping only ours (the domain of
 * our Message-IDs); then the ticket number tags of the subject.
 */
export function threadingKeys(
  input: { inReplyTo?: string | string[]; references?: string | string[]; subject?: string },
  domain: string,
): ThreadingKeys {
  const keys: ThreadingKeys = { outbox: [], ticketIds: [], ticketNumbers: [] };
  const ids = [...messageIds(input.inReplyTo), ...messageIds(input.references).reverse()];
  for (const id of ids) {
    const outbox = OUTBOX_ID.exec(id);
    if (outbox && outbox[3].toLowerCase() === domain.toLowerCase()) {
      const key = { id: Number(outbox[1]), createdAt: Number(outbox[2]) };
      if (!keys.outbox.some((k) => k.id === key.id)) keys.outbox.push(key);
      continue;
    }
    const thread = TICKET_THREAD_ID.exec(id);
    if (thread && thread[2].toLowerCase() === domain.toLowerCase()) {
      const ticketId = Number(thread[1]);
      if (!keys.ticketIds.includes(ticketId)) keys.ticketIds.push(ticketId);
    }
  }
  for (const match of (input.subject ?? '').matchAll(SUBJECT_TAG)) {
    const number = parseTicketNumber(match[1]);
    if (number && !keys.ticketNumbers.includes(number)) keys.ticketNumbers.push(number);
  }
  return keys;
}

/**
 * The subject of a ticket opened from a mail: without ticket tags (of a ticket the mail does not
 * continue) and reply prefixes, spaces collapsed, cut to the subject limit; {@link NO_SUBJECT}
 * when nothing is left.
 */
export function ticketSubject(subject: string | undefined): string {
  const cleaned = (subject ?? '')
    .replace(SUBJECT_TAG, ' ')
    .replace(SUBJECT_PREFIX, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned ? cutText(cleaned, SUBJECT_MAX_LENGTH) : NO_SUBJECT;
}

/**
 * The new text of a reply by e-mail: the quoted history and the signature stripped by
 * `email-reply-parser` (GitHub's rules: quotes, `-- ` signatures, "Sent from my ..."), then any
 * "On ... wrote:" line it left (long ones wrap, and it only knows English) and what follows it.
 * @returns the text, trimmed; {@link NO_TEXT} when nothing is left
 */
export function visibleReplyText(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n');
  let visible = new EmailReplyParser().read(normalised).getVisibleText();
  // A quote header wrapped over two lines: "On Thu, 26 Nov 2026, Support Desk\n<desk@x> wrote:".
  visible = visible.replace(/^(On\s[^\n]*)\n([^\n]*wrote:\s*)$/gim, '$1 $2');
  const header = QUOTE_HEADER.exec(visible);
  if (header) visible = visible.slice(0, header.index);
  visible = visible
    .split('\n')
    .filter((line) => !/^\s*>/.test(line))
    .join('\n')
    .trim();
  return visible ? cutText(visible, BODY_MAX_LENGTH) : NO_TEXT;
}

/** `text` (trimmed) cut to `max` characters, ending in an ellipsis when cut; {@link NO_TEXT} when empty. */
export function bodyText(text: string | undefined, max = BODY_MAX_LENGTH): string {
  const trimmed = (text ?? '').replace(/\r\n?/g, '\n').trim();
  return trimmed ? cutText(trimmed, max) : NO_TEXT;
}

function cutText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The key that makes a message's second delivery a duplicate: its `Message-ID` (trimmed, at most
 * 500 characters; a longer one is hashed), or, for a message without one, a SHA-256 of its bytes.
 */
export function dedupeKey(messageId: string | undefined, raw: Buffer): string {
  const id = messageId?.trim();
  if (id && id.length <= 500) return id;
  const digest = createHash('sha256')
    .update(id ?? raw)
    .digest('hex');
  return id ? `<sha256-id:${digest}>` : `<sha256:${digest}>`;
}

/** The first name of an account opened from a mail whose sender gives no usable name. */
export const FALLBACK_FIRST_NAME = 'Customer';

/**
 * The names of a customer account opened from a mail: the sender's display name (`"Mia Mail"
 * <mia@x>`), else the letters of the address's local part (`mia.mail@x` is "mia mail"), split on
 * the last space as the registration does; {@link FALLBACK_FIRST_NAME} when neither passes the
 * name rule (letters, spaces, hyphens, apostrophes and periods, at most 50 characters each).
 */
export function senderNames(displayName: string | undefined, address: string): PersonName {
  const localPart = address.split('@')[0] ?? '';
  const candidates = [displayName ?? '', localPart.replace(/[^\p{L}]+/gu, ' ')];
  for (const candidate of candidates) {
    const { firstName, lastName } = splitFullName(candidate.replace(/\s+/g, ' '));
    if (!personNameProblem(firstName) && (!lastName || !personNameProblem(lastName))) {
      return { firstName, lastName };
    }
  }
  return { firstName: FALLBACK_FIRST_NAME, lastName: '' };
}
