import isEmail from 'validator/es/lib/isEmail';
import { z } from 'zod';
import { isWellFormed } from './well-formed.ts';

/**
 * An email address as a web form should take it, judged by validator.js (the pragmatic web-form
 * view: internationalised addresses yes, IP-literal domains and display names no). RFC 5321's
 * length limits apply.
 */
export const emailAddress = z
  .string({ error: 'Email address must be text.' })
  .trim()
  .max(254, 'Email address must be at most 254 characters.')
  // validator.js throws on lone surrogates, so they are refused first.
  .refine((address) => isWellFormed(address) && isEmail(address, { allow_ip_domain: false, allow_display_name: false }), 'Email address is not valid.');
