import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface TabSpec {
  key: string;
  label: ReactNode;
  /** Rendered only while its tab is selected. */
  render: () => ReactNode;
}

/**
 * Tabs as the WAI-ARIA Authoring Practices describe them (automatic
 * activation): one tab stop for the row; Left and Right move between tabs and
 * wrap; Home and End go to the first and last; Tab moves on into the panel.
 */
export function Tabs({ tabs, label, initial }: { tabs: readonly TabSpec[]; label: string; initial?: string }) {
  const [selected, setSelected] = useState(initial ?? tabs[0]?.key);
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const base = useId();
  const tabId = (key: string) => `${base}-tab-${key}`;
  const panelId = (key: string) => `${base}-panel-${key}`;
  const current = tabs.find((tab) => tab.key === selected) ?? tabs[0];

  const moveTo = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length]!;
    setSelected(tab.key);
    refs.current.get(tab.key)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((tab) => tab.key === current?.key);
    const target = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  };

  return (
    <div className="viewer-tabs">
      <div role="tablist" aria-label={label} className="viewer-tablist" onKeyDown={onKeyDown}>
        {tabs.map((tab) => {
          const isSelected = tab.key === current?.key;
          return (
            <button
              key={tab.key}
              ref={(element) => {
                if (element) refs.current.set(tab.key, element);
                else refs.current.delete(tab.key);
              }}
              role="tab"
              id={tabId(tab.key)}
              aria-selected={isSelected}
              aria-controls={panelId(tab.key)}
              tabIndex={isSelected ? 0 : -1}
              onClick={() => setSelected(tab.key)}
            >
              {tab.label}
            </button>
          );
        })}
      </div>
      {tabs.map((tab) => (
        <div key={tab.key} role="tabpanel" id={panelId(tab.key)} aria-labelledby={tabId(tab.key)} tabIndex={0} hidden={tab.key !== current?.key} className="viewer-panel">
          {tab.key === current?.key && tab.render()}
        </div>
      ))}
    </div>
  );
}
