import { Link } from 'react-router';

export function NotFound({ what = 'page' }: { what?: string }) {
  return (
    <section aria-labelledby="not-found-title">
      <h1 id="not-found-title">Not found</h1>
      <p>
        This {what} does not exist, or you may not see it. <Link to="/">Back to the start</Link>
      </p>
    </section>
  );
}
