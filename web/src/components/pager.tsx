import { useState } from 'react';

/** Cursor paging as the API offers it: the cursors of the pages seen so far, to go back as well as forward. */
export function useCursorPager() {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const cursor = stack[stack.length - 1];
  return {
    cursor,
    page: stack.length,
    next: (nextCursor: string) => setStack((s) => [...s, nextCursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([undefined]),
  };
}

export function Pager({
  page,
  nextCursor,
  onNext,
  onPrevious,
}: {
  page: number;
  nextCursor: string | null | undefined;
  onNext(cursor: string): void;
  onPrevious(): void;
}) {
  if (page === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="button-secondary" disabled={page === 1} onClick={onPrevious}>
        Previous page
      </button>
      <span>Page {page}</span>
      <button
        type="button"
        className="button-secondary"
        disabled={!nextCursor}
        onClick={() => nextCursor && onNext(nextCursor)}
      >
        Next page
      </button>
    </nav>
  );
}
