/**
 * Characters that reorder the text around them: embeddings and overrides
 * (U+202A-U+202E), isolates (U+2066-U+2069) and the marks U+200E, U+200F and
 * U+061C. In a name, address or subject a sender chose they make
 * "invoice\u202Efdp.exe" read as "invoiceexe.pdf" (the Trojan Source trick).
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from a message with each bidi control shown as what it is, "[U+202E]", instead of obeyed. */
export function showBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, (char) => `[U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** Each bidi control made "_", as the API does in an attachment's file name: for names of files to save. */
export function maskBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '_');
}
