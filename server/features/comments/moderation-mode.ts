import type { AppDb } from '../../../db/client.ts';
import type { CommentStatus } from '../../../db/schema.ts';
import type { Site } from '../sites/index.ts';
import { hasApprovedComment } from './comments.repo.ts';

/** The status a new comment starts with under the site's moderation mode. */
export async function modeStatus(db: AppDb, site: Site, email: string | undefined): Promise<{ status: CommentStatus; reason?: string }> {
  switch (site.moderationMode) {
    case 'post':
      return { status: 'approved' };
    case 'pre':
      return { status: 'pending', reason: 'Pre-moderation: every comment is reviewed' };
    case 'first':
      return email !== undefined && (await hasApprovedComment(db, site.id, email))
        ? { status: 'approved' }
        : { status: 'pending', reason: 'First comment from this commenter' };
  }
}

