import { useEffect } from 'react';

/** Runs `refresh` every `intervalMs` and whenever the window gets the focus back. */
export function useRefresh(refresh: () => void, intervalMs = 30_000) {
  useEffect(() => {
    const timer = window.setInterval(refresh, intervalMs);
    const onFocus = () => refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refresh, intervalMs]);
}
