import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';

/**
 * Held mail comes from the internet: its HTML is cleaned here before it is
 * shown (in a sandboxed frame with a strict CSP, see frame-document.ts). Gone:
 * scripts, event handlers, forms, meta refresh, frames and objects,
 * javascript: and other non-web links, CSS expressions and imports. Remote
 * images and CSS urls are blocked until the owner asks; links get a
 * placeholder address and their real one is kept aside, to be shown first.
 */

export interface SanitizeOptions {
  /** The owner asked to load remote images. */
  allowRemote: boolean;
  /** The data: URL of an embedded image, by Content-ID; null when it is not (yet) available. */
  cid?: (contentId: string) => string | null;
  /** What a link's href becomes, by its index in `links`. */
  linkHref: (index: number) => string;
}

export interface Sanitized {
  /** Clean HTML for the frame's body. */
  html: string;
  /** Remote images and CSS urls that were blocked (0 when allowed). */
  remoteBlocked: number;
  /** The real addresses of the links, in the order their placeholders name them. */
  links: string[];
}

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORCE_BODY: true,
  ALLOW_DATA_ATTR: false,
  FORBID_TAGS: ['form', 'input', 'button', 'select', 'textarea', 'option', 'meta', 'link', 'base', 'iframe', 'frame', 'object', 'embed', 'audio', 'video', 'source', 'track', 'picture', 'portal'],
  FORBID_ATTR: ['action', 'formaction', 'target', 'ping', 'srcdoc', 'http-equiv', 'poster', 'usemap'],
};

const REMOTE = /^\s*(https?:)?\/\//i;
const WEB_LINK = /^\s*(https?:\/\/|mailto:)/i;
const CSS_DANGER = /expression\s*\(|behaviou?r\s*:|-moz-binding|javascript\s*:|vbscript\s*:|@import[^;]*;?/gi;
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;

interface Run {
  options: SanitizeOptions;
  remoteBlocked: number;
  links: string[];
}

let current: Run | null = null;
let purifier: Purifier | null = null;

function cleanCss(css: string, run: Run): string {
  // Escapes and comments are how `expression(` and friends hide; mail CSS does not need them.
  const safe = css.replace(/\\/g, '').replace(/\/\*[\s\S]*?(\*\/|$)/g, '').replace(CSS_DANGER, '');
  return safe.replace(CSS_URL, (whole, _quote: string, url: string) => {
    if (/^\s*data:image\//i.test(url)) return whole;
    if (/^\s*cid:/i.test(url)) {
      const data = run.options.cid?.(url.trim().slice(4)) ?? null;
      return data ? `url("${data}")` : 'none';
    }
    if (REMOTE.test(url) && run.options.allowRemote) return whole;
    if (REMOTE.test(url)) run.remoteBlocked++;
    return 'none';
  });
}

/** src, background: embedded images become data: URLs; remote ones go until allowed; anything else goes. */
function imageSource(element: Element, attribute: string, run: Run): void {
  const value = element.getAttribute(attribute);
  if (value === null) return;
  if (/^\s*data:image\/(png|jpe?g|gif|webp|bmp);/i.test(value)) return;
  if (/^\s*cid:/i.test(value)) {
    const data = run.options.cid?.(value.trim().slice(4)) ?? null;
    if (data) element.setAttribute(attribute, data);
    else element.removeAttribute(attribute);
    return;
  }
  if (REMOTE.test(value) && run.options.allowRemote) return;
  if (REMOTE.test(value)) run.remoteBlocked++;
  element.removeAttribute(attribute);
}

function link(element: Element, run: Run): void {
  const href = element.getAttribute('href');
  if (href === null) return;
  if (!WEB_LINK.test(href)) return void element.removeAttribute('href');
  const real = href.trim();
  element.setAttribute('href', run.options.linkHref(run.links.length));
  // The frame may only navigate the app's own page, to the placeholder; the app then shows the real address.
  element.setAttribute('target', '_top');
  element.setAttribute('rel', 'noopener noreferrer');
  element.setAttribute('title', real);
  run.links.push(real);
}

function create(): Purifier {
  const instance = DOMPurify(window);
  instance.addHook('uponSanitizeElement', (node, data) => {
    if (data.tagName === 'style' && current) node.textContent = cleanCss(node.textContent ?? '', current);
  });
  instance.addHook('afterSanitizeAttributes', (node) => {
    const run = current;
    if (!run || !(node instanceof window.Element)) return;
    for (const attribute of ['src', 'background']) imageSource(node, attribute, run);
    if (node.hasAttribute('srcset')) {
      if (!run.options.allowRemote) run.remoteBlocked++;
      if (!run.options.allowRemote || !/^\s*https?:/i.test(node.getAttribute('srcset')!)) node.removeAttribute('srcset');
    }
    const style = node.getAttribute('style');
    if (style !== null) node.setAttribute('style', cleanCss(style, run));
    if (node.tagName === 'A' || node.tagName === 'AREA') link(node, run);
  });
  return instance;
}

/** DOMPurify needs a DOM that follows the standard (happy-dom's NodeIterator, for one, does not). */
export class SanitizerUnavailable extends Error {
  constructor() {
    super('this window cannot clean HTML safely, so the HTML of messages is not shown here');
  }
}

const CANARY = '<p>a</p><script>x()</script><img src="x" onerror="x()"><a href="javascript:x()">b</a><form><input></form><b>ok</b>';

/** Cleans a known-bad snippet once: if anything bad is left, nothing is shown rather than something unclean. */
function checked(instance: Purifier): Purifier {
  const result = instance.isSupported ? (instance.sanitize(CANARY, { ...CONFIG, RETURN_TRUSTED_TYPE: false }) as string) : '';
  if (!result.includes('<b>ok</b>') || /<script|onerror|javascript:|<form|<input/i.test(result)) throw new SanitizerUnavailable();
  return instance;
}

export function sanitizeEmail(dirty: string, options: SanitizeOptions): Sanitized {
  purifier ??= checked(create());
  const run: Run = { options, remoteBlocked: 0, links: [] };
  current = run;
  try {
    const html = purifier.sanitize(dirty, { ...CONFIG, RETURN_TRUSTED_TYPE: false }) as string;
    return { html, remoteBlocked: run.remoteBlocked, links: run.links };
  } finally {
    current = null;
  }
}
