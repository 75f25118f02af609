import { AssignmentMode } from './settings';
import type { BusinessHours, HelpdeskSettings, OpeningHours, Weekday } from './settings';

/** Opening hours on one day, local time (`HH:mm`). */
export class OpeningHoursResponse implements OpeningHours {
  /** @example "09:00" */
  start!: string;
  /** @example "17:00" */
  end!: string;
}

/** Opening hours per weekday; an empty list is a closed day. */
export class WeekResponse implements Record<Weekday, OpeningHours[]> {
  monday!: OpeningHoursResponse[];
  tuesday!: OpeningHoursResponse[];
  wednesday!: OpeningHoursResponse[];
  thursday!: OpeningHoursResponse[];
  friday!: OpeningHoursResponse[];
  saturday!: OpeningHoursResponse[];
  sunday!: OpeningHoursResponse[];
}

/** Business hours: when enabled, SLA targets and report durations count only the minutes inside them. */
export class BusinessHoursResponse implements BusinessHours {
  /** Off: the SLA clocks run 24/7. */
  enabled!: boolean;
  /** IANA time zone of the hours, the holidays and the reports' days. @example "Europe/London" */
  timeZone!: string;
  week!: WeekResponse;
  /** Closed dates, `YYYY-MM-DD` in `timeZone`. @example ["2026-12-25"] */
  holidays!: string[];
}

/** The SLA setting. */
export class SlaSettingsResponse {
  /** Share of a running target elapsed from which a ticket is at risk (0.5 to 0.99). @example 0.8 */
  atRiskThreshold!: number;
}

/** Automatic assignment. */
export class AssignmentSettingsResponse {
  /** `manual`, `round_robin` or `least_loaded`. @example "manual" */
  mode!: AssignmentMode;
}

/** Auto-close. */
export class AutoCloseSettingsResponse {
  /** Days after which a resolved ticket closes by itself (0: never). @example 7 */
  resolvedAfterDays!: number;
}

/** `GET /api/settings`, `PATCH /api/settings`: every setting. */
export class SettingsResponse implements HelpdeskSettings {
  businessHours!: BusinessHoursResponse;
  sla!: SlaSettingsResponse;
  assignment!: AssignmentSettingsResponse;
  autoClose!: AutoCloseSettingsResponse;
}
