import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import {
  Action,
  AgentReportRowResponse,
  ApiTokenScope,
  ErrorResponse,
  ReportSummaryResponse,
} from '@hd/shared/domain';
import { ReportRangeQueryDto, ReportSummaryQueryDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { RequirePermission } from '../common/decorators/require-permission.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { CsvFile, ReportsService } from './reports.service';

const BAD_QUERY =
  'VALIDATION_FAILED: a date that is not ISO 8601 (or a date-time without a zone), `to` before `from`, an unknown `interval` or `format`, or more than 366 buckets (e.g. over a year by day)';
const CSV_HEADERS = {
  'Content-Disposition': {
    description:
      'With `format=csv`: `attachment; filename="helpdesk-<report>-<first day>-to-<last day>.csv"`',
    schema: { type: 'string' },
  },
};

/** Sends `file` as a CSV download (`text/csv; charset=utf-8`, RFC 4180 and RFC 6266) and returns its text. */
function download(reply: FastifyReply, file: CsvFile): string {
  void reply.header('content-type', 'text/csv; charset=utf-8');
  void reply.header('content-disposition', `attachment; filename="${file.filename}"`);
  return file.body;
}

/**
 * `/api/reports`: the dashboard's figures over a period, as JSON or CSV. Staff only: admins see
 * the whole team, agents the tickets assigned to them; API tokens need the `reports:read` scope.
 */
@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(ReportSummaryResponse, AgentReportRowResponse)
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@TokenScope(ApiTokenScope.ReportsRead)
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /**
   * Tickets created, resolved and closed per day, ISO week or month of the period, the backlog at
   * the end of each, totals, the median and 90th percentile minutes to first response and to
   * resolution, and the shares of SLA targets met (0 to 1, null with none settled). Days follow the
   * business hours' time zone when they are on, UTC otherwise. With `format=csv`, a CSV file
   * (RFC 4180): one row per bucket and a `total` row.
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` for customers, and for an agent's `assigneeId` other than their own
   * @throws BadRequestException 400 `VALIDATION_FAILED`, see {@link BAD_QUERY}
   */
  @Get('summary')
  @RequirePermission(Action.ViewReports)
  @ApiOperation({
    summary: 'Ticket volumes, backlog, response times and SLA compliance (staff)',
    operationId: 'getReportSummary',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The summary; `text/csv` with `format=csv`',
    headers: CSV_HEADERS,
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ReportSummaryResponse) } },
      'text/csv': {
        schema: { type: 'string' },
        example:
          'period,start,end,created,resolved,closed,backlog,reopened,first_response_median_minutes,first_response_p90_minutes,resolution_median_minutes,resolution_p90_minutes,first_response_sla_met,resolution_sla_met\r\nday,2026-11-01T00:00:00.000Z,2026-11-02T00:00:00.000Z,3,1,0,5,,,,,,,\r\ntotal,2026-11-01T00:00:00.000Z,2026-11-02T00:00:00.000Z,3,1,0,5,0,42,95.5,180,300,1,0.5\r\n',
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorResponse, description: BAD_QUERY })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description:
      "A customer, or an agent asking for another member of staff's `assigneeId` (`ROLE_FORBIDDEN`)",
  })
  async summary(
    @Query() query: ReportSummaryQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReportSummaryResponse | string> {
    if (query.format === 'csv') return download(reply, await this.reports.summaryCsv(query, user));
    return this.reports.summary(query, user);
  }

  /**
   * One row per member of staff, by name: tickets created in the period and now assigned to them,
   * resolved, reopened, the median minutes to first response and to resolution, and the share of
   * their SLA targets met. Agents get only their own row. With `format=csv`, a CSV file (RFC 4180).
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` for customers
   * @throws BadRequestException 400 `VALIDATION_FAILED`, see {@link BAD_QUERY}
   */
  @Get('agents')
  @RequirePermission(Action.ViewReports)
  @ApiOperation({
    summary: 'Figures per member of staff (staff; agents see their own row)',
    operationId: 'getAgentReport',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The rows; `text/csv` with `format=csv`',
    headers: CSV_HEADERS,
    content: {
      'application/json': {
        schema: { type: 'array', items: { $ref: getSchemaPath(AgentReportRowResponse) } },
      },
      'text/csv': {
        schema: { type: 'string' },
        example:
          'agent_id,agent_name,assigned,resolved,reopened,first_response_median_minutes,resolution_median_minutes,sla_met\r\n2,Alex Agent,40,35,1,42,900,0.9\r\n',
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorResponse, description: BAD_QUERY })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A customer (`ROLE_FORBIDDEN`)' })
  async agents(
    @Query() query: ReportRangeQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgentReportRowResponse[] | string> {
    if (query.format === 'csv') return download(reply, await this.reports.agentsCsv(query, user));
    return this.reports.agents(query, user);
  }
}
