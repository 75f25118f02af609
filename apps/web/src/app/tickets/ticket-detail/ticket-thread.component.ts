import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';

import { ROLE_LABELS, type ReplyResponse } from '@hd/shared/domain';
import { RelativeTimeComponent } from '@hd/web/ui';

/**
 * The ticket's conversation, oldest first: each reply with its author, role and time; internal
 * notes (staff only ever receive them) are styled apart and say the customer does not see them.
 * What follows the thread (the reply box, or why there is none) is projected.
 */
@Component({
  selector: 'hd-ticket-thread',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, RelativeTimeComponent],
  templateUrl: './ticket-thread.component.html',
  styleUrl: './ticket-thread.component.scss',
})
export class TicketThreadComponent {
  /** The thread, oldest first. */
  public readonly replies = input.required<readonly ReplyResponse[]>();

  protected readonly roleLabels = ROLE_LABELS;
}
