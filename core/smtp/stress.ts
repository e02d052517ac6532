/**
 * Time limits that tighten when connections run short, after Postfix's stress
 * mode (STRESS_README; postconf(5): `smtpd_timeout = ${stress?{10}:{300}}s`,
 * `smtpd_per_record_deadline = ${stress?{yes}:{no}}`).
 *
 * Like Postfix with a per-record deadline, the limit applies to a whole line
 * (a command, or a line of message text), counted from the server's last
 * reply or the client's last complete line, not to each read: a client that
 * trickles one byte at a time resets an idle timer for ever, but never
 * finishes a line in time.
 */

/** RFC 5321 4.5.3.2.7: a server waits at least 5 minutes for the next command. */
export const NORMAL_LINE_MS = 5 * 60_000;
/** Postfix's smtpd_timeout under stress. */
const STRESS_LINE_MS = 10_000;
/**
 * Postfix enters stress only when every server process is busy; this starts
 * earlier, at 70% of maxConnections, so real senders still find a free slot
 * while the slow ones are being cut off.
 */
const STRESS_SHARE = 0.7;

export function underStress(open: number, maxConnections: number): boolean {
  return open >= Math.ceil(maxConnections * STRESS_SHARE);
}

/** How long a client has for its next line. */
export function lineDeadlineMs(stressed: boolean): number {
  return stressed ? STRESS_LINE_MS : NORMAL_LINE_MS;
}
