/**
 * The new part of a reply: quoted history and signature removed. Deterministic line rules
 * (docs/decisions/0026-mail-screening-and-content.md), in this order:
 * 1. `>`-quoted runs are removed wherever they are (top-, bottom- and inline-posting), together with the
 *    attribution line just above a run ("On … wrote:", "Am … schrieb …:", "Le … a écrit :", "NAME <mail> wrote:").
 * 2. The text is cut at the first unquoted history marker: `-----Original Message-----` and its translations, an
 *    Outlook header block (`From:`/`Von:`/`De :` followed within a few lines by `Sent:`/`Gesendet:`/`Envoyé :`/
 *    `Date:` and `To:`/`An:`/`À :`/`Subject:`/`Betreff:`/`Objet :`), an `________________________________` rule
 *    right above such a block, or an "On … wrote:" attribution.
 * 3. The signature is cut at the last `-- ` delimiter line (RFC 3676 §4.3; `--` too, trailing space is often
 *    lost), and a trailing "Sent from my iPhone"-style line is dropped.
 * When nothing is left (a forward without a comment), the whole text is answered: a comment is never empty.
 */
export function stripReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const unquoted = removeQuotedRuns(lines);
  const cut = cutAtHistory(unquoted);
  const unsigned = cutSignature(cut);
  const result = tidy(unsigned);
  return result === '' ? tidy(lines) : result;
}

const quoted = (line: string): boolean => /^\s*>/.test(line);
const blank = (line: string): boolean => line.trim() === '';

const verbs =
  '(wrote|writes|schrieb|schreibt|a écrit|écrit|escribió|ha scritto|schreef|escreveu|skrev|napisał|kirjoitti)';
/** Attribution that begins with a date word: strong enough alone. */
const datedAttribution = new RegExp(
  String.raw`^\s*(On|Am|Le|El|Il|Op|Em|Den|W dniu)\s.{0,240}\b${verbs}\b.{0,160}:\s*$`,
  'iu',
);
/** Any "… wrote:" line: only counted right above a quoted run. */
const looseAttribution = new RegExp(String.raw`^.{0,240}\b${verbs}\s*(\S.{0,160})?:\s*$`, 'iu');

/**
 * The attribution may wrap over up to three lines: answer how many lines ending at `end` form one, or 0. A dated
 * attribution ("On …", "Am …") wins with its longest span; otherwise the shortest loose "… wrote:" span.
 */
function attributionAbove(lines: readonly string[], end: number, strongOnly: boolean): number {
  let loose = 0;
  let dated = 0;
  for (let span = 1; span <= 3 && end - span + 1 >= 0; span++) {
    const part = lines.slice(end - span + 1, end + 1);
    if (part.some((line) => blank(line) || quoted(line))) break;
    const joined = part.map((line) => line.trim()).join(' ');
    if (datedAttribution.test(joined)) dated = span;
    else if (!strongOnly && loose === 0 && looseAttribution.test(joined)) loose = span;
  }
  return dated > 0 ? dated : loose;
}

function removeQuotedRuns(lines: readonly string[]): string[] {
  const drop = new Set<number>();
  let i = 0;
  while (i < lines.length) {
    if (!quoted(lines[i])) {
      i++;
      continue;
    }
    const start = i;
    let end = i;
    while (i < lines.length && (quoted(lines[i]) || blank(lines[i]))) {
      if (quoted(lines[i])) end = i;
      i++;
    }
    for (let k = start; k <= end; k++) drop.add(k);
    // the attribution right above the run (blank lines between allowed)
    let above = start - 1;
    while (above >= 0 && blank(lines[above])) above--;
    const span = above >= 0 ? attributionAbove(lines, above, false) : 0;
    for (let k = above - span + 1; k <= above && span > 0; k++) drop.add(k);
  }
  return lines.filter((_, index) => !drop.has(index));
}

const originalMessage =
  /^\s*-{2,}\s*(original message|ursprüngliche nachricht|original nachricht|originalnachricht|message d'origine|message original|mensaje original|messaggio originale|oorspronkelijk bericht|originalmeddelande|opprinnelig melding)\s*-{2,}\s*$/iu;
const fromField = /^\s*\*?(from|von|de|van|da|från|fra|od)\s?:\*?\s*\S/iu;
const sentField =
  /^\s*\*?(sent|gesendet|envoyé|enviado|inviato|verzonden|skickat|sendt|date|datum|data|fecha)\s?:\*?/iu;
/** `To:`/`Subject:` and translations; Lotus Notes writes some without the colon, aligned with spaces (`An        x`). */
const toField =
  /^\s*\*?(to|an|à|a|para|aan|till|til|subject|betreff|objet|asunto|oggetto|onderwerp|ämne|emne)(\s?:|\s{2,}\S)/iu;
const rule = /^\s*_{10,}\s*$/;

function cutAtHistory(lines: readonly string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (originalMessage.test(line)) return lines.slice(0, i);
    if (fromField.test(line) && outlookBlock(lines, i)) {
      const start = i > 0 && rule.test(lines[i - 1]) ? i - 1 : i;
      return lines.slice(0, start);
    }
    const span = attributionBelow(lines, i);
    if (span > 0) return lines.slice(0, i);
  }
  return [...lines];
}

function attributionBelow(lines: readonly string[], start: number): number {
  for (let span = 1; span <= 3 && start + span <= lines.length; span++) {
    const part = lines.slice(start, start + span);
    if (part.some(blank)) return 0;
    if (datedAttribution.test(part.map((line) => line.trim()).join(' '))) return span;
  }
  return 0;
}

function outlookBlock(lines: readonly string[], from: number): boolean {
  const window = lines.slice(from + 1, from + 7);
  return window.some((line) => sentField.test(line)) && window.some((line) => toField.test(line));
}

const mobileSignature =
  /^\s*(sent from my .{1,60}|sent from .{1,40} for (iphone|ipad|android)|get outlook for .{1,40}|von meinem .{1,60} gesendet|gesendet von .{1,60}|envoyé de mon .{1,60}|envoyé depuis .{1,60}|enviado desde mi .{1,60}|inviato da .{1,60})\s*$/iu;

function cutSignature(lines: readonly string[]): string[] {
  let end = lines.length;
  for (let i = lines.length - 1; i > 0; i--) {
    if (lines[i] === '-- ' || lines[i].trimEnd() === '--') {
      if (lines.slice(0, i).some((line) => !blank(line))) {
        end = i;
        break;
      }
    }
  }
  const kept = lines.slice(0, end);
  let last = kept.length - 1;
  while (last >= 0 && blank(kept[last])) last--;
  if (last > 0 && mobileSignature.test(kept[last])) kept.length = last;
  return kept;
}

/** Trailing spaces and surplus blank lines removed; the first line keeps its indentation (e.g. ideographic spaces). */
function tidy(lines: readonly string[]): string {
  return lines
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+/, '')
    .trimEnd();
}
