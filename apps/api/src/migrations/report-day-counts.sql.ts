/**
 * The SQL of the migration `report_day_counts` on both databases: the table, the triggers that keep
 * it and the statement that fills it from the tickets there are. Frozen with that migration: a
 * change to what the table counts is a new migration, not an edit here.
 *
 * Each ticket that is not deleted counts once under each kind whose condition it meets, on the UTC
 * day of that kind's instant (a ms number: the instant less its remainder of 86,400,000), under its
 * priority rank, category and assignee (0: none). `$` stands for the ticket's row (`new`, `old`, or
 * the table while filling).
 */
const KINDS: ReadonlyArray<{ kind: string; at: string; when: string }> = [
  { kind: 'created', at: 'created_at', when: 'true' },
  // The latest resolution, and those of them whose ticket was reopened since (no longer done).
  { kind: 'resolved', at: 'resolved_at', when: 'true' },
  { kind: 'reopened', at: 'resolved_at', when: `$.status not in ('resolved', 'closed')` },
  { kind: 'closed', at: 'closed_at', when: 'true' },
  { kind: 'closed_unresolved', at: 'closed_at', when: `$.status = 'closed' and $.resolved_at is null` },
  // SLA targets met, counted when met: the first response; the leaving of the backlog.
  { kind: 'first_response_met', at: 'first_response_at', when: '$.first_response_at <= $.first_response_due_at' },
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
];

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

interface Dialect {
  /** The UTC day (ms number) of the instant column `column` of row `row`. */
  day(row: string, column: string): string;
  /** The slot of row `row` (spreads a hot count over rows on PostgreSQL, see `ReportDayCount`). */
  slot(row: string): string;
}

const SQLITE: Dialect = {
  day: (row, column) => `${row}.${column} - ${row}.${column} % ${DAY_MS}`,
  slot: () => '0',
};

const POSTGRES: Dialect = {
  day: (row, column) => `cast(floor(extract(epoch from ${row}.${column}) / 86400) as bigint) * ${DAY_MS}`,
  slot: (row) => `${row}.id % 4`,
};

/** Whether row `row` counts under `kind`. */
function counts(row: string, { at, when }: (typeof KINDS)[number]): string {
  return `(${row}.deleted_at is null and ${row}.${at} is not null and (${when.replaceAll('$', row)}))`;
}

/** The values of row `row`'s key under `kind`, in the order of {@link KEY}. */
function keyValues(dialect: Dialect, row: string, kind: (typeof KINDS)[number]): string[] {
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
function key(dialect: Dialect, row: string, kind: (typeof KINDS)[number]): string {
  return keyValues(dialect, row, kind).join(', ');
}

/** Whether `old` and `new` count the same under `kind` (the trigger then leaves the count alone). */
function unchanged(dialect: Dialect, kind: (typeof KINDS)[number]): string {
  return `(${counts('old', kind)} and ${counts('new', kind)} and (${key(dialect, 'old', kind)}) = (${key(dialect, 'new', kind)}))`;
}

function decrement(dialect: Dialect, kind: (typeof KINDS)[number], guard: string): string {
  return `update report_day_counts set count = count - 1
    where (${KEY}) = (${key(dialect, 'old', kind)}) and ${guard}`;
}

function increment(dialect: Dialect, kind: (typeof KINDS)[number], table: string): string {
  return `insert into report_day_counts (${KEY}, count) select ${key(dialect, 'new', kind)}, 1
    on conflict (${KEY}) do update set count = ${table}.count + 1`;
}

/**
 * One `select` per kind of what the table should hold, counted from the tickets: the rows of its
 * key and `count` (the migration fills the table with them; tests compare the table with them).
 */
export function reportDayCountSelects(dialect: 'sqlite' | 'postgresql'): string[] {
  const d = dialect === 'sqlite' ? SQLITE : POSTGRES;
  return KINDS.map(
    (kind) =>
      `select ${keyValues(d, 't', kind)
        .map((value, i) => `${value} as ${KEY.split(', ')[i]}`)
        .join(', ')}, count(*) as count from tickets t where ${counts('t', kind)} group by 1, 2, 3, 4, 5, 6`,
  );
}

/** The statements that fill the table from the tickets there are. */
function fill(dialect: 'sqlite' | 'postgresql'): string[] {
  return reportDayCountSelects(dialect).map((select) => `insert into report_day_counts (${KEY}, count) ${select}`);
}

/** The keys row `row` counts under, one `select` each, in a compound `select`. */
function keysOf(dialect: Dialect, row: string): string {
  return KINDS.map((kind) => `select ${key(dialect, row, kind)} where ${counts(row, kind)}`).join(
    ' union all ',
  );
}

/**
 * SQLite: the table, three triggers and the fill. Each trigger is one or two statements over the
 * row's keys (a compound `select`), not a statement per kind: SQLite compiles the triggers into
 * every statement that fires them (`sqlite3` prepares each statement afresh), and a statement per
 * kind made a ticket's status change cost 1.3 ms more, almost all of it compiling.
 */
export function sqliteReportDayCounts(): string[] {
  const d = SQLITE;
  const add = (keys: string): string =>
    // SQLite's upsert needs a `where` after a `select` (its parser reads `on` as a join otherwise).
    `insert into report_day_counts (${KEY}, count) select *, 1 from (${keys}) where true
      on conflict (${KEY}) do update set count = count + 1`;
  const remove = (keys: string): string =>
    `update report_day_counts set count = count - 1 where (${KEY}) in (${keys})`;
  return [
    `create table report_day_counts (kind text not null, day bigint not null, priority integer not null,
      category text not null, assignee_id integer not null, slot integer not null, count integer not null,
      primary key (${KEY}))`,
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
    ...fill('sqlite'),
  ];
}

/** PostgreSQL: the table, one trigger function and its trigger, and the fill. */
export function postgresReportDayCounts(): string[] {
  const d = POSTGRES;
  const add = (kind: (typeof KINDS)[number]): string =>
    `if ${counts('new', kind)} then ${increment(d, kind, 'report_day_counts')}; end if;`;
  const remove = (kind: (typeof KINDS)[number]): string =>
    `if ${counts('old', kind)} then ${decrement(d, kind, 'true')}; end if;`;
  return [
    `create table "report_day_counts" ("kind" varchar(32) not null, "day" bigint not null, "priority" int not null,
      "category" varchar(32) not null, "assignee_id" int not null, "slot" int not null, "count" int not null,
      constraint "report_day_counts_pkey" primary key (${KEY}))`,
    `create function report_day_counts_maintain() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          ${KINDS.map(add).join('\n          ')}
        elsif tg_op = 'DELETE' then
          ${KINDS.map(remove).join('\n          ')}
        else
          ${KINDS.map((kind) => `if not ${unchanged(d, kind)} then\n            ${remove(kind)}\n            ${add(kind)}\n          end if;`).join('\n          ')}
        end if;
        return null;
      end
    $$`,
    `create trigger report_day_counts_maintain after insert or update of ${COLUMNS.join(', ')} or delete on tickets
      for each row execute function report_day_counts_maintain()`,
    ...fill('postgresql'),
  ];
}
