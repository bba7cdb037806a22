import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Counts, Editor, Site } from '../api/models.ts';

export type Tone = 'polite' | 'assertive';

/** What every page of a signed-in dashboard may use. */
export interface DashboardState {
  editor: Editor;
  site: Site;
  sites: Site[];
  isOwner: boolean;
  counts: Counts | null;
  refreshCounts(): void;
  /** Says something in the live region (and shows it briefly): confirmations and failures. */
  announce(message: string, tone?: Tone): void;
  /** Replaces a site after it was saved (or adds a new one). */
  putSite(site: Site): void;
  chooseSite(id: string): void;
}

export const DashboardContext = createContext<DashboardState | null>(null);

export function useDashboard(): DashboardState {
  const state = useContext(DashboardContext);
  if (!state) throw new Error('useDashboard outside the dashboard');
  return state;
}
