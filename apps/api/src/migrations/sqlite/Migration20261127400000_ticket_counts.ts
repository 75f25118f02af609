import { Migration } from '@mikro-orm/migrations';

/**
 * `ticket_counts`: tickets that are not deleted per assignee (0: none), status and slot (id % 16),
 * kept by triggers in the transaction that changes a ticket, and filled once from the tickets there
 * are. See the `TicketCount` entity.
 */
export class Migration20261127400000TicketCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `ticket_counts` (`assignee_id` integer not null, `status` text not null, `slot` integer not null, `count` integer not null, primary key (`assignee_id`, `status`, `slot`))',
    );
    this.addSql(`create trigger \`ticket_counts_insert\` after insert on \`tickets\` when new.deleted_at is null begin
      insert into ticket_counts (assignee_id, status, slot, count) values (coalesce(new.assignee_id, 0), new.status, new.id % 16, 1)
        on conflict (assignee_id, status, slot) do update set count = count + 1;
    end`);
    this.addSql(`create trigger \`ticket_counts_update\` after update of status, assignee_id, deleted_at on \`tickets\` begin
      update ticket_counts set count = count - 1
        where old.deleted_at is null and assignee_id = coalesce(old.assignee_id, 0) and status = old.status and slot = old.id % 16;
      insert into ticket_counts (assignee_id, status, slot, count)
        select coalesce(new.assignee_id, 0), new.status, new.id % 16, 1 where new.deleted_at is null
        on conflict (assignee_id, status, slot) do update set count = count + 1;
    end`);
    this.addSql(`create trigger \`ticket_counts_delete\` after delete on \`tickets\` when old.deleted_at is null begin
      update ticket_counts set count = count - 1
        where assignee_id = coalesce(old.assignee_id, 0) and status = old.status and slot = old.id % 16;
    end`);
    this.addSql(
      'insert into `ticket_counts` (`assignee_id`, `status`, `slot`, `count`) select coalesce(assignee_id, 0), status, id % 16, count(*) from tickets where deleted_at is null group by 1, 2, 3',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger `ticket_counts_delete`');
    this.addSql('drop trigger `ticket_counts_update`');
    this.addSql('drop trigger `ticket_counts_insert`');
    this.addSql('drop table `ticket_counts`');
  }
}
