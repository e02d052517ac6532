/**
 * The document of the sandboxed frame that shows a message's HTML: the
 * sanitized body under a strict Content-Security-Policy. Nothing may load but
 * inline styles and embedded (data:) images; remote images only once the
 * owner asked for them. Even HTML the sanitizer missed can then run nothing
 * and fetch nothing.
 */

export function framePolicy(allowRemote: boolean): string {
  const images = allowRemote ? 'data: cid: https: http:' : 'data: cid:';
  return `default-src 'none'; img-src ${images}; style-src 'unsafe-inline'`;
}

/** Mail is written for a white page; the frame keeps it so in a dark theme too. */
const BASE_STYLE =
  'html{color-scheme:light;background:#fff;color:#111}' +
  'body{margin:16px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;overflow-wrap:anywhere}' +
  'img{max-width:100%;height:auto}';

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function frameDocument(body: string, allowRemote: boolean): string {
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(framePolicy(allowRemote))}">` +
    '<meta name="referrer" content="no-referrer">' +
    `<style>${BASE_STYLE}</style></head><body>${body}</body></html>`
  );
}
