import { SetMetadata } from '@nestjs/common';

import { ApiTokenScope } from '@hd/shared/domain';

/** Metadata key set by {@link TokenScope}. */
export const TOKEN_SCOPE_KEY = 'tokenScope';

/**
 * Which API-token scope a route needs (`ApiTokenScopeGuard`): one scope for every method, or
 * `{read, write}` for GET/HEAD and for the other methods. `'any'` lets any token in (e.g.
 * `GET /api/auth/me`); `'none'` closes a route of an open controller to tokens (it needs a login
 * session, e.g. a password change). A route without a rule is closed too: deny by default, so a new
 * route is never opened to tokens by accident. The `admin` scope covers every route that names a scope.
 */
export type TokenScopeRule = ApiTokenScope | 'any' | 'none' | { read: ApiTokenScope; write: ApiTokenScope };

/** Sets the {@link TokenScopeRule} of a handler or controller (a handler's overrides its controller's). */
export const TokenScope = (rule: TokenScopeRule): MethodDecorator & ClassDecorator =>
  SetMetadata(TOKEN_SCOPE_KEY, rule);
