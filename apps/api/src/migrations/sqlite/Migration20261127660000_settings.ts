import { Migration } from '@mikro-orm/migrations';

/** The helpdesk's settings, one JSON row per section (`Setting`); no row: the defaults. */
export class Migration20261127660000Settings extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `settings` (`key` text not null, `value` text not null, `updated_at` datetime not null, primary key (`key`))',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table `settings`');
  }
}
