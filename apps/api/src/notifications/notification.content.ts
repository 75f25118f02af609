import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns/format';

import {
  AutomaticTrigger,
  NotificationType,
  PRIORITY_LABELS,
  SLA_TARGET_LABELS,
  SlaTarget,
  REOPEN_WINDOW_DAYS,
  STATUS_LABELS,
  TicketPriority,
  TicketStatus,
} from '@hd/shared/domain';

/** Longest notification body kept in-app, in characters (the e-mail carries the full text). */
export const NOTIFICATION_BODY_MAX = 500;

/** The facts of one ticket event that the wording needs (plain data, no entities). */
export interface EventFacts {
  type: NotificationType;
  /** Undefined only for `ticket.created` before the insert. */
  ticketId?: number;
  /** The ticket number customers quote, `TICK-YYYYMMDD-NNNN`. */
  number: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  actorName: string;
  /** `ticket.created`: the description; `ticket.replied`/`ticket.note_added`: the reply text. */
  text?: string;
  /** `ticket.assigned`: the new assignee's name. */
  assigneeName?: string;
  /** `ticket.status_changed`: the previous status. */
  from?: TicketStatus;
  /** `ticket.status_changed`: set when the workflow moved the ticket by itself, and why. */
  automatic?: AutomaticTrigger;
  /** `ticket.updated`: the changed fields. */
  changes?: readonly string[];
  /** `sla.at_risk`/`sla.breached`: the target. */
  slaTarget?: SlaTarget;
  /** `sla.at_risk`/`sla.breached`: the target's due time, ISO 8601. */
  dueAt?: string;
}

/** An instant as e-mails and notifications write it: `26 Nov 2026, 11:00 UTC`. */
export function formatUtc(iso: string): string {
  return format(new TZDate(iso, 'UTC'), "d MMM yyyy, HH:mm 'UTC'");
}

/** A notification's wording: `title` (one line) and `body` (up to the full reply text). */
export interface Wording {
  title: string;
  body: string;
}

const ref = (facts: EventFacts): string => facts.number;

/** Title and full body of a notification; the in-app body is cut to {@link NOTIFICATION_BODY_MAX} by {@link truncate}. */
export function wordingFor(facts: EventFacts): Wording {
  const quoted = `"${facts.subject}"`;
  switch (facts.type) {
    case NotificationType.TicketCreated:
      return {
        title: `New ticket ${facts.number}: ${facts.subject}`,
        body: `${facts.actorName} opened it: ${facts.text ?? ''}`.trim(),
      };
    case NotificationType.TicketAssigned:
      return {
        title: `Ticket ${facts.number} assigned to ${facts.assigneeName}`,
        body: `${facts.actorName} assigned ${quoted} to ${facts.assigneeName}.`,
      };
    case NotificationType.TicketStatusChanged:
      if (facts.automatic === AutomaticTrigger.AutoClose) {
        return {
          title: `Ticket ${facts.number} is now ${STATUS_LABELS[facts.status]}`,
          body: `${facts.actorName} closed ${quoted}: it had been resolved for a while without news. If the problem is back, reopen it within ${REOPEN_WINDOW_DAYS} days.`,
        };
      }
      return {
        title: `Ticket ${facts.number} is now ${STATUS_LABELS[facts.status]}`,
        body: `${facts.actorName} moved ${quoted} from ${facts.from ? STATUS_LABELS[facts.from] : '?'} to ${STATUS_LABELS[facts.status]}.`,
      };
    case NotificationType.TicketReplied:
      return { title: `New reply from ${facts.actorName} on ${ref(facts)}`, body: facts.text ?? '' };
    case NotificationType.TicketNoteAdded:
      return { title: `Internal note from ${facts.actorName} on ${ref(facts)}`, body: facts.text ?? '' };
    case NotificationType.TicketUpdated: {
      const parts = (facts.changes ?? []).map((field) =>
        field === 'priority'
          ? `the priority to ${facts.priority}`
          : field === 'subject'
            ? `the subject to ${quoted}`
            : `the ${field}`,
      );
      return {
        title: `Ticket ${facts.number} updated`,
        body: `${facts.actorName} changed ${parts.join(' and ')}.`,
      };
    }
    case NotificationType.SlaAtRisk:
    case NotificationType.SlaBreached: {
      const target = facts.slaTarget ? SLA_TARGET_LABELS[facts.slaTarget] : 'A target';
      const due = facts.dueAt ? formatUtc(facts.dueAt) : '?';
      const priority = PRIORITY_LABELS[facts.priority].toLowerCase();
      return facts.type === NotificationType.SlaAtRisk
        ? {
            title: `SLA at risk on ${facts.number}: ${target.toLowerCase()} due ${due}`,
            body: `${target} on ${quoted} (${priority} priority) is due ${due} and has not happened yet.`,
          }
        : {
            title: `SLA breached on ${facts.number}: ${target.toLowerCase()} overdue`,
            body: `${target} on ${quoted} (${priority} priority) was due ${due} and has not happened.`,
          };
    }
    default:
      return { title: `Ticket ${facts.number} changed`, body: '' };
  }
}

/** `text` cut to `max` characters, ending in an ellipsis when cut. */
export function truncate(text: string, max = NOTIFICATION_BODY_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes `& < > " '` for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** What an e-mail says: subject, plain-text and HTML parts. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

/**
 * The e-mail for one notification: the subject names the ticket, its subject and status; both
 * parts carry the wording, the reply text for replies and a link to `${appUrl}/tickets/<id>`.
 * Every piece of user content is escaped in the HTML part.
 * @param ticketStatus the ticket's status once the change is saved (for the subject), when it differs from `facts.status`
 */
export function renderEmail(
  facts: EventFacts & { ticketId: number },
  recipientName: string,
  appUrl: string,
  ticketStatus: TicketStatus = facts.status,
): EmailContent {
  const { title, body } = wordingFor(facts);
  const link = `${appUrl}/tickets/${facts.ticketId}`;
  const status = STATUS_LABELS[ticketStatus];
  const subject = `[${facts.number}] ${facts.subject.replace(/\s+/g, ' ')} (${status})`;
  const text = [
    `Hello ${recipientName},`,
    '',
    title,
    '',
    body,
    '',
    `Ticket ${facts.number}: ${facts.subject}`,
    `Status: ${status}`,
    `Open the ticket: ${link}`,
    '',
    `You receive this e-mail because e-mail notifications are on; turn them off in your preferences: ${appUrl}/preferences`,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: Roboto, Arial, sans-serif; line-height: 1.5">',
    `<p>Hello ${escapeHtml(recipientName)},</p>`,
    `<p><strong>${escapeHtml(title)}</strong></p>`,
    `<blockquote style="white-space: pre-wrap; margin: 0 0 1em; padding-left: 1em; border-left: 3px solid #ccc">${escapeHtml(body)}</blockquote>`,
    `<p>Ticket ${escapeHtml(facts.number)}: ${escapeHtml(facts.subject)}<br>Status: ${escapeHtml(status)}</p>`,
    `<p><a href="${escapeHtml(link)}">Open the ticket</a></p>`,
    `<p style="color: #666; font-size: 12px">You receive this e-mail because e-mail notifications are on; ` +
      `turn them off in your <a href="${escapeHtml(appUrl)}/preferences">preferences</a>.</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

/**
 * The acknowledgement a customer gets when a ticket is opened for them: "We received your request
 * [TICK-...]", with the ticket's number (to quote), its subject, and a link to it.
 * @param link where the ticket is in the web app (by number: the ticket has no id before its insert)
 */
export function renderAcknowledgement(
  facts: { number: string; subject: string; description: string },
  recipientName: string,
  link: string,
  appUrl: string,
): EmailContent {
  const subject = `[${facts.number}] We received your request: ${facts.subject.replace(/\s+/g, ' ')}`;
  const intro = `We received your request and opened ticket ${facts.number}. An agent will reply soon; quote the number if you call us.`;
  const text = [
    `Hello ${recipientName},`,
    '',
    intro,
    '',
    `Subject: ${facts.subject}`,
    '',
    facts.description,
    '',
    `Follow it: ${link}`,
    '',
    `You receive this e-mail because e-mail notifications are on; turn them off in your preferences: ${appUrl}/preferences`,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: Roboto, Arial, sans-serif; line-height: 1.5">',
    `<p>Hello ${escapeHtml(recipientName)},</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    `<p><strong>${escapeHtml(facts.subject)}</strong></p>`,
    `<blockquote style="white-space: pre-wrap; margin: 0 0 1em; padding-left: 1em; border-left: 3px solid #ccc">${escapeHtml(facts.description)}</blockquote>`,
    `<p><a href="${escapeHtml(link)}">Follow your ticket</a></p>`,
    `<p style="color: #666; font-size: 12px">You receive this e-mail because e-mail notifications are on; ` +
      `turn them off in your <a href="${escapeHtml(appUrl)}/preferences">preferences</a>.</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
