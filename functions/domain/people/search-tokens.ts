/**
 * The search tokens of a person: what a prefix search on name and e-mail can find them by. Each token is one
 * index item (`functions/store/people-repository.ts`), so a page of results is one Query with `begins_with`.
 */
import type { Person } from './ports';

/** Longer tokens are cut here, and so are queries: a query that long still finds what it was typed for. */
export const maxTokenLength = 64;
/** Each token is a write in the person's transaction (stale ones deleted, new ones put): keep it bounded. */
export const maxTokens = 16;

/** Letters that carry no combining mark to strip, spelled as a keyboard without them would type them. */
const foldedLetters: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const apostrophes = /['’ʼ`]/g;
/** Everything but letters, digits and the characters of e-mail addresses separates words. */
const separators = /[^\p{L}\p{N}@._+-]+/gu;
const marks = /\p{M}/gu;

/**
 * Lower-case, diacritics folded ("Zoë" → "zoe", "Straße" → "strasse"), apostrophes dropped ("O'Brien" →
 * "obrien"), any other run of non-word characters one space, trimmed. Tokens and queries both go through it,
 * so what one writes the other finds.
 */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(marks, '')
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (letter) => foldedLetters[letter] ?? letter)
    .replace(apostrophes, '')
    .replace(separators, ' ')
    .trim();
}

/** At most `maxTokenLength` characters (code points, so a surrogate pair is never split). */
export function clip(text: string): string {
  const chars = Array.from(text);
  return chars.length > maxTokenLength ? chars.slice(0, maxTokenLength).join('').trimEnd() : text;
}

const words = (text: string) => text.split(' ').filter(Boolean);
/** "jean-luc" → jean, luc; "first.last" → first, last. */
const parts = (word: string) => word.split(/[@._+-]+/).filter(Boolean);

/**
 * The tokens a person is found by: the whole name, each of its words and their hyphenated parts, the username,
 * the e-mail address and the words of its local part. Tokens that are a prefix of another token of the same
 * person are dropped (whatever finds "alice" also finds "alice archer"), so one person rarely matches a query
 * twice. Inactive people have none: search offers only people who can be picked.
 */
export function searchTokens(person: Pick<Person, 'name' | 'username' | 'email' | 'active'>): string[] {
  if (!person.active) return [];
  const name = fold(person.name);
  const candidates = new Set<string>();
  const add = (token: string) => {
    const clipped = clip(token);
    if (clipped) candidates.add(clipped);
  };
  add(name);
  for (const word of words(name)) {
    add(word);
    for (const part of parts(word)) add(part);
  }
  add(fold(person.username));
  if (person.email) {
    const email = fold(person.email);
    add(email);
    for (const part of parts(email.split('@')[0] ?? '')) add(part);
  }
  return withoutPrefixes([...candidates]).slice(0, maxTokens);
}

/** Keeps the tokens no other token starts with, longest first. */
function withoutPrefixes(tokens: string[]): string[] {
  const kept: string[] = [];
  for (const token of tokens.sort((a, b) => b.length - a.length || a.localeCompare(b))) {
    if (!kept.some((longer) => longer.startsWith(token))) kept.push(token);
  }
  return kept;
}
