/**
 * The SQL of `report_day_counts` on both databases: the table, the triggers that keep it, the
 * statements that fill it from the tickets there are, and those that count it again for another
 * day boundary. The migration `report_day_counts` creates the table with the day boundary at UTC
 * midnight (shift 0); `ReportDayCountsService` moves the boundary to the business hours' time zone.
 * With shift 0 the SQL is the migration's as it ran: a change to what the table counts is a new
 * migration (recounting the table), not an edit here alone.
 *
 * Each ticket that is not deleted counts once under each kind whose condition it meets, on the
 * report day of that kind's instant (the instant, a ms number, of the day's start: the UTC midnight,
 * or the midnight of a fixed offset `shiftMs` from UTC), under its priority rank, category and
 * assignee (0: none). `$` stands for the ticket's row (`new`, `old`, `t`, or the table while
 * filling).
 */
/** A figure the table counts: the ticket column of its instant, the condition a live ticket meets to count. */
export interface ReportDayKind {
  kind: string;
  at: string;
  when: string;
}

/** The figures of `report_day_counts`; `ReportQueries` counts the same from the tickets for part days. */
export const REPORT_DAY_KINDS = [
  { kind: 'created', at: 'created_at', when: 'true' },
  // The latest resolution, and those of them whose ticket was reopened since (no longer done).
  { kind: 'resolved', at: 'resolved_at', when: 'true' },
  { kind: 'reopened', at: 'resolved_at', when: `$.status not in ('resolved', 'closed')` },
  { kind: 'closed', at: 'closed_at', when: 'true' },
  { kind: 'closed_unresolved', at: 'closed_at', when: `$.status = 'closed' and $.resolved_at is null` },
  // SLA targets met, counted when met: the first response; the leaving of the backlog.
  {
    kind: 'first_response_met',
    at: 'first_response_at',
    when: '$.first_response_at <= $.first_response_due_at',
  },
  {
    kind: 'resolution_met',
    at: 'resolved_at',
    when: `$.status in ('resolved', 'closed') and $.resolved_at <= $.resolution_due_at`,
  },
  {
    kind: 'resolution_met_closed',
    at: 'closed_at',
    when: `$.status = 'closed' and $.resolved_at is null and $.closed_at <= $.resolution_due_at`,
  },
  // SLA targets missed, counted when they fell due (the report takes only those due before now).
  {
    kind: 'first_response_missed',
    at: 'first_response_due_at',
    when: '($.first_response_at is null or $.first_response_at > $.first_response_due_at)',
  },
  {
    kind: 'resolution_missed',
    at: 'resolution_due_at',
    when: `(case when $.status = 'resolved' then $.resolved_at when $.status = 'closed' then coalesce($.resolved_at, $.closed_at) end) is null
      or (case when $.status = 'resolved' then $.resolved_at when $.status = 'closed' then coalesce($.resolved_at, $.closed_at) end) > $.resolution_due_at`,
  },
  // Durations measured (the percentiles' counts).
  { kind: 'first_response_measured', at: 'first_response_at', when: '$.first_response_minutes is not null' },
  { kind: 'resolution_measured', at: 'resolved_at', when: '$.resolution_minutes is not null' },
] as const satisfies ReadonlyArray<ReportDayKind>;

/** The ticket columns a count depends on: a trigger fires only when one of them changes. */
const COLUMNS = [
  'status',
  'priority',
  'category',
  'assignee_id',
  'deleted_at',
  'created_at',
  'resolved_at',
  'closed_at',
  'first_response_at',
  'first_response_due_at',
  'resolution_due_at',
  'first_response_minutes',
  'resolution_minutes',
];

const KEY = 'kind, day, priority, category, assignee_id, slot';
const DAY_MS = 86_400_000;

/** The SQL dialects the table lives in. */
export type ReportDayDialect = 'sqlite' | 'postgresql';

interface Dialect {
  /** The report day (ms number of its start) of the instant column `column` of row `row`. */
  day(row: string, column: string): string;
  /** The slot of row `row` (spreads a hot count over rows on PostgreSQL, see `ReportDayCount`). */
  slot(row: string): string;
}

/**
 * The dialect's SQL for the days of the fixed UTC offset `shiftMs` (local time = UTC + `shiftMs`:
 * -18,000,000 for UTC-5; whole minutes within 14 h): a day starts at the instant
 * `k * 86,400,000 - shiftMs`, the offset's midnight.
 * @throws RangeError for any other offset
 */
function dialectOf(dialect: ReportDayDialect, shiftMs: number): Dialect {
  if (!Number.isInteger(shiftMs / 60_000) || Math.abs(shiftMs) > 14 * 3_600_000) {
    throw new RangeError(`a report day shift is whole minutes within 14 h of UTC, not ${shiftMs} ms`);
  }
  if (dialect === 'sqlite') {
    return {
      // Instants are ms numbers since 1970 (positive once shifted): the remainder is the time of day.
      day: (row, column) =>
        shiftMs
          ? `${row}.${column} - (${row}.${column} + ${shiftMs}) % ${DAY_MS}`
          : `${row}.${column} - ${row}.${column} % ${DAY_MS}`,
      slot: () => '0',
    };
  }
  const seconds = shiftMs / 1000;
  return {
    day: (row, column) =>
      shiftMs
        ? `cast(floor((extract(epoch from ${row}.${column}) + ${seconds}) / 86400) as bigint) * ${DAY_MS} - ${shiftMs}`
        : `cast(floor(extract(epoch from ${row}.${column}) / 86400) as bigint) * ${DAY_MS}`,
    slot: (row) => `${row}.id % 4`,
  };
}

/** Whether row `row` counts under `kind`. */
function counts(row: string, { at, when }: ReportDayKind): string {
  return `(${row}.deleted_at is null and ${row}.${at} is not null and (${when.replaceAll('$', row)}))`;
}

/** The values of row `row`'s key under `kind`, in the order of {@link KEY}. */
function keyValues(dialect: Dialect, row: string, kind: ReportDayKind): string[] {
  return [
    `'${kind.kind}'`,
    dialect.day(row, kind.at),
    `${row}.priority`,
    `${row}.category`,
    `coalesce(${row}.assignee_id, 0)`,
    dialect.slot(row),
  ];
}

/** {@link keyValues} as a list. */
function key(dialect: Dialect, row: string, kind: ReportDayKind): string {
  return keyValues(dialect, row, kind).join(', ');
}

/** Whether `old` and `new` count the same under `kind` (the trigger then leaves the count alone). */
function unchanged(dialect: Dialect, kind: ReportDayKind): string {
  return `(${counts('old', kind)} and ${counts('new', kind)} and (${key(dialect, 'old', kind)}) = (${key(dialect, 'new', kind)}))`;
}

function decrement(dialect: Dialect, kind: ReportDayKind, guard: string): string {
  return `update report_day_counts set count = count - 1
    where (${KEY}) = (${key(dialect, 'old', kind)}) and ${guard}`;
}

function increment(dialect: Dialect, kind: ReportDayKind, table: string): string {
  return `insert into report_day_counts (${KEY}, count) select ${key(dialect, 'new', kind)}, 1
    on conflict (${KEY}) do update set count = ${table}.count + 1`;
}

/**
 * One `select` per kind of what the table should hold for days shifted by `shiftMs` (see
 * {@link dialectOf}), counted from the tickets: the rows of its key and `count` (the table is
 * filled with them; tests compare the table with them).
 */
export function reportDayCountSelects(dialect: ReportDayDialect, shiftMs = 0): string[] {
  const d = dialectOf(dialect, shiftMs);
  return REPORT_DAY_KINDS.map(
    (kind) =>
      `select ${keyValues(d, 't', kind)
        .map((value, i) => `${value} as ${KEY.split(', ')[i]}`)
        .join(', ')}, count(*) as count from tickets t where ${counts('t', kind)} group by 1, 2, 3, 4, 5, 6`,
  );
}

/** The statements that fill the (empty) table from the tickets there are. */
function fill(dialect: ReportDayDialect, shiftMs: number): string[] {
  return reportDayCountSelects(dialect, shiftMs).map(
    (select) => `insert into report_day_counts (${KEY}, count) ${select}`,
  );
}

/** The keys row `row` counts under, one `select` each, in a compound `select`. */
function keysOf(dialect: Dialect, row: string): string {
  return REPORT_DAY_KINDS.map((kind) => `select ${key(dialect, row, kind)} where ${counts(row, kind)}`).join(
    ' union all ',
  );
}

/**
 * SQLite's three triggers. Each is one or two statements over the row's keys (a compound
 * `select`), not a statement per kind: SQLite compiles the triggers into every statement that
 * fires them (`sqlite3` prepares each statement afresh), and a statement per kind made a ticket's
 * status change cost 1.3 ms more, almost all of it compiling.
 */
function sqliteTriggers(shiftMs: number): string[] {
  const d = dialectOf('sqlite', shiftMs);
  const add = (keys: string): string =>
    // SQLite's upsert needs a `where` after a `select` (its parser reads `on` as a join otherwise).
    `insert into report_day_counts (${KEY}, count) select *, 1 from (${keys}) where true
      on conflict (${KEY}) do update set count = count + 1`;
  const remove = (keys: string): string =>
    `update report_day_counts set count = count - 1 where (${KEY}) in (${keys})`;
  return [
    `create trigger report_day_counts_insert after insert on tickets begin
      ${add(keysOf(d, 'new'))};
    end`,
    // Only the keys that change: those the old row had and the new one has not, and the reverse.
    `create trigger report_day_counts_update after update of ${COLUMNS.join(', ')} on tickets begin
      ${remove(`select * from (${keysOf(d, 'old')}) except select * from (${keysOf(d, 'new')})`)};
      ${add(`select * from (${keysOf(d, 'new')}) except select * from (${keysOf(d, 'old')})`)};
    end`,
    `create trigger report_day_counts_delete after delete on tickets begin
      ${remove(keysOf(d, 'old'))};
    end`,
  ];
}

/** PostgreSQL's trigger function (`create or replace`: the trigger itself names it). */
function postgresFunction(shiftMs: number): string {
  const d = dialectOf('postgresql', shiftMs);
  const add = (kind: ReportDayKind): string =>
    `if ${counts('new', kind)} then ${increment(d, kind, 'report_day_counts')}; end if;`;
  const remove = (kind: ReportDayKind): string =>
    `if ${counts('old', kind)} then ${decrement(d, kind, 'true')}; end if;`;
  return `create or replace function report_day_counts_maintain() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          ${REPORT_DAY_KINDS.map(add).join('\n          ')}
        elsif tg_op = 'DELETE' then
          ${REPORT_DAY_KINDS.map(remove).join('\n          ')}
        else
          ${REPORT_DAY_KINDS.map((kind) => `if not ${unchanged(d, kind)} then\n            ${remove(kind)}\n            ${add(kind)}\n          end if;`).join('\n          ')}
        end if;
        return null;
      end
    $$`;
}

/** SQLite: the table, three triggers and the fill, for UTC days (the migration `report_day_counts`). */
export function sqliteReportDayCounts(): string[] {
  return [
    `create table report_day_counts (kind text not null, day bigint not null, priority integer not null,
      category text not null, assignee_id integer not null, slot integer not null, count integer not null,
      primary key (${KEY}))`,
    ...sqliteTriggers(0),
    ...fill('sqlite', 0),
  ];
}

/** PostgreSQL: the table, one trigger function and its trigger, and the fill, for UTC days (the migration). */
export function postgresReportDayCounts(): string[] {
  return [
    `create table "report_day_counts" ("kind" varchar(32) not null, "day" bigint not null, "priority" int not null,
      "category" varchar(32) not null, "assignee_id" int not null, "slot" int not null, "count" int not null,
      constraint "report_day_counts_pkey" primary key (${KEY}))`,
    postgresFunction(0),
    `create trigger report_day_counts_maintain after insert or update of ${COLUMNS.join(', ')} or delete on tickets
      for each row execute function report_day_counts_maintain()`,
    ...fill('postgresql', 0),
  ];
}

/**
 * The statements that start a recount's transaction (see {@link recountReportDayCounts}): on
 * PostgreSQL, the statement time limit lifted (filling takes seconds at a million tickets) and a
 * lock on `tickets` that waits, at most `lockTimeoutMs`, for the transactions writing tickets, then
 * holds back new ones (and another recount) until the commit, so that no ticket changes between
 * the fill and the new triggers; none on SQLite, whose single writer does that by itself.
 */
export function prepareReportDayRecount(dialect: ReportDayDialect, lockTimeoutMs: number): string[] {
  if (dialect === 'sqlite') return [];
  return [
    'set local statement_timeout = 0',
    `set local lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`,
    'lock table tickets in share row exclusive mode',
  ];
}

/**
 * The statements, to run in one transaction after {@link prepareReportDayRecount}'s, that count the
 * table again for days shifted by `shiftMs` (see {@link dialectOf}): the triggers rewritten for the
 * new days, the rows deleted, the table filled from the tickets.
 */
export function recountReportDayCounts(dialect: ReportDayDialect, shiftMs: number): string[] {
  if (dialect === 'sqlite') {
    return [
      'drop trigger if exists report_day_counts_insert',
      'drop trigger if exists report_day_counts_update',
      'drop trigger if exists report_day_counts_delete',
      ...sqliteTriggers(shiftMs),
      'delete from report_day_counts',
      ...fill('sqlite', shiftMs),
    ];
  }
  return [postgresFunction(shiftMs), 'delete from report_day_counts', ...fill('postgresql', shiftMs)];
}
