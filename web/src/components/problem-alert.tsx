import { ApiProblem } from '../lib/problem';

/** A failed call as a sentence a person understands (role=alert, announced by screen readers). */
export function ProblemAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof ApiProblem ? error.message : error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <div role="alert" className="alert alert-error" data-code={error instanceof ApiProblem ? error.code : undefined}>
      {message}
    </div>
  );
}

/** The per-field messages of a failed call (empty when it is not a validation problem). */
export function fieldsOf(error: unknown): Record<string, string> {
  return error instanceof ApiProblem ? error.fields : {};
}
