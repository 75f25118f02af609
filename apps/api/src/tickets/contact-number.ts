import { BadRequestException } from '@nestjs/common';
import { CountryCode, parsePhoneNumberWithError, ParseError } from 'libphonenumber-js';

import { ErrorCode } from '@hd/shared/domain';

const REASONS: Record<string, string> = {
  INVALID_COUNTRY: 'give it in international form, starting with + and the country code',
  NOT_A_NUMBER: 'it is not a phone number',
  TOO_SHORT: 'it is too short to be a phone number',
  TOO_LONG: 'it is too long to be a phone number',
  INVALID_LENGTH: 'it has the wrong number of digits for its country',
};

/**
 * A contact number as typed (`+44 20 7183 8750`, or `020 7183 8750` with `defaultRegion` `GB`)
 * in E.164 (`+442071838750`), validated with libphonenumber-js (Google's libphonenumber metadata).
 * @throws BadRequestException 400 `INVALID_CONTACT_NUMBER`, with the reason under `errors.contactNumber`
 */
export function toE164(value: string, defaultRegion: string): string {
  let reason = REASONS['NOT_A_NUMBER'];
  try {
    const phone = parsePhoneNumberWithError(value, (defaultRegion || undefined) as CountryCode | undefined);
    if (phone.isValid()) return phone.number;
    reason = 'it is not a valid number for its country';
  } catch (error) {
    if (error instanceof ParseError) reason = REASONS[error.message] ?? reason;
  }
  throw new BadRequestException({
    message: `contactNumber '${value}' is not usable: ${reason}`,
    code: ErrorCode.InvalidContactNumber,
    errors: { contactNumber: [reason] },
  });
}
