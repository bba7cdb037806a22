import { and, eq, isNull, ne, or, type SQL, sql } from 'drizzle-orm';
import type { AppDb } from '../../../db/client.ts';
import { comments, type IdentityKind, identities } from '../../../db/schema.ts';
import { newId } from '../../ids.ts';

/** A signed-in reader of one site, as the features see it. */
export interface Identity {
  id: string;
  siteId: string;
  kind: IdentityKind;
  subject: string;
  email: string | null;
  name: string | null;
  avatarUrl: string | null;
}

/** What the reader is shown about themself (their own email included; nobody else sees it). */
export interface IdentityJson {
  id: string;
  kind: IdentityKind;
  name: string | null;
  email: string | null;
  avatarUrl: string | null;
}

export const identityColumns = {
  id: identities.id,
  siteId: identities.siteId,
  kind: identities.kind,
  subject: identities.subject,
  email: identities.email,
  name: identities.name,
  avatarUrl: identities.avatarUrl,
};

export function identityJson(identity: Identity): IdentityJson {
  return { id: identity.id, kind: identity.kind, name: identity.name, email: identity.email, avatarUrl: identity.avatarUrl };
}

/** The id of the identity (site, kind, subject), as a subquery for statements batched after its upsert. */
export function identityIdOf(siteId: string, kind: IdentityKind, subject: string) {
  return sql<string>`(select ${identities.id} from ${identities} where ${identities.siteId} = ${siteId} and ${identities.kind} = ${kind} and ${identities.subject} = ${subject})`;
}

/**
 * Creates the email identity on its first sign-in, else marks it seen. A name given with the link
 * is only taken when the identity has none: whoever asks for a link chooses that name, and
 * they need not be the address's owner.
 */
export function upsertEmailIdentity(db: AppDb, r: { siteId: string; email: string; name: string | null; now: number }) {
  return db
    .insert(identities)
    .values({ id: newId(), siteId: r.siteId, kind: 'email', subject: r.email, email: r.email, name: r.name, createdAt: r.now, lastSeenAt: r.now })
    .onConflictDoUpdate({
      target: [identities.siteId, identities.kind, identities.subject],
      set: { lastSeenAt: r.now, name: sql`coalesce(${identities.name}, excluded.name)` },
    })
    .returning(identityColumns);
}

export interface SsoProfile {
  subject: string;
  name: string;
  email: string | null;
  avatarUrl: string | null;
}

/** Creates or refreshes an SSO identity: the publisher's server is the source of its profile. */
export function upsertSsoIdentity(db: AppDb, r: { siteId: string; profile: SsoProfile; now: number }) {
  const { subject, name, email, avatarUrl } = r.profile;
  return db
    .insert(identities)
    .values({ id: newId(), siteId: r.siteId, kind: 'sso', subject, email, name, avatarUrl, createdAt: r.now, lastSeenAt: r.now })
    .onConflictDoUpdate({
      target: [identities.siteId, identities.kind, identities.subject],
      set: { lastSeenAt: r.now, name, email, avatarUrl },
    })
    .returning(identityColumns);
}

/** Gives an identity without a name the one it first comments with (a statement for the comment's write). */
export function nameUnnamedIdentityStatement(db: AppDb, identityId: string, name: string) {
  return db.update(identities).set({ name }).where(and(eq(identities.id, identityId), isNull(identities.name)));
}

/**
 * The publisher owns an SSO profile: a new name or avatar shows on the reader's earlier comments
 * too (`identityId` may be the subquery of identityIdOf, for an identity created in the same write). Only rows that differ are written (the page-version triggers then refresh cached
 * listings); deleted comments, and placeholders of deleted ones, keep their erased author.
 */
export function refreshAuthorProfileStatement(db: AppDb, identityId: string | SQL<string>, profile: { name: string; avatarUrl: string | null }, at: number) {
  return db
    .update(comments)
    .set({ authorName: profile.name, authorAvatarUrl: profile.avatarUrl, updatedAt: at })
    .where(
      and(
        eq(comments.identityId, identityId),
        ne(comments.status, 'deleted'),
        isNull(comments.deletedAt),
        or(ne(comments.authorName, profile.name), sql`${comments.authorAvatarUrl} is not ${profile.avatarUrl}`),
      ),
    );
}
