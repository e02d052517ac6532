import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { maskBidiControls, showBidiControls } from './bidi.ts';
import { UntrustedText } from './UntrustedText.tsx';

describe('bidi controls in text from a message', () => {
  it('shows every control that reorders text as a marker, and leaves other text alone', () => {
    expect(showBidiControls('invoice\u202Efdp.exe')).toBe('invoice[U+202E]fdp.exe');
    const controls = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
    expect(showBidiControls(controls.join('x'))).toBe(
      '[U+202A]x[U+202B]x[U+202C]x[U+202D]x[U+202E]x[U+2066]x[U+2067]x[U+2068]x[U+2069]x[U+200E]x[U+200F]x[U+061C]',
    );
    expect(showBidiControls('שלום from Zoë, مرحبا')).toBe('שלום from Zoë, مرحبا');
    expect(maskBidiControls('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe');
  });

  it('renders the text isolated, with the markers', () => {
    const { container } = render(<p>Subject: <UntrustedText text={'Your invoice\u202Efdp.exe'} /> (2 recipients)</p>);
    const isolated = container.querySelector('bdi');
    expect(isolated?.textContent).toBe('Your invoice[U+202E]fdp.exe');
    expect(container.textContent).not.toMatch(/[\u202a-\u202e]/);
  });
});
