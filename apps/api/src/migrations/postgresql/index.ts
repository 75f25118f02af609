import { MigrationObject } from '@mikro-orm/core';

import { Migration20261122000000Initial } from './Migration20261122000000_initial';
import { Migration20261122100000Notifications } from './Migration20261122100000_notifications';
import { Migration20261126000000UsersAdmin } from './Migration20261126000000_users_admin';
import { Migration20261126100000TicketRecords } from './Migration20261126100000_ticket_records';
import { Migration20261126200000TicketVersion } from './Migration20261126200000_ticket_version';
import { Migration20261126300000IdempotencyKeys } from './Migration20261126300000_idempotency_keys';
import { Migration20261127100000OutboxClaimToken } from './Migration20261127100000_outbox_claim_token';
import { Migration20261127200000TicketListIndexes } from './Migration20261127200000_ticket_list_indexes';
import { Migration20261127400000TicketCounts } from './Migration20261127400000_ticket_counts';
import { Migration20261127500000TicketUpdatedIndex } from './Migration20261127500000_ticket_updated_index';
import { Migration20261127600000TicketStatistics } from './Migration20261127600000_ticket_statistics';
import { Migration20261127650000JobLeases } from './Migration20261127650000_job_leases';
import { Migration20261127660000Settings } from './Migration20261127660000_settings';
import { Migration20261127680000ApiTokens } from './Migration20261127680000_api_tokens';
import { Migration20261127690000Webhooks } from './Migration20261127690000_webhooks';
import { Migration20261127700000CannedResponses } from './Migration20261127700000_canned_responses';
import { Migration20261127800000TicketFullTextSearch } from './Migration20261127800000_ticket_full_text_search';
import { Migration20261127900000Sla } from './Migration20261127900000_sla';
import { Migration20261127950000Automation } from './Migration20261127950000_automation';
import { Migration20261127970000ReportIndexes } from './Migration20261127970000_report_indexes';
import { Migration20261127980000ReportDurations } from './Migration20261127980000_report_durations';
import { Migration20261127990000Attachments } from './Migration20261127990000_attachments';
import { Migration20261128000000InboundMail } from './Migration20261128000000_inbound_mail';
import { Migration20261128010000ReportPercentileIndexes } from './Migration20261128010000_report_percentile_indexes';
import { Migration20261128020000ReportDayCounts } from './Migration20261128020000_report_day_counts';
import { Migration20261128030000TicketSearchLookupIndex } from './Migration20261128030000_ticket_search_lookup_index';
import { Migration20261128040000TicketListIndexesById } from './Migration20261128040000_ticket_list_indexes_by_id';

/** PostgreSQL migrations, oldest first; add each new one here. */
export const postgresqlMigrations: MigrationObject[] = [
  { name: 'Migration20261122000000_initial', class: Migration20261122000000Initial },
  { name: 'Migration20261122100000_notifications', class: Migration20261122100000Notifications },
  { name: 'Migration20261126000000_users_admin', class: Migration20261126000000UsersAdmin },
  { name: 'Migration20261126100000_ticket_records', class: Migration20261126100000TicketRecords },
  { name: 'Migration20261126200000_ticket_version', class: Migration20261126200000TicketVersion },
  { name: 'Migration20261126300000_idempotency_keys', class: Migration20261126300000IdempotencyKeys },
  { name: 'Migration20261127100000_outbox_claim_token', class: Migration20261127100000OutboxClaimToken },
  { name: 'Migration20261127200000_ticket_list_indexes', class: Migration20261127200000TicketListIndexes },
  { name: 'Migration20261127400000_ticket_counts', class: Migration20261127400000TicketCounts },
  { name: 'Migration20261127500000_ticket_updated_index', class: Migration20261127500000TicketUpdatedIndex },
  { name: 'Migration20261127600000_ticket_statistics', class: Migration20261127600000TicketStatistics },
  { name: 'Migration20261127650000_job_leases', class: Migration20261127650000JobLeases },
  { name: 'Migration20261127660000_settings', class: Migration20261127660000Settings },
  { name: 'Migration20261127680000_api_tokens', class: Migration20261127680000ApiTokens },
  { name: 'Migration20261127690000_webhooks', class: Migration20261127690000Webhooks },
  { name: 'Migration20261127700000_canned_responses', class: Migration20261127700000CannedResponses },
  { name: 'Migration20261127800000_ticket_full_text_search', class: Migration20261127800000TicketFullTextSearch },
  { name: 'Migration20261127900000_sla', class: Migration20261127900000Sla },
  { name: 'Migration20261127950000_automation', class: Migration20261127950000Automation },
  { name: 'Migration20261127970000_report_indexes', class: Migration20261127970000ReportIndexes },
  { name: 'Migration20261127980000_report_durations', class: Migration20261127980000ReportDurations },
  { name: 'Migration20261127990000_attachments', class: Migration20261127990000Attachments },
  { name: 'Migration20261128000000_inbound_mail', class: Migration20261128000000InboundMail },
  {
    name: 'Migration20261128010000_report_percentile_indexes',
    class: Migration20261128010000ReportPercentileIndexes,
  },
  { name: 'Migration20261128020000_report_day_counts', class: Migration20261128020000ReportDayCounts },
  {
    name: 'Migration20261128030000_ticket_search_lookup_index',
    class: Migration20261128030000TicketSearchLookupIndex,
  },
  {
    name: 'Migration20261128040000_ticket_list_indexes_by_id',
    class: Migration20261128040000TicketListIndexesById,
  },
];
