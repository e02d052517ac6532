import { describe, expect, it } from 'vitest';
import { formatAge, formatNextAttempt, formatReceived, formatSize, formatSpan, plural, senderOf } from './format.ts';

// Local times, so the test means the same in any time zone.
const now = new Date(2026, 4, 12, 15, 30).getTime();
const iso = (...parts: [number, number, number, number, number]) => new Date(...parts).toISOString();

describe('how the table writes things', () => {
  it('writes received times shorter the closer they are', () => {
    expect(formatReceived(iso(2026, 4, 12, 9, 5), now)).toBe('09:05');
    expect(formatReceived(iso(2026, 2, 3, 18, 40), now)).toBe('Mar 3, 18:40');
    expect(formatReceived(iso(2025, 11, 31, 23, 59), now)).toBe('2025-12-31 23:59');
  });

  it('writes spans as a queue manager does', () => {
    expect(formatSpan(42)).toBe('42s');
    expect(formatSpan(12 * 60 + 5)).toBe('12m');
    expect(formatSpan(3 * 3600 + 5 * 60)).toBe('3h 05m');
    expect(formatSpan(2 * 86_400 + 4 * 3600)).toBe('2d 4h');
    expect(formatSpan(16 * 86_400)).toBe('16d');
    expect(formatAge(iso(2026, 4, 12, 13, 0), now)).toBe('2h 30m');
  });

  it('says when the next attempt is, or that there is none', () => {
    expect(formatNextAttempt(null, now)).toBe('—');
    expect(formatNextAttempt(iso(2026, 4, 12, 15, 0), now)).toBe('due now');
    expect(formatNextAttempt(iso(2026, 4, 12, 15, 45), now)).toBe('in 15m');
  });

  it('writes sizes in bytes, KB and MB', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(2_300)).toBe('2.2 KB');
    expect(formatSize(200_000)).toBe('195 KB');
    expect(formatSize(20 * 1024 * 1024)).toBe('20 MB');
  });

  it('names the sender as a person reads it, falling back to the envelope', () => {
    expect(senderOf({ from: 'a@shop.test', headerFrom: '"Shop, Inc." <news@shop.test>' })).toBe('Shop, Inc.');
    expect(senderOf({ from: 'a@shop.test', headerFrom: 'news@shop.test' })).toBe('news@shop.test');
    expect(senderOf({ from: 'a@shop.test', headerFrom: null })).toBe('a@shop.test');
    expect(senderOf({ from: '', headerFrom: null })).toBe('<> (bounce)');
  });

  it('counts in words', () => {
    expect(plural(1, 'message')).toBe('1 message');
    expect(plural(12_345, 'message')).toBe('12,345 messages');
    expect(plural(2, 'message was', 'messages were')).toBe('2 messages were');
  });
});
