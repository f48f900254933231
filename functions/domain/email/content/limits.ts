/**
 * Guards for hostile HTML: sanitize-html and html-to-text take time proportional to the element count (≈ 20 µs per
 * element here: 4 s for a 1.6 MB page of tiny paragraphs) and html-to-text gives up below a nesting depth of 200.
 * Beyond these limits the HTML is not sanitised for display (the original stays in the raw mail) and the text is
 * taken by a linear tag strip instead.
 */
export const maxHtmlChars = 1_000_000;
export const maxHtmlDepth = 150;

const voidElements = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** The deepest element nesting of `html`, approximately (unclosed `p`/`li` count as open; enough for a limit). */
export function nestingDepth(html: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  for (const match of html.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (voidElements.has(name.toLowerCase()) || selfClosing === '/') continue;
    if (closing) depth = Math.max(0, depth - 1);
    else {
      depth++;
      if (depth > max) max = depth;
      if (max > stopAt) return max;
    }
  }
  return max;
}

/** True when the HTML is too large or too deep for the sanitiser and the converter. */
export function hostileHtml(html: string): boolean {
  return html.length > maxHtmlChars || nestingDepth(html, maxHtmlDepth) > maxHtmlDepth;
}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Text of HTML by a linear strip: no script/style/head content, block ends as line breaks, basic entities. */
export function stripTags(html: string): string {
  return html
    .replace(/<(script|style|head|title|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|table)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
      if (entity[0] === '#') {
        const code =
          entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      return entities[entity.toLowerCase()] ?? whole;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
