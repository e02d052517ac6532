import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Tabs } from './Tabs.tsx';

const TABS = ['Message', 'Plain text', 'Headers', 'Source', 'Attachments'].map((label) => ({
  key: label.toLowerCase().replace(' ', '-'),
  label,
  render: () => <p>{`${label} panel`}</p>,
}));

function setup() {
  render(<Tabs tabs={TABS} label="Views of the message" />);
  return () => screen.getAllByRole('tab');
}

const key = (target: Element, name: string) => act(() => void fireEvent.keyDown(target, { key: name }));
const selected = () => screen.getAllByRole('tab').find((tab) => tab.getAttribute('aria-selected') === 'true')!;

afterEach(cleanup);

describe('the viewer tabs (WAI-ARIA tabs, automatic activation)', () => {
  it('is a labelled tablist where only the selected tab is a tab stop, controlling its panel', () => {
    const tabs = setup();
    expect(screen.getByRole('tablist').getAttribute('aria-label')).toBe('Views of the message');
    expect(tabs().map((tab) => tab.tabIndex)).toEqual([0, -1, -1, -1, -1]);
    const panel = screen.getByRole('tabpanel');
    expect(panel.id).toBe(tabs()[0]!.getAttribute('aria-controls'));
    expect(panel.getAttribute('aria-labelledby')).toBe(tabs()[0]!.id);
    expect(panel.textContent).toBe('Message panel');
  });

  it('moves focus and selection with the arrow keys, wrapping at both ends', () => {
    const tabs = setup();
    tabs()[0]!.focus();
    key(document.activeElement!, 'ArrowRight');
    expect(document.activeElement).toBe(tabs()[1]);
    expect(selected().textContent).toBe('Plain text');
    expect(screen.getByRole('tabpanel').textContent).toBe('Plain text panel');
    key(document.activeElement!, 'ArrowLeft');
    key(document.activeElement!, 'ArrowLeft');
    expect(document.activeElement).toBe(tabs()[4]);
    expect(selected().textContent).toBe('Attachments');
    key(document.activeElement!, 'ArrowRight');
    expect(document.activeElement).toBe(tabs()[0]);
    expect(tabs().map((tab) => tab.tabIndex)).toEqual([0, -1, -1, -1, -1]);
  });

  it('goes to the first and last tab with Home and End, and ignores other keys', () => {
    const tabs = setup();
    tabs()[0]!.focus();
    key(document.activeElement!, 'End');
    expect(document.activeElement).toBe(tabs()[4]);
    key(document.activeElement!, 'Home');
    expect(document.activeElement).toBe(tabs()[0]);
    key(document.activeElement!, 'ArrowDown');
    key(document.activeElement!, 'a');
    expect(selected().textContent).toBe('Message');
  });

  it('selects a tab on click and renders only the selected panel', () => {
    const tabs = setup();
    act(() => void fireEvent.click(tabs()[3]!));
    expect(selected().textContent).toBe('Source');
    expect(screen.queryByText('Message panel')).toBeNull();
    expect(screen.getByRole('tabpanel').textContent).toBe('Source panel');
  });
});
