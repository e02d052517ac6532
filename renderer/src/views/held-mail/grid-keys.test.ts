import { describe, expect, it } from 'vitest';
import { handleGridKey, type GridKeyTarget, type KeyLike } from './grid-keys.ts';

function grid(active: number, count = 100) {
  const log: string[] = [];
  const target: GridKeyTarget = {
    count,
    active,
    pageRows: 15,
    moveTo: (index, extend) => log.push(`move ${index}${extend ? ' extend' : ''}`),
    toggle: (index) => log.push(`toggle ${index}`),
    extendTo: (index) => log.push(`extend ${index}`),
    open: (index) => log.push(`open ${index}`),
    selectAll: () => log.push('all'),
    clear: () => log.push('clear'),
    remove: () => log.push('delete'),
  };
  return { target, log };
}

const key = (name: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key: name, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('the keys of the held-mail grid', () => {
  it('moves by one, by a page and to either end, staying inside the rows', () => {
    const { target, log } = grid(0);
    for (const name of ['ArrowUp', 'ArrowDown', 'PageDown', 'End', 'Home']) handleGridKey(key(name), target);
    expect(log).toEqual(['move 0', 'move 1', 'move 15', 'move 99', 'move 0']);
    const atEnd = grid(98);
    handleGridKey(key('PageDown'), atEnd.target);
    expect(atEnd.log).toEqual(['move 99']);
  });

  it('selects with Space, extends with Shift, opens with Enter', () => {
    const { target, log } = grid(4);
    handleGridKey(key(' '), target);
    handleGridKey(key(' ', { shiftKey: true }), target);
    handleGridKey(key('ArrowDown', { shiftKey: true }), target);
    handleGridKey(key('Enter'), target);
    handleGridKey(key('a', { ctrlKey: true }), target);
    handleGridKey(key('Escape'), target);
    handleGridKey(key('Delete'), target);
    expect(log).toEqual(['toggle 4', 'extend 4', 'move 5 extend', 'open 4', 'all', 'clear', 'delete']);
  });

  it('leaves other keys, and every key of an empty grid, to the browser', () => {
    const { target, log } = grid(0);
    expect(handleGridKey(key('a'), target)).toBe(false);
    expect(handleGridKey(key('Tab'), target)).toBe(false);
    expect(handleGridKey(key('ArrowDown', { altKey: true }), target)).toBe(false);
    expect(handleGridKey(key('ArrowDown'), grid(0, 0).target)).toBe(false);
    expect(log).toEqual([]);
  });
});
