/** XML 1.0 text helpers shared by the response writers. */

/** Characters outside XML 1.0's `Char` production (plus unpaired surrogates). */
// eslint-disable-next-line no-control-regex
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Anything {@link escapeXml} may have to change (a cheap test for the common case: nothing). */
// eslint-disable-next-line no-control-regex
const NEEDS_WORK = /[&<>"'\u0000-\u0008\u000B-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/**
 * Escapes `text` for use as XML character data or an attribute value. Characters XML 1.0 cannot
 * carry at all are replaced by U+FFFD; `\r` is kept as a character reference so parsers do not
 * normalise it away.
 */
export function escapeXml(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(ILLEGAL_XML, '\uFFFD').replace(/[&<>"'\r]/g, (c) => ESCAPES[c] as string);
}
