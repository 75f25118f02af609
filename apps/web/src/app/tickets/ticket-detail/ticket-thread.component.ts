import { ChangeDetectionStrategy, Component, computed, EventEmitter, input, Output } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';

import { type AttachmentResponse, ROLE_LABELS, type ReplyResponse } from '@hd/shared/domain';
import { RelativeTimeComponent } from '@hd/web/ui';

import { AttachmentListComponent } from '../attachments/attachment-list.component';
import type { ActivityLine } from './activity';

/** One entry of the thread: a message, or a line of activity. */
type ThreadEntry =
  { kind: 'reply'; at: string; reply: ReplyResponse } | { kind: 'activity'; at: string; line: ActivityLine };

/**
 * The ticket's conversation, oldest first: each reply with its author, role and time; internal
 * notes (staff only ever receive them) are styled apart and say the customer does not see them.
 * With "Show activity" on, the ticket's changes (status, priority, assignment, edits) are
 * interleaved by time as compact lines. What follows the thread (the reply box, or why there is
 * none) is projected. Each message lists the files sent with it, images previewed inline.
 */
@Component({
  selector: 'hd-ticket-thread',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AttachmentListComponent, MatIconModule, MatSlideToggleModule, RelativeTimeComponent],
  templateUrl: './ticket-thread.component.html',
  styleUrl: './ticket-thread.component.scss',
})
export class TicketThreadComponent {
  /** The thread, oldest first. */
  public readonly replies = input.required<readonly ReplyResponse[]>();
  /** The ticket's activity, oldest first. */
  public readonly activity = input<readonly ActivityLine[]>([]);
  /** Whether the activity is interleaved with the messages. */
  public readonly showActivity = input(true);
  /** The ticket's files: those of a message are listed with it (unless the message lists its own). */
  public readonly attachments = input<readonly AttachmentResponse[]>([]);
  // EventEmitter, not output(): output() would add Angular's OutputEmitterRef to the initial bundle (at budget).
  /** The user switched the activity on or off. */
  @Output() public readonly showActivityChange = new EventEmitter<boolean>();

  protected readonly roleLabels = ROLE_LABELS;
  /** The files of each message, by its id. */
  protected readonly filesByReply = computed(() => {
    const files = new Map<number, readonly AttachmentResponse[]>();
    for (const reply of this.replies()) {
      const own = reply.attachments ?? this.attachments().filter((a) => a.replyId === reply.id);
      if (own.length) files.set(reply.id, own);
    }
    return files;
  });
  protected readonly entries = computed<ThreadEntry[]>(() => {
    const replies: ThreadEntry[] = this.replies().map((reply) => ({
      kind: 'reply',
      at: reply.createdAt,
      reply,
    }));
    if (!this.showActivity()) return replies;
    const lines: ThreadEntry[] = this.activity().map((line) => ({ kind: 'activity', at: line.at, line }));
    // A stable sort: at the same moment, the message comes before the change it caused.
    return [...replies, ...lines].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  });
}
