import { describe, expect, it } from 'vitest';
import { frameDocument, framePolicy } from './frame-document.ts';
import { linkAsked, linkHref } from './link-clicks.ts';
import { describeLink } from './LinkDialog.tsx';
import { sanitizeEmail, SanitizerUnavailable } from './sanitize.ts';

/*
 * What the sanitizer removes is checked in Chromium (test/e2e/viewer-frame.test.ts):
 * happy-dom's NodeIterator does not follow the DOM standard, and DOMPurify run
 * on it leaves scripts in place. Here: that the viewer notices such a DOM and
 * shows nothing rather than something unclean, and the frame's document.
 */

describe('the mail sanitizer on a DOM it cannot trust', () => {
  it('refuses to clean (so the viewer shows no HTML) instead of passing a script through', () => {
    expect(() => sanitizeEmail('<p>hello</p><script>steal()</script>', { allowRemote: false, linkHref: (index) => linkHref('abc123', index) })).toThrow(SanitizerUnavailable);
  });
});

describe('the frame document', () => {
  it('carries a strict CSP before anything else, allowing remote images only when asked', () => {
    expect(framePolicy(false)).toBe("default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'");
    expect(framePolicy(true)).toBe("default-src 'none'; img-src data: cid: https: http:; style-src 'unsafe-inline'");
    const text = frameDocument('<p>x</p>', false);
    const document = new DOMParser().parseFromString(text, 'text/html');
    const meta = document.head.querySelector('meta[http-equiv="Content-Security-Policy"]');
    expect(meta?.getAttribute('content')).toBe(framePolicy(false));
    expect(text.indexOf('Content-Security-Policy')).toBeLessThan(text.indexOf('<style'));
    expect(text.indexOf('Content-Security-Policy')).toBeLessThan(text.indexOf('<body'));
    expect(document.head.querySelector('meta[name="referrer"]')?.getAttribute('content')).toBe('no-referrer');
  });
});

describe('link placeholders', () => {
  it('names link N of a message by an address of the viewer itself', () => {
    expect(linkHref('mi3k2x1a7f3c9e', 3)).toBe('#/mail/mi3k2x1a7f3c9e/link/3');
    expect(linkAsked('/mail/mi3k2x1a7f3c9e/link/3')).toEqual({ messageId: 'mi3k2x1a7f3c9e', index: 3 });
    expect(linkAsked('/mail/mi3k2x1a7f3c9e')).toBeNull();
    expect(linkAsked('/mail/mi3k2x1a7f3c9e/link/3x')).toBeNull();
  });

  it('shows the host of a link apart, whatever the text around it', () => {
    expect(describeLink('https://paypal.com.login.example.evil/verify?x=1')).toEqual({ scheme: 'https://', host: 'paypal.com.login.example.evil', rest: '/verify?x=1' });
    expect(describeLink('http://user:secret@bank.example:8443/a#b')).toEqual({ scheme: 'http://user:…@', host: 'bank.example:8443', rest: '/a#b' });
    expect(describeLink('mailto:boss@example.test?subject=hi')).toEqual({ scheme: 'mailto:', host: 'boss@example.test', rest: '?subject=hi' });
  });
});
