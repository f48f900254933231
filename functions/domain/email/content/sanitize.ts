import sanitizeHtml from 'sanitize-html';

/**
 * The allow-list for HTML a ticket shows (docs/decisions/0026-mail-screening-and-content.md):
 * sanitize-html's default tags (no script, style, iframe, object, embed, form, input, meta, link, base) plus `img`
 * and a few legacy formatting tags; no `on*` handlers (attributes are allow-listed); links only http(s), mailto,
 * tel; images only `cid:` (an inline attachment) or `data:image/(png|gif|jpeg|webp)` — remote images are removed
 * (they are trackers and leak that a ticket was read); inline `style` kept only for a few harmless properties
 * whose values cannot load anything (no `url(`, no `expression(`).
 */
const safeValue = /^(?!.*(url\s*\(|expression\s*\(|javascript:|@import))[-#%,.()\w\s'"!]+$/i;

const options: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'font', 'center', 'del', 'ins', 'strike', 'tt'],
  disallowedTagsMode: 'discard',
  // the text inside these is not content (a `<title>` would otherwise show up as the first line)
  nonTextTags: ['style', 'script', 'textarea', 'option', 'noscript', 'title', 'head', 'template', 'xml'],
  allowedAttributes: {
    a: ['href', 'name', 'title'],
    img: ['src', 'alt', 'title', 'width', 'height'],
    font: ['color', 'size', 'face'],
    table: ['border', 'cellpadding', 'cellspacing', 'width', 'align'],
    td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
    ol: ['start', 'type'],
    '*': ['style', 'dir', 'lang'],
  },
  allowedStyles: {
    '*': {
      color: [safeValue],
      'background-color': [safeValue],
      'text-align': [/^(left|right|center|justify)$/i],
      'font-weight': [safeValue],
      'font-style': [safeValue],
      'font-size': [safeValue],
      'font-family': [safeValue],
      'text-decoration': [safeValue],
      'white-space': [safeValue],
      margin: [safeValue],
      padding: [safeValue],
      border: [safeValue],
      width: [safeValue],
    },
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
    }),
  },
  exclusiveFilter: (frame) => {
    if (frame.tag !== 'img') return false;
    const src = frame.attribs.src ?? '';
    if (/^cid:/i.test(src)) return false;
    if (/^data:image\/(png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]+$/i.test(src)) return false;
    return true;
  },
};

// `rel` and `target` are added by transformTags after the attribute allow-list is applied; allow them on `a`.
(options.allowedAttributes as Record<string, string[]>).a.push('rel', 'target');

export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}
