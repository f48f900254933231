import { convert } from 'html-to-text';

/** HTML → readable text: no wrapping (the client wraps), links as `text [url]` unless the text is the URL, images skipped. */
export function htmlToReadableText(html: string): string {
  const text = convert(html, {
    wordwrap: false,
    limits: { maxDepth: 200 },
    selectors: [
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
      { selector: 'img', format: 'skip' },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'h4', options: { uppercase: false } },
      { selector: 'h5', options: { uppercase: false } },
      { selector: 'h6', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    ],
  });
  return text.trim();
}
