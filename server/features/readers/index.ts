/**
 * Readers: verified identities (magic links, SSO), reader sessions, and the keys a reader is recognised by.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { identityJson, nameUnnamedIdentityStatement, type Identity } from './identities.repo.ts';
export { SIGN_IN_FRAGMENT, purgeExpiredMagicLinks } from './magic-links.ts';
export { recogniseReader, voterKeyOf } from './reader-key.ts';
export { signedInAuthorName } from './reader-name.ts';
export { optionalReader, purgeExpiredReaderSessions, readerIdentity, requireReader } from './reader-sessions.ts';
