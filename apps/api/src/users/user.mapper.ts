import {
  Action,
  AdminUserResponse,
  can,
  PreferencesResponse,
  UserResponse,
  UserSummary,
} from '@hd/shared/domain';

import { User } from './user.entity';

/** A user's account view (no password hash): their own, or any user's for an admin or the staff list. */
export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    name: user.name,
    role: user.role,
    active: user.active,
    available: can(user.role, Action.BeAssigned) && user.available,
    createdAt: user.createdAt.toISOString(),
  };
}

/** A user as an admin manages them, with how many unfinished tickets are assigned to them. */
export function toAdminUserResponse(user: User, openAssignedTickets: number): AdminUserResponse {
  return { ...toUserResponse(user), openAssignedTickets };
}

/** How others see a user. */
export function toUserSummary(user: User): UserSummary {
  return { id: user.id, name: user.name, email: user.email };
}

/** A user's notification preferences. */
export function toPreferences(user: User): PreferencesResponse {
  return { emailNotifications: user.emailNotifications };
}
