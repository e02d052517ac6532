import { showBidiControls } from './bidi.ts';

/**
 * Text a sender chose (a name, address, subject or file name): its bidi
 * controls shown as markers, and the whole isolated (<bdi>), so right-to-left
 * text in it cannot reorder the page around it either.
 */
export function UntrustedText({ text, className }: { text: string; className?: string }) {
  return <bdi className={className}>{showBidiControls(text)}</bdi>;
}
