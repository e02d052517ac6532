/** A server's message ("that sign-in link has expired; …") as a sentence for the page: capital first, full stop last. */
export function asSentence(message: string): string {
  const text = message.trim();
  if (text === '') return text;
  const capital = text[0]!.toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
