import { IsInt, Max, Min, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

import { SLA_TARGET_LIMITS, SlaPolicyChange, slaTargetsProblem } from '@hd/shared/domain';

/** Checks the pair with the domain's rule (`slaTargetsProblem`: the resolution no sooner than the first response). */
function IsNotBeforeFirstResponse(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotBeforeFirstResponse',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (_value: unknown, args?: ValidationArguments) => {
          const dto = args?.object as Partial<SlaPolicyChange> | undefined;
          if (typeof dto?.firstResponseMinutes !== 'number' || typeof dto.resolutionMinutes !== 'number')
            return true;
          return slaTargetsProblem(dto as SlaPolicyChange) === null;
        },
        defaultMessage: (args?: ValidationArguments) =>
          slaTargetsProblem(args?.object as SlaPolicyChange) ?? 'resolutionMinutes is invalid',
      },
    });
}

/**
 * Body of `PUT /api/sla-policies/:priority`: both targets of the priority, in whole minutes
 * (business minutes when business hours are on), 1 to 525,600 (a year); the resolution no sooner
 * than the first response.
 */
export class UpdateSlaPolicyDto implements SlaPolicyChange {
  /** Minutes to staff's first public reply. @example 120 */
  @IsInt()
  @Min(SLA_TARGET_LIMITS.min)
  @Max(SLA_TARGET_LIMITS.max)
  firstResponseMinutes!: number;

  /** Minutes to resolution, not counting the time waiting on the customer. @example 1440 */
  @IsInt()
  @Min(SLA_TARGET_LIMITS.min)
  @Max(SLA_TARGET_LIMITS.max)
  @IsNotBeforeFirstResponse()
  resolutionMinutes!: number;
}
