/**
 * The helpdesk's settings (admins change them with `PATCH /api/settings`): business hours for SLA
 * clocks, the SLA at-risk threshold, automatic assignment and auto-close. Shapes and defaults,
 * shared by the API and the web app.
 */

/** How new tickets find an assignee (`assignment.mode`). */
export enum AssignmentMode {
  /** Nobody is picked: agents take tickets from the queue (the default). */
  Manual = 'manual',
  /** Available agents in turn. */
  RoundRobin = 'round_robin',
  /** The available agent with the fewest open, in-progress or reopened tickets. */
  LeastLoaded = 'least_loaded',
}

/** Every assignment mode, in declaration order. */
export const ASSIGNMENT_MODES: readonly AssignmentMode[] = Object.values(AssignmentMode);

/** The days of the week, Monday first (ISO 8601 order), as `week` keys. */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

/** A day of the week. */
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:mm`, 24-hour, `00:00` to `24:00` (the end of the day). */
export const TIME_OF_DAY_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** `YYYY-MM-DD` (a holiday, in the business-hours time zone). */
export const LOCAL_DATE_PATTERN = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;

/** Opening hours on one day, local time: from `start` up to (not including) `end`. */
export interface OpeningHours {
  /** `HH:mm`. @example "09:00" */
  start: string;
  /** `HH:mm`, after `start`; `24:00` for midnight. @example "17:00" */
  end: string;
}

/** Business hours: when they are on, SLA targets count only the minutes inside them. */
export interface BusinessHours {
  /** Off (the default): the clocks run 24/7. */
  enabled: boolean;
  /** IANA time zone the hours, holidays and report days are in. @example "Europe/London" */
  timeZone: string;
  /** Opening hours per weekday, in order and not overlapping; an empty list is a closed day. */
  week: Record<Weekday, OpeningHours[]>;
  /** Closed dates (`YYYY-MM-DD`, local), sorted. */
  holidays: string[];
}

/** Every setting, as `GET /api/settings` returns them. */
export interface HelpdeskSettings {
  businessHours: BusinessHours;
  sla: {
    /** The share of a running SLA target elapsed from which a ticket is "at risk", 0.5 to 0.99. @example 0.8 */
    atRiskThreshold: number;
  };
  assignment: {
    mode: AssignmentMode;
  };
  autoClose: {
    /** Days after which a resolved ticket closes by itself, 0 to 365; 0 turns auto-close off. @example 7 */
    resolvedAfterDays: number;
  };
}

/** `PATCH /api/settings`: any section, each with any of its fields; `week` and `holidays` are replaced whole. */
export interface SettingsChange {
  businessHours?: Partial<BusinessHours>;
  sla?: Partial<HelpdeskSettings['sla']>;
  assignment?: Partial<HelpdeskSettings['assignment']>;
  autoClose?: Partial<HelpdeskSettings['autoClose']>;
}

/** Bounds of the numeric settings. */
export const SETTINGS_LIMITS = {
  atRiskThreshold: { min: 0.5, max: 0.99 },
  resolvedAfterDays: { min: 0, max: 365 },
  /** Most holidays in the list. */
  holidays: 400,
  /** Most opening intervals on one day. */
  intervalsPerDay: 6,
} as const;

const officeDay = (): OpeningHours[] => [{ start: '09:00', end: '17:00' }];

/** The settings of a new installation: 24/7 clocks, at risk from 80 %, manual assignment, auto-close after 7 days. */
export function defaultSettings(): HelpdeskSettings {
  return {
    businessHours: {
      enabled: false,
      timeZone: 'UTC',
      week: {
        monday: officeDay(),
        tuesday: officeDay(),
        wednesday: officeDay(),
        thursday: officeDay(),
        friday: officeDay(),
        saturday: [],
        sunday: [],
      },
      holidays: [],
    },
    sla: { atRiskThreshold: 0.8 },
    assignment: { mode: AssignmentMode.Manual },
    autoClose: { resolvedAfterDays: 7 },
  };
}

/** Minutes since midnight of an `HH:mm` time. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * What is wrong with a day's opening hours, or null: each interval must end after it starts, and
 * the intervals must be in order without overlapping.
 */
export function openingHoursProblem(intervals: readonly OpeningHours[]): string | null {
  let previousEnd = -1;
  for (const { start, end } of intervals) {
    if (!TIME_OF_DAY_PATTERN.test(start) || !TIME_OF_DAY_PATTERN.test(end)) return 'times must be HH:mm';
    if (minutesOfDay(end) <= minutesOfDay(start)) return `${start}-${end} ends before it starts`;
    if (minutesOfDay(start) < previousEnd) return 'intervals must be in order and must not overlap';
    previousEnd = minutesOfDay(end);
  }
  return null;
}

/** Whether `timeZone` is an IANA time zone this runtime knows (e.g. `Europe/London`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
