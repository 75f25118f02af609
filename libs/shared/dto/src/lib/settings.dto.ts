import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  IsTimeZone,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';

import {
  AssignmentMode,
  BusinessHours,
  HelpdeskSettings,
  LOCAL_DATE_PATTERN,
  OpeningHours,
  openingHoursProblem,
  SETTINGS_LIMITS,
  SettingsChange,
  TIME_OF_DAY_PATTERN,
  Weekday,
} from '@hd/shared/domain';

import { IsOptionalNotNull } from './validators';

/** Checks a day's opening hours with the domain's rule (`openingHoursProblem`: in order, no overlap, end after start). */
function IsOpeningHoursList(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isOpeningHoursList',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) =>
          Array.isArray(value) && openingHoursProblem(value as OpeningHours[]) === null,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property}: ${
            Array.isArray(args?.value)
              ? openingHoursProblem(args.value as OpeningHours[])
              : 'must be a list of {start, end}'
          }`,
      },
    });
}

/** One interval of opening hours (`HH:mm`, local time). */
export class OpeningHoursDto implements OpeningHours {
  /** @example "09:00" */
  @IsString()
  @Matches(TIME_OF_DAY_PATTERN, { message: 'start must be a time HH:mm' })
  start!: string;

  /** @example "17:00" */
  @IsString()
  @Matches(TIME_OF_DAY_PATTERN, { message: 'end must be a time HH:mm (24:00 for midnight)' })
  end!: string;
}

const day = (): PropertyDecorator => {
  const decorators = [
    IsArray(),
    ArrayMaxSize(SETTINGS_LIMITS.intervalsPerDay),
    ValidateNested({ each: true }),
    Type(() => OpeningHoursDto),
    IsOpeningHoursList(),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
};

/** Opening hours for every weekday (all seven; an empty list is a closed day). */
export class WeekDto implements Record<Weekday, OpeningHours[]> {
  @day() monday!: OpeningHoursDto[];
  @day() tuesday!: OpeningHoursDto[];
  @day() wednesday!: OpeningHoursDto[];
  @day() thursday!: OpeningHoursDto[];
  @day() friday!: OpeningHoursDto[];
  @day() saturday!: OpeningHoursDto[];
  @day() sunday!: OpeningHoursDto[];
}

/** A change to business hours: any of its fields; `week` and `holidays` replace the old ones whole. */
export class BusinessHoursChangeDto implements Partial<BusinessHours> {
  @IsOptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  /** IANA time zone. @example "Europe/London" */
  @IsOptionalNotNull()
  @IsString()
  @IsTimeZone({ message: 'timeZone must be an IANA time zone such as Europe/London' })
  timeZone?: string;

  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => WeekDto)
  week?: WeekDto;

  /** Closed dates, `YYYY-MM-DD`. @example ["2026-12-25", "2026-12-26"] */
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(SETTINGS_LIMITS.holidays)
  @IsString({ each: true })
  @Matches(LOCAL_DATE_PATTERN, { each: true, message: 'holidays must be dates YYYY-MM-DD' })
  holidays?: string[];
}

/** A change to the SLA setting. */
export class SlaSettingsChangeDto implements Partial<HelpdeskSettings['sla']> {
  /** @example 0.8 */
  @IsOptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(SETTINGS_LIMITS.atRiskThreshold.min)
  @Max(SETTINGS_LIMITS.atRiskThreshold.max)
  atRiskThreshold?: number;
}

/** A change to automatic assignment. */
export class AssignmentSettingsChangeDto implements Partial<HelpdeskSettings['assignment']> {
  @IsOptionalNotNull()
  @IsEnum(AssignmentMode)
  mode?: AssignmentMode;
}

/** A change to auto-close. */
export class AutoCloseSettingsChangeDto implements Partial<HelpdeskSettings['autoClose']> {
  /** 0 turns auto-close off. @example 7 */
  @IsOptionalNotNull()
  @IsInt()
  @Min(SETTINGS_LIMITS.resolvedAfterDays.min)
  @Max(SETTINGS_LIMITS.resolvedAfterDays.max)
  resolvedAfterDays?: number;
}

/** `PATCH /api/settings`: any section with any of its fields; what is left out stays as it is. */
export class UpdateSettingsDto implements SettingsChange {
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => BusinessHoursChangeDto)
  businessHours?: BusinessHoursChangeDto;

  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => SlaSettingsChangeDto)
  sla?: SlaSettingsChangeDto;

  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => AssignmentSettingsChangeDto)
  assignment?: AssignmentSettingsChangeDto;

  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => AutoCloseSettingsChangeDto)
  autoClose?: AutoCloseSettingsChangeDto;
}
