import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';

/**
 * How a click on a link inside the sandboxed frame reaches the app.
 *
 * The frame runs no script and has an origin of its own, so the app cannot
 * listen to clicks in it. Instead each link's href is a placeholder, the
 * app's own address for "link N of this message" (#/mail/ID/link/N), with
 * target _top: a click, and only a click (the frame may navigate the top page
 * only on a user's gesture), changes the fragment of the app's address,
 * nothing else. The viewer's route still matches, so the viewer stays; it
 * sees link N asked for, puts the address back, and hands over the real
 * address of link N, which the frame never had.
 */

const LINK_ROUTE = /^\/mail\/([^/]+)\/link\/(\d{1,6})$/;

export const linkRoute = (messageId: string) => `/mail/${encodeURIComponent(messageId)}`;

/** The placeholder href of link `index` of a message. */
export const linkHref = (messageId: string, index: number) => `#${linkRoute(messageId)}/link/${index}`;

/** Which link of which message a location asks for, if it is a link placeholder. */
export function linkAsked(location: string): { messageId: string; index: number } | null {
  const match = LINK_ROUTE.exec(location);
  if (!match) return null;
  try {
    return { messageId: decodeURIComponent(match[1]!), index: Number(match[2]) };
  } catch {
    return null;
  }
}

export function useLinkClicks(messageId: string, links: readonly string[], onLink: (url: string) => void): void {
  const [location, navigate] = useLocation();
  const latest = useRef({ links, onLink });
  latest.current = { links, onLink };
  useEffect(() => {
    const asked = linkAsked(location);
    if (asked === null || asked.messageId !== messageId) return;
    navigate(linkRoute(messageId), { replace: true });
    const url = latest.current.links[asked.index];
    if (url !== undefined) latest.current.onLink(url);
  }, [location, messageId, navigate]);
}
