import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchPrefix } from '../../../../functions/domain/people/search-people';
import { clip, fold, maxTokenLength, maxTokens, searchTokens } from '../../../../functions/domain/people/search-tokens';
import { ValidationError } from '../../../../functions/domain/shared/errors';

const person = (name: string, username = 'user', email?: string) => ({
  name,
  username,
  active: true,
  ...(email ? { email } : {}),
});

/** Any character, often one that folding has to work on (accents, ligatures, capitals, apostrophes, spaces). */
const tricky = fc.oneof(
  fc.constantFrom('Ë', 'e\u0301', 'ß', 'ẞ', 'Æ', 'Ø', 'İ', 'ı', 'ﬁ', '’', "'", ' ', '\t', '\u00a0', '-', '.', '@', '+'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

describe('folding text for search', () => {
  it.each([
    ['Zoë', 'zoe'],
    ['  ÁNGEL   García ', 'angel garcia'],
    ['Straße', 'strasse'],
    ['Søren Kierkegaard', 'soren kierkegaard'],
    ['Łukasz', 'lukasz'],
    ['Æsa', 'aesa'],
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['Jean-Luc', 'jean-luc'],
    ['first.last+tag@Example.COM', 'first.last+tag@example.com'],
    ['Dr. (Who)?', 'dr. who'],
    ['ﬁne', 'fine'],
    ['李小龍', '李小龍'],
  ])('%s → %s', (text, folded) => {
    expect(fold(text)).toBe(folded);
  });

  it('is idempotent, lower-case and free of combining marks and runs of spaces', () => {
    fc.assert(
      fc.property(fc.string({ unit: tricky, maxLength: 40 }), (text) => {
        const folded = fold(text);
        expect(fold(folded)).toBe(folded);
        expect(folded).toBe(folded.toLowerCase());
        expect(folded).not.toMatch(/\p{M}|\s\s|^\s|\s$/u);
      }),
    );
  });

  it('clips to the token length without splitting a character', () => {
    const long = '😀'.repeat(maxTokenLength + 5);
    expect(Array.from(clip(long))).toHaveLength(maxTokenLength);
    expect(clip(long).isWellFormed()).toBe(true);
    expect(clip('short')).toBe('short');
  });
});

describe('the search tokens of a person', () => {
  it.each([
    {
      case: 'name words, whole name, address; prefixes of other tokens dropped',
      who: person('Alice Archer', 'alice', 'alice@example.com'),
      tokens: ['alice archer', 'alice@example.com', 'archer'],
    },
    {
      case: 'hyphenated and accented names, local-part words',
      who: person('Zoë O’Brien-Adams', 'zoe42', 'zoe.obrien@corp.example'),
      tokens: ['zoe obrien-adams', 'zoe.obrien@corp.example', 'obrien-adams', 'zoe42', 'adams'],
    },
    {
      case: 'a username unlike the name',
      who: person('Bob Baker', 'b.baker'),
      tokens: ['bob baker', 'b.baker', 'baker'],
    },
  ])('$case', ({ who, tokens }) => {
    expect(searchTokens(who).sort()).toEqual(tokens.sort());
  });

  it('indexes nobody inactive', () => {
    expect(searchTokens({ ...person('Gone Person', 'gone', 'gone@example.com'), active: false })).toEqual([]);
  });

  const word = fc.stringMatching(/^[A-Za-zÀ-ÿ][a-zà-ÿ'-]{0,11}$/);
  const who = fc.record({
    name: fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join(' ')),
    username: fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/),
    email: fc.option(fc.stringMatching(/^[a-z][a-z0-9._+-]{0,15}@[a-z]{1,10}\.[a-z]{2,4}$/), { nil: undefined }),
    active: fc.constant(true),
  });

  it('holds no token that is a prefix of another, each folded, clipped and at most 16', () => {
    fc.assert(
      fc.property(who, (p) => {
        const tokens = searchTokens(p);
        expect(tokens.length).toBeGreaterThan(0);
        expect(tokens.length).toBeLessThanOrEqual(maxTokens);
        expect(new Set(tokens).size).toBe(tokens.length);
        for (const t of tokens) {
          expect(fold(t)).toBe(t);
          expect(Array.from(t).length).toBeLessThanOrEqual(maxTokenLength);
          for (const other of tokens) if (other !== t) expect(other.startsWith(t)).toBe(false);
        }
      }),
    );
  });

  it('finds the person by every prefix of each name word, the name, the username and the address', () => {
    fc.assert(
      fc.property(who, (p) => {
        const tokens = searchTokens(p);
        const findable = [fold(p.name), ...fold(p.name).split(' '), fold(p.username), ...(p.email ? [p.email] : [])];
        for (const text of findable.filter(Boolean)) {
          for (let end = 1; end <= text.length; end++) {
            const prefix = searchPrefixOrNone(text.slice(0, end));
            if (prefix)
              expect(
                tokens.some((t) => t.startsWith(prefix)),
                `${prefix} in ${tokens}`,
              ).toBe(true);
          }
        }
      }),
    );
  });
});

function searchPrefixOrNone(query: string): string | undefined {
  try {
    return searchPrefix(query);
  } catch (error) {
    if (error instanceof ValidationError) return undefined;
    throw error;
  }
}

describe('a search query', () => {
  it.each([
    ['Zoë', 'zoe'],
    ["  o'BRIEN ", 'obrien'],
    ['alice@EX', 'alice@ex'],
    ['alice   arch', 'alice arch'],
  ])('%s searches %s', (query, prefix) => {
    expect(searchPrefix(query)).toBe(prefix);
  });

  it.each(['', '   ', '--', '(?)', '@.'])('%j is refused: no letter or digit', (query) => {
    expect(() => searchPrefix(query)).toThrow(ValidationError);
  });

  it('is clipped like the tokens, so a long query still finds its person', () => {
    const name = 'a'.repeat(maxTokenLength + 10);
    expect(searchTokens(person(name))).toContain(searchPrefix(`${name}xyz`));
  });
});
