import type { Config } from '../config.ts';
import { localMailer } from './local-mailer.ts';
import type { Mailer } from './mailer.ts';
import { resendMailer } from './resend-mailer.ts';

/** Resend when configured; else the development mailbox, which prints what it keeps. */
export function mailerFor(config: Pick<Config, 'resendApiKey' | 'resendBaseUrl'>, print: (line: string) => void = (line) => console.log(line)): Mailer {
  return config.resendApiKey ? resendMailer(config.resendApiKey, { baseUrl: config.resendBaseUrl }) : localMailer(print);
}
