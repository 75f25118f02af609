import { AgentSummary, PreferencesResponse, UserResponse, UserSummary } from '@hd/shared/domain';

import { User } from './user.entity';

/** A user's own account view (no password hash). */
export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
  };
}

/** How others see a user. */
export function toUserSummary(user: User): UserSummary {
  return { id: user.id, name: user.name, email: user.email };
}

/** An assignable user in pickers. */
export function toAgentSummary(user: User): AgentSummary {
  return { ...toUserSummary(user), role: user.role };
}

/** A user's notification preferences. */
export function toPreferences(user: User): PreferencesResponse {
  return { emailNotifications: user.emailNotifications };
}
