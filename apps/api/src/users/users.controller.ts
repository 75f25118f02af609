import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import {
  Action,
  AdminUserResponse,
  ApiTokenScope,
  ErrorResponse,
  PreferencesResponse,
  UserPageResponse,
  UserResponse,
} from '@hd/shared/domain';
import {
  ChangePasswordDto,
  CreateUserDto,
  ListUsersQueryDto,
  UpdatePreferencesDto,
  UpdateProfileDto,
  UpdateUserDto,
} from '@hd/shared/dto';

import { AuthThrottlerGuard } from '../auth/auth-throttler.guard';
import { AuthService } from '../auth/auth.service';
import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { RequirePermission } from '../common/decorators/require-permission.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { AccountService } from './account.service';
import { UserAdminService } from './user-admin.service';

const NOT_ADMIN = 'Not an admin (`ROLE_FORBIDDEN`)';
const NO_USER = 'No user with this id';

/**
 * `/api/users`: user administration (admins), the staff list for assignee pickers (agents), and
 * every user's own account (`/api/users/me...`). Users are never deleted: deactivate them instead.
 */
@ApiTags('users')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@TokenScope({ read: ApiTokenScope.UsersRead, write: ApiTokenScope.Admin })
@Controller('users')
export class UsersController {
  constructor(
    private readonly admin: UserAdminService,
    private readonly account: AccountService,
    private readonly auth: AuthService,
  ) {}

  /**
   * A page of users. Admins list everyone, filtered by `role`, `active` and `q`; agents get only the
   * active agents and admins (for assignment), whatever they ask, narrowed by their filters.
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` for customers
   */
  @Get()
  @RequirePermission(Action.ListUsers)
  @ApiOperation({ summary: 'List users (admins: everyone; agents: the active staff, for assignment)' })
  @ApiOkResponse({ type: UserPageResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'Unknown role, `active` not true/false, `q` too long, or a bad page size',
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Customers may not list users' })
  list(@Query() query: ListUsersQueryDto, @CurrentUser() user: AuthUser): Promise<UserPageResponse> {
    return this.admin.list(query, user);
  }

  /**
   * Creates a user (admins). Without `password`, the user is e-mailed an invitation link (72 hours)
   * to choose one at `POST /api/auth/password-reset/confirm`.
   * @throws BadRequestException 400 for invalid fields; ForbiddenException 403; ConflictException 409 `EMAIL_TAKEN`
   */
  @Post()
  @RequirePermission(Action.ManageUsers)
  @ApiOperation({ summary: 'Create a user, with a password or an e-mailed invitation (admins only)' })
  @ApiCreatedResponse({ type: AdminUserResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'Invalid e-mail, names, role, or weak password (the message says why), or an unknown field',
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: NOT_ADMIN })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: 'The e-mail belongs to an account already, in any case (`EMAIL_TAKEN`)',
  })
  create(@Body() dto: CreateUserDto, @CurrentUser() user: AuthUser): Promise<AdminUserResponse> {
    return this.admin.create(dto, user);
  }

  /** The caller's own account. @throws UnauthorizedException 401 when it was deactivated */
  @Get('me')
  @TokenScope('any')
  @ApiOperation({ summary: 'My account' })
  @ApiOkResponse({ type: UserResponse })
  getProfile(@CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.account.getProfile(user.id);
  }

  /**
   * Changes the caller's names and, for agents and admins, whether automatic assignment may give
   * them new tickets (`available`); role, status and e-mail cannot be changed here (400).
   * @throws BadRequestException 400 for invalid names, a non-boolean `available`, or any other field
   * @throws ForbiddenException 403 `ROLE_FORBIDDEN` when a customer sends `available`
   */
  @Patch('me')
  @TokenScope('none')
  @ApiOperation({ summary: 'Change my names, or my availability for automatic assignment (staff)' })
  @ApiOkResponse({ type: UserResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'Invalid names, `available` not a boolean, or a field that is not yours to change (role, active, email)',
  })
  @ApiForbiddenResponse({
    type: ErrorResponse,
    description: 'A customer sent `available`: customers cannot be assigned tickets (`ROLE_FORBIDDEN`)',
  })
  updateProfile(@Body() dto: UpdateProfileDto, @CurrentUser() user: AuthUser): Promise<UserResponse> {
    return this.account.updateProfile(user, dto);
  }

  /**
   * Changes the caller's password and ends their other sessions (this one stays). Rate-limited
   * with login.
   * @throws BadRequestException 400 `WRONG_PASSWORD` or `VALIDATION_FAILED` (weak new password)
   */
  @Post('me/password')
  @TokenScope('none')
  @HttpCode(HttpStatus.NO_CONTENT)
  @UseGuards(AuthThrottlerGuard)
  @ApiOperation({ summary: 'Change my password (ends my other sessions)' })
  @ApiNoContentResponse({ description: 'Changed; every other session has ended' })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'Wrong current password (`WRONG_PASSWORD`), or a weak new password (`VALIDATION_FAILED`, the message says why)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorResponse,
    description: 'Too many attempts; see `Retry-After` (seconds)',
  })
  changePassword(@Body() dto: ChangePasswordDto, @CurrentUser() user: AuthUser): Promise<void> {
    return this.auth.changePassword(user, dto);
  }

  /** The caller's notification preferences. */
  @Get('me/preferences')
  @TokenScope('any')
  @ApiOperation({ summary: 'Get my notification preferences' })
  @ApiOkResponse({ type: PreferencesResponse })
  getPreferences(@CurrentUser() user: AuthUser): Promise<PreferencesResponse> {
    return this.account.getPreferences(user.id);
  }

  /** Changes the caller's notification preferences (omitted fields stay as they are). */
  @Patch('me/preferences')
  @TokenScope('none')
  @ApiOperation({ summary: 'Change my notification preferences' })
  @ApiOkResponse({ type: PreferencesResponse })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: '`emailNotifications` is not a boolean, or an unknown field was sent',
  })
  updatePreferences(
    @Body() dto: UpdatePreferencesDto,
    @CurrentUser() user: AuthUser,
  ): Promise<PreferencesResponse> {
    return this.account.updatePreferences(user.id, dto);
  }

  /**
   * One user, with how many unfinished tickets are assigned to them (admins).
   * @throws ForbiddenException 403 for non-admins; NotFoundException 404 for an unknown user
   */
  @Get(':id')
  @RequirePermission(Action.ManageUsers)
  @ApiOperation({ summary: 'Get a user (admins only)' })
  @ApiParam({ name: 'id', type: Number, example: 2 })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiForbiddenResponse({ type: ErrorResponse, description: NOT_ADMIN })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NO_USER })
  get(@Param('id', new ParseIdPipe('User')) id: number): Promise<AdminUserResponse> {
    return this.admin.get(id);
  }

  /**
   * Changes a user's names, e-mail, role or status (admins). Deactivating ends the user's sessions
   * at once and leaves their tickets assigned (see `openAssignedTickets`).
   * @throws ForbiddenException 403; NotFoundException 404; ConflictException 409 `LAST_ADMIN`, `SELF_DEMOTION`, `EMAIL_TAKEN`
   */
  @Patch(':id')
  @RequirePermission(Action.ManageUsers)
  @ApiOperation({ summary: 'Change a user: names, e-mail, role, deactivate or reactivate (admins only)' })
  @ApiParam({ name: 'id', type: Number, example: 2 })
  @ApiOkResponse({ type: AdminUserResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid fields, or an unknown field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: NOT_ADMIN })
  @ApiNotFoundResponse({ type: ErrorResponse, description: NO_USER })
  @ApiConflictResponse({
    type: ErrorResponse,
    description:
      'No other active admin would remain (`LAST_ADMIN`); an admin changing their own role or deactivating themself (`SELF_DEMOTION`); the e-mail belongs to another account (`EMAIL_TAKEN`)',
  })
  update(
    @Param('id', new ParseIdPipe('User')) id: number,
    @Body() dto: UpdateUserDto,
    @CurrentUser() user: AuthUser,
  ): Promise<AdminUserResponse> {
    return this.admin.update(id, dto, user);
  }
}
