import { useEffect } from 'react';
import { useHref, useLocation, useNavigate } from 'react-router';

/**
 * Completes an address that leaves a choice open (`/agent/queues`: which group?) with the default the page found
 * once its data came (`to`; `undefined` while there is none, or when the address already chose), by `replace`: Back
 * then skips the incomplete address, which would only redirect again.
 *
 * Only while the browser is still at the address this page was rendered for. react-router runs navigations as
 * transitions, so a page stays on screen — and its effects run — while the next page's code is loading: a default
 * applied then would take back the click the user made meanwhile. The browser's address already names the new page
 * (history is pushed at once), so it tells whether the user is still here.
 */
export function useDefaultRoute(to: string | undefined): void {
  const navigate = useNavigate();
  const here = useHref(useLocation());
  useEffect(() => {
    if (to === undefined) return;
    const { pathname, search, hash } = window.location;
    if (`${pathname}${search}${hash}` !== here) return; // the user has moved on: their choice stands
    navigate(to, { replace: true });
  }, [to, here, navigate]);
}
