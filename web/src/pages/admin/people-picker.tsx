import { useEffect, useState } from 'react';
import { ok, type View } from '../../api/client';
import { Field } from '../../components/field';
import { useSession } from '../../session';

export type Person = View<'searchPeople'>['items'][number];

/**
 * The people picker: a search box over the directory (`GET /users?query=`) and a select of the matches. `current`
 * keeps the person already chosen (e.g. a group's manager) offered before any search.
 */
export function PeoplePicker({
  searchLabel,
  label,
  value,
  current,
  error,
  onChange,
}: {
  searchLabel: string;
  label: string;
  value: string;
  current?: { id: string; username: string };
  error?: string;
  onChange(person: { id: string; username: string } | undefined): void;
}) {
  const { api } = useSession();
  const [query, setQuery] = useState('');
  const [matches, setMatches] = useState<readonly Person[]>([]);
  useEffect(() => {
    const text = query.trim();
    if (!text) {
      setMatches([]);
      return;
    }
    const timer = setTimeout(() => {
      api.GET('/users', { params: { query: { query: text, limit: 20 } } }).then(
        (r) => setMatches(ok(r).items),
        () => setMatches([]),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [api, query]);

  const offered: { id: string; username: string; name?: string }[] = [...matches];
  if (current && !offered.some((p) => p.id === current.id)) offered.unshift(current);
  return (
    <div className="field-row">
      <Field label={searchLabel} hint="Name, username or e-mail address.">
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </Field>
      <Field label={label} error={error}>
        <select
          value={value}
          onChange={(e) => {
            // Only the reference the API takes: its user refs are strict ({ id, username }).
            const person = offered.find((p) => p.id === e.target.value);
            onChange(person && { id: person.id, username: person.username });
          }}
          data-count={offered.length}
        >
          <option value="">Choose…</option>
          {offered.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name ? `${person.name} (${person.username})` : person.username}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
