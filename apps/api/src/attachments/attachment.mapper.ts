import { AttachmentResponse } from '@hd/shared/domain';

import { Attachment } from './attachment.entity';

/** An attachment as the API answers it; `uploadedBy` must be loaded. */
export function toAttachmentResponse(attachment: Attachment): AttachmentResponse {
  return {
    id: attachment.id,
    filename: attachment.filename,
    size: attachment.size,
    contentType: attachment.contentType,
    createdAt: attachment.createdAt.toISOString(),
    replyId: attachment.reply?.id ?? null,
    hasPreview: attachment.hasPreview,
    internal: attachment.internal,
    uploadedBy: { id: attachment.uploadedBy.id, name: attachment.uploadedBy.name },
  };
}
