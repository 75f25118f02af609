import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';

import {
  Action,
  ApiTokenScope,
  CategoryListResponse,
  CategoryResponse,
  ErrorResponse,
} from '@hd/shared/domain';
import { CreateCategoryDto, UpdateCategoryDto } from '@hd/shared/dto';

import { AuthUser, CurrentUser } from '../common/decorators/current-user.decorator';
import { RequirePermission } from '../common/decorators/require-permission.decorator';
import { TokenScope } from '../common/decorators/token-scope.decorator';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { CategoriesService } from './categories.service';

/** `/api/categories`: the ticket categories; admins manage them. */
@ApiTags('categories')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'Missing, expired or invalid access token' })
@TokenScope({ read: ApiTokenScope.TicketsRead, write: ApiTokenScope.Admin })
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** Every category by position for staff; the active ones for customers. */
  @Get()
  @ApiOperation({ summary: 'List categories' })
  @ApiOkResponse({ type: CategoryListResponse })
  list(@CurrentUser() user: AuthUser): Promise<CategoryListResponse> {
    return this.categories.list(user);
  }

  /** Adds a category (admins). */
  @Post()
  @RequirePermission(Action.ManageCategories)
  @ApiOperation({ summary: 'Add a category (admins)' })
  @ApiCreatedResponse({ type: CategoryResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid name, slug or position' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Only admins manage categories' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The slug is taken' })
  create(@Body() dto: CreateCategoryDto, @CurrentUser() user: AuthUser): Promise<CategoryResponse> {
    return this.categories.create(dto, user);
  }

  /** Renames, reorders, deactivates or reactivates a category (admins). There is no delete. */
  @Patch(':id')
  @RequirePermission(Action.ManageCategories)
  @ApiOperation({ summary: 'Rename, reorder, deactivate or reactivate a category (admins)' })
  @ApiParam({ name: 'id', type: Number, example: 3 })
  @ApiOkResponse({ type: CategoryResponse })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Invalid name, active or position' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Only admins manage categories' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such category' })
  update(
    @Param('id', new ParseIdPipe('Category')) id: number,
    @Body() dto: UpdateCategoryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<CategoryResponse> {
    return this.categories.update(id, dto, user);
  }
}
