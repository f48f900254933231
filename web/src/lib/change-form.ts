/** Turning the change forms' inputs into API values and back (pure; tests/unit/web/change-form.test.ts). */

/** A `datetime-local` value (the viewer's local time) as an ISO instant; undefined when empty or not a date. */
export function localInputToIso(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An ISO instant as a `datetime-local` value in the viewer's zone (minutes precision). */
export function isoToLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `start` plus `minutes`, as an ISO instant (the end of a standard change's window from its template). */
export function plusMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString();
}

/** Free-text CIs, one per line (or comma-separated), trimmed, without blanks or repeats. */
export function parseCis(text: string): { name: string }[] {
  const names = text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
  return [...new Set(names)].map((name) => ({ name }));
}

export function cisText(cis: readonly { name: string }[]): string {
  return cis.map((c) => c.name).join('\n');
}

/**
 * A recurrence rule (RFC 5545 RRULE, without the `RRULE:` prefix) checked for its shape only — the API validates it
 * for real (ical.js); this catches typos before a round trip and says what is wrong.
 */
export function recurrenceProblem(rule: string): string | undefined {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (!text) return undefined;
  const parts = text.split(';');
  const keys = new Set<string>();
  for (const part of parts) {
    const [key, value] = part.split('=');
    if (!key || value === undefined || value === '') return `“${part}” is not KEY=VALUE`;
    keys.add(key.toUpperCase());
  }
  if (!keys.has('FREQ')) return 'A rule needs FREQ (e.g. FREQ=WEEKLY)';
  return undefined;
}

/**
 * A risk answer's id from its text: lower-case letters, digits and inner hyphens, 2–63 characters (the API's slug),
 * made unique against `taken` with a number.
 */
export function answerSlug(text: string, taken: ReadonlySet<string>): string {
  let base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 55)
    .replace(/-+$/, '');
  if (base.length < 2) base = `answer${base ? `-${base}` : ''}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
