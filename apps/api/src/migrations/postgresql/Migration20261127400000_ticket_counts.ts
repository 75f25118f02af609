import { Migration } from '@mikro-orm/migrations';

/**
 * `ticket_counts`: tickets that are not deleted per assignee (0: none), status and slot (id % 16),
 * kept by a trigger in the transaction that changes a ticket, and filled once from the tickets there
 * are. See the `TicketCount` entity.
 */
export class Migration20261127400000TicketCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "ticket_counts" ("assignee_id" int not null, "status" varchar(32) not null, "slot" int not null, "count" int not null, constraint "ticket_counts_pkey" primary key ("assignee_id", "status", "slot"))',
    );
    this.addSql(`create function ticket_counts_maintain() returns trigger language plpgsql as $$
      begin
        if tg_op in ('UPDATE', 'DELETE') and old.deleted_at is null then
          update ticket_counts set count = count - 1
            where assignee_id = coalesce(old.assignee_id, 0) and status = old.status and slot = old.id % 16;
        end if;
        if tg_op in ('INSERT', 'UPDATE') and new.deleted_at is null then
          insert into ticket_counts (assignee_id, status, slot, count)
            values (coalesce(new.assignee_id, 0), new.status, new.id % 16, 1)
            on conflict (assignee_id, status, slot) do update set count = ticket_counts.count + 1;
        end if;
        return null;
      end
    $$`);
    this.addSql(
      'create trigger ticket_counts_maintain after insert or update of status, assignee_id, deleted_at or delete on tickets for each row execute function ticket_counts_maintain()',
    );
    this.addSql(
      'insert into "ticket_counts" ("assignee_id", "status", "slot", "count") select coalesce(assignee_id, 0), status, id % 16, count(*) from tickets where deleted_at is null group by 1, 2, 3',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger ticket_counts_maintain on tickets');
    this.addSql('drop function ticket_counts_maintain()');
    this.addSql('drop table "ticket_counts"');
  }
}
