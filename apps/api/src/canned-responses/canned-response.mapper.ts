import { CannedResponseResponse } from '@hd/shared/domain';

import { CannedResponse } from './canned-response.entity';

/** A canned response as the API returns it (its owner must be loaded). */
export function toCannedResponseResponse(response: CannedResponse): CannedResponseResponse {
  return {
    id: response.id,
    title: response.title,
    body: response.body,
    shared: response.shared,
    owner: { id: response.owner.id, name: response.owner.name },
    createdAt: response.createdAt.toISOString(),
    updatedAt: response.updatedAt.toISOString(),
  };
}
