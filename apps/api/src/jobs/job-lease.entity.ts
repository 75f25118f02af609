import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The schedule and lease of one recurring job (see {@link ScheduledJobs}): one row per job name,
 * shared by every API process on the database. A process runs the job only after moving
 * `nextRunAt` forward in one conditional UPDATE, so of several replicas exactly one runs each turn.
 */
@Entity({ tableName: 'job_leases' })
export class JobLease {
  /** The job's name, e.g. `sla.check`. */
  @PrimaryKey({ type: 'string', length: 100 })
  name!: string;

  /** When the job is next due. */
  @Property({ type: 'Date' })
  nextRunAt!: Date;

  /** The process (a random id per start) running it now; null when none is. */
  @Property({ type: 'string', length: 36, nullable: true })
  leasedBy: string | null = null;

  /** Until when the running process holds it; past that, another may take it over (a crashed run). */
  @Property({ type: 'Date', nullable: true })
  leasedUntil: Date | null = null;

  /** When the last run started; null before the first. */
  @Property({ type: 'Date', nullable: true })
  lastRunAt: Date | null = null;

  /** When the last run ended without an error; null before the first. */
  @Property({ type: 'Date', nullable: true })
  lastSuccessAt: Date | null = null;
}
