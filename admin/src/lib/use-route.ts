import { useEffect, useState } from 'preact/hooks';
import { parseHash, type Route } from './routes.ts';

/** The current hash route, updated on every hashchange. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
