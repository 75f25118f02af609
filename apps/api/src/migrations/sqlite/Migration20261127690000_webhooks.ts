import { Migration } from '@mikro-orm/migrations';

/** Outgoing webhooks and their deliveries (the webhook outbox). */
export class Migration20261127690000Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `webhooks` (`id` integer not null primary key autoincrement, `url` text not null, `events` text not null, `secret` text not null, `active` integer not null, `include_internal_notes` integer not null, `consecutive_failures` integer not null default 0, `disabled_reason` text null, `created_at` datetime not null, `updated_at` datetime not null)',
    );
    this.addSql(
      'create table `webhook_deliveries` (`id` integer not null primary key autoincrement, `webhook_id` integer not null, `delivery_id` text not null, `event` text not null, `payload` text not null, `status` text not null, `attempts` integer not null default 0, `next_attempt_at` datetime null, `claim_token` text null, `last_status_code` integer null, `last_error` text null, `last_attempt_at` datetime null, `delivered_at` datetime null, `created_at` datetime not null, constraint `webhook_deliveries_webhook_id_foreign` foreign key(`webhook_id`) references `webhooks`(`id`) on delete cascade on update cascade)',
    );
    this.addSql(
      'create index `webhook_deliveries_webhook_id_index` on `webhook_deliveries` (`webhook_id`)',
    );
    this.addSql(
      'create index `webhook_deliveries_next_attempt_at_index` on `webhook_deliveries` (`next_attempt_at`)',
    );
    this.addSql(
      'create index `webhook_deliveries_webhook_id_id_index` on `webhook_deliveries` (`webhook_id`, `id`)',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table `webhook_deliveries`');
    this.addSql('drop table `webhooks`');
  }
}
