import { Body, Controller, Get, Patch } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Action, ApiTokenScope, ErrorResponse, SettingsResponse } from '@hd/shared/domain';
import { UpdateSettingsDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { RequirePermission } from '../common/decorators/require-permission.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { SettingsService } from './settings.service';

/** `/api/settings`: business hours, the SLA at-risk threshold, automatic assignment and auto-close (admins). */
@ApiTags('settings')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@ApiForbiddenResponse({ type: ErrorResponse, description: 'Only admins read and change the settings' })
@TokenScope(ApiTokenScope.Admin)
@Controller('settings')
export class SettingsController {
  constructor(private readonly settings: SettingsService) {}

  /** Every setting, defaults included. */
  @Get()
  @RequirePermission(Action.ManageSettings)
  @ApiOperation({ summary: 'Read the settings (admins)', operationId: 'getSettings' })
  @ApiOkResponse({ type: SettingsResponse })
  get(): Promise<SettingsResponse> {
    return this.settings.get();
  }

  /**
   * Changes any fields of any section (`week` and `holidays` are replaced whole); audited as
   * `settings.updated` with each changed field.
   */
  @Patch()
  @RequirePermission(Action.ManageSettings)
  @ApiOperation({ summary: 'Change settings (admins, audited)', operationId: 'updateSettings' })
  @ApiOkResponse({ type: SettingsResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'VALIDATION_FAILED: unknown field, unknown time zone, bad opening hours or dates, out-of-range number',
  })
  update(@Body() dto: UpdateSettingsDto, @CurrentUser() user: AuthUser): Promise<SettingsResponse> {
    return this.settings.update(dto, user);
  }
}
