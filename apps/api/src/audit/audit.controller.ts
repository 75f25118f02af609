import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import { Action, ApiTokenScope, AuditPageResponse, ErrorResponse } from '@hd/shared/domain';
import { PageQueryDto } from '@hd/shared/dto';

import { RequirePermission } from '../common/decorators/require-permission.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { AuditService } from './audit.service';

/** `/api/audit`: the log of admin actions on users, categories and settings. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@TokenScope(ApiTokenScope.Admin)
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /**
   * A page of the audit log, newest first (admins only).
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` for agents and customers
   */
  @Get()
  @RequirePermission(Action.ReadAuditLog)
  @ApiOperation({ summary: 'Read the audit log (admins only)' })
  @ApiOkResponse({ type: AuditPageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A bad `page` or `pageSize`' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not an admin (`ROLE_FORBIDDEN`)' })
  list(@Query() query: PageQueryDto): Promise<AuditPageResponse> {
    return this.audit.list(query);
  }
}
