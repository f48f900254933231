import { useCallback, useEffect, useState } from 'react';

/** Loads data on mount and whenever `deps` change; `reload` runs it again (keeping what is shown meanwhile). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const reload = useCallback(
    async () => {
      setLoading(true);
      try {
        setData(await load());
        setError(undefined);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what its loader depends on
    deps,
  );
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, setData };
}
