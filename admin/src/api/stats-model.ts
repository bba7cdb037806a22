/**
 * The answer of GET /api/v1/admin/sites/:site/stats, as agreed with the stats route (issue 17):
 * the series the Overview draws, one entry per calendar day of `days` in the requested zone.
 *
 * Declared here by hand only until the stats route is chained into AdminApp: then this file is
 * replaced by the type `hc` infers from the server (`getStats` in endpoints.ts becomes
 * `bySite.stats.$get`), so the page and the server can no longer disagree.
 */

/** A story (page) of the site, as the stats name it. */
export interface StatsStory {
  pageId: string;
  key: string;
  title: string;
  url: string;
}

export interface SiteStats {
  site: string;
  /** First and last calendar day (YYYY-MM-DD) in `tz`, inclusive. */
  from: string;
  to: string;
  tz: string;
  days: string[];
  /** Per day, the comments posted that day by their current outcome. */
  comments: { published: number[]; held: number[]; spam: number[]; refused: number[] };
  /** Up to 10, most comments posted in the period first. */
  topStories: (StatsStory & { comments: number })[];
  moderation: {
    queueNow: number;
    /** First decisions on posted comments in the period. */
    decisions: number;
    medianSeconds: number | null;
    p90Seconds: number | null;
    byEditor: { editorId: string; email: string; actions: number }[];
  };
  newsletter: {
    /** Confirmed subscribers at the end of each day. */
    confirmed: number[];
    gained: number[];
    lost: number[];
    signups: number;
    signupsConfirmed: number;
    /** signupsConfirmed / signups, 0..1; null without sign-ups. */
    confirmationRate: number | null;
    /** Up to 10 stories, by the sign-ups their forms brought. */
    bySource: (StatsStory & { commentForm: number; articleForm: number })[];
  };
  email: {
    /** Broadcasts sent in the period, newest first. */
    broadcasts: { id: string; subject: string; sentAt: string | null; sent: number; delivered: number; bounced: number; complained: number; opened: number; clicked: number }[];
  };
}
