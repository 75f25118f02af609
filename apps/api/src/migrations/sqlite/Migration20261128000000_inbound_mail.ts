import { Migration } from '@mikro-orm/migrations';

/**
 * The inbound e-mail channel: `inbound_messages` (one row per received `Message-ID`, so a second
 * delivery is a no-op) and the ticket an outbox message tells of (`outbox_messages.ticket_id`), so
 * an e-mail reply to a notification threads onto its ticket.
 */
export class Migration20261128000000InboundMail extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "create table `inbound_messages` (`id` integer not null primary key autoincrement, `message_id` text not null, `status` text check (`status` in ('processing', 'ticket_created', 'replied', 'ignored', 'rejected', 'failed')) not null default 'processing', `sender` text null, `ticket_id` integer null, `detail` text null, `received_at` datetime not null, `processed_at` datetime null)",
    );
    this.addSql('create unique index `inbound_messages_message_id_unique` on `inbound_messages` (`message_id`)');
    this.addSql(
      'alter table `outbox_messages` add column `ticket_id` integer null constraint `outbox_messages_ticket_id_foreign` references `tickets` (`id`) on update cascade on delete set null',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table `outbox_messages` drop column `ticket_id`');
    this.addSql('drop table if exists `inbound_messages`');
  }
}
