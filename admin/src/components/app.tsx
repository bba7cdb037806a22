import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, messageOf, onUnauthorized, setCsrfToken } from '../api/client.ts';
import { currentSession, signOut } from '../api/endpoints.ts';
import type { Editor, SessionInfo } from '../api/models.ts';
import { Dashboard } from './dashboard.tsx';
import { SignInPage } from './sign-in-page.tsx';

type State = { phase: 'loading' } | { phase: 'signed-out'; notice: string } | { phase: 'signed-in'; editor: Editor };

/** Restores the session on load, then shows either the sign-in page or the dashboard. */
export function App() {
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken('');
      setState({ phase: 'signed-out', notice: 'Your session has ended. Please sign in again.' });
    });
    currentSession().then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setState({ phase: 'signed-in', editor: session.editor });
      },
      (err: unknown) => {
        setState({ phase: 'signed-out', notice: err instanceof ApiError && err.status === 401 ? '' : messageOf(err) });
      },
    );
    return () => onUnauthorized(undefined);
  }, []);

  const signedIn = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setState({ phase: 'signed-in', editor: session.editor });
  }, []);

  const signedOut = useCallback(async () => {
    try {
      await signOut();
    } catch {
      /* the session is gone either way */
    }
    setCsrfToken('');
    document.title = 'Parley moderation';
    setState({ phase: 'signed-out', notice: 'You have signed out.' });
  }, []);

  if (state.phase === 'loading') {
    return (
      <main class="splash" id="main" aria-busy="true">
        <p class="muted">Loading the dashboard…</p>
      </main>
    );
  }
  if (state.phase === 'signed-out') return <SignInPage notice={state.notice} onSignedIn={signedIn} />;
  return <Dashboard editor={state.editor} onSignOut={signedOut} />;
}
