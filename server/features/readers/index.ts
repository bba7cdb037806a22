/**
 * Readers: verified identities (magic links, SSO), reader sessions, and the keys a reader is recognised by.
 *
 * What other features may use; everything else in this folder is the feature's own. Its routes are
 * mounted by server/app.ts. (ARCHITECTURE.md: the layers and allowed directions.)
 */
export { identityJson, nameUnnamedIdentityStatement, type Identity } from './identities.repo.ts';
export { SIGN_IN_FRAGMENT } from './magic-links.ts';
export { purgeExpiredMagicLinks } from './magic-links.repo.ts';
export { recogniseReader, voterKeyOf } from './reader-key.ts';
export { signedInAuthorName } from './reader-name.ts';
export { optionalReader, readerIdentity, requireReader } from './reader-sessions.ts';
export { purgeExpiredReaderSessions } from './reader-sessions.repo.ts';
