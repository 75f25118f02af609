import { EmailContent, escapeHtml } from '../notifications/notification.content';

/** A link to the web app's page that sets a password with `token`; `invite=1` for an invitation. */
export function passwordLink(appUrl: string, token: string, invite: boolean): string {
  return `${appUrl}/auth/reset?token=${encodeURIComponent(token)}${invite ? '&invite=1' : ''}`;
}

function html(paragraphs: string[], link: string, action: string): string {
  return [
    '<!doctype html><html><body style="font-family: Roboto, Arial, sans-serif; line-height: 1.5">',
    ...paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p>`,
    `<p style="color: #666; font-size: 12px">If the button does not work, copy this address into your browser: ${escapeHtml(link)}</p>`,
    '</body></html>',
  ].join('\n');
}

/**
 * The e-mail with a password-reset link (valid 1 hour, single use), for the account's owner.
 * Names are escaped in the HTML part.
 */
export function renderPasswordResetEmail(recipientName: string, link: string): EmailContent {
  const paragraphs = [
    `Hello ${recipientName},`,
    'Someone (hopefully you) asked to reset the password of your helpdesk account. The link below lets you choose a new one; it works once, for 1 hour.',
    'If you did not ask for this, ignore this e-mail: your password stays as it is.',
  ];
  return {
    subject: 'Reset your helpdesk password',
    text: [...paragraphs.flatMap((p) => [p, '']), `Choose a new password: ${link}`, ''].join('\n'),
    html: html(paragraphs, link, 'Choose a new password'),
  };
}

/**
 * The e-mail inviting a user that an admin created without a password to choose one (the link
 * works once, for 72 hours). Names are escaped in the HTML part.
 */
export function renderInvitationEmail(
  recipientName: string,
  inviterName: string,
  link: string,
): EmailContent {
  const paragraphs = [
    `Hello ${recipientName},`,
    `${inviterName} has created a helpdesk account for you. Choose your password with the link below to start; it works once, for 72 hours.`,
    'If the link has expired, ask an admin to send a new invitation, or use "Forgot password" on the sign-in page.',
  ];
  return {
    subject: 'You are invited to the helpdesk',
    text: [...paragraphs.flatMap((p) => [p, '']), `Choose your password: ${link}`, ''].join('\n'),
    html: html(paragraphs, link, 'Choose your password'),
  };
}
