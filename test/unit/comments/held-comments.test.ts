import { describe, expect, it } from 'vitest';
import { withHeld } from '../../../widget/src/app/held-comments.ts';
import type { Comment } from '../../../widget/src/app/types.ts';

const c = (id: string, parentId: string | null = null, replies: Comment[] = []): Comment => ({
  id,
  parentId,
  authorName: id,
  bodyHtml: '',
  createdAt: '2026-12-03T12:00:00.000Z',
  editedAt: null,
  score: 0,
  pinned: false,
  status: parentId === 'held' ? 'pending' : 'approved',
  replies,
});
const shape = (list: Comment[]): unknown => list.map((x) => (x.replies.length ? { [x.id]: shape(x.replies) } : x.id));

describe("merging a reader's held comments into the thread", () => {
  it('puts a held reply under its parent wherever it is shown, and a held comment first', () => {
    const thread = [c('a', null, [c('a1', 'a', [c('a11', 'a1')])]), c('b')];
    expect(shape(withHeld(thread, [c('mine'), c('reply', 'a11'), c('r2', 'b')]))).toEqual(['mine', { a: [{ a1: [{ a11: ['reply'] }] }] }, { b: ['r2'] }]);
  });

  it('shows a reply to a comment not on screen at the top, and never twice', () => {
    const thread = [c('a'), c('held')];
    expect(shape(withHeld(thread, [c('orphan', 'far-away'), c('held')]))).toEqual(['orphan', 'a', 'held']);
    // The thread it was given is left as it was.
    expect(shape(thread)).toEqual(['a', 'held']);
  });
});
