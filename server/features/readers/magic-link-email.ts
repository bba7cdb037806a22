import { emailButton, emailLayout, escapeHtml } from '../../mail/email-html.ts';

/**
 * The sign-in email. Nothing the requester typed goes into it (not even the name they gave):
 * anyone can ask for a link to any address, so the email must not carry a stranger's words.
 */
export function magicLinkEmail(options: { siteName: string; link: string; minutes: number }) {
  const subject = `Sign in to comment on ${options.siteName}`;
  const html = emailLayout({
    siteName: options.siteName,
    bodyHtml: `<p>Use this button to sign in and comment on ${escapeHtml(options.siteName)} as a verified reader.</p>${emailButton(options.link, 'Sign in')}<p style="font-size:14px;color:#555">The link works once, for ${options.minutes} minutes. If you did not ask to sign in, ignore this email: nobody can sign in without it.</p>`,
  });
  const text = `Sign in to comment on ${options.siteName} as a verified reader:\n\n${options.link}\n\nThe link works once, for ${options.minutes} minutes. If you did not ask to sign in, ignore this email: nobody can sign in without it.\n`;
  return { subject, html, text };
}
