/** What the keyboard drives on the stage. */
export interface KeyHost {
  readonly pageCount: number;
  turnPage(delta: -1 | 1): void;
  go(index: number): void;
  zoom(direction: 1 | -1): void;
  fit(mode: 'page' | 'width'): void;
  undo(): void;
  redo(): void;
}

/**
 * The stage's keys: PageDown/PageUp and the arrows turn pages, Home/End go to the first and last, + and − zoom,
 * 0 fits the page; Ctrl+Z undoes, Ctrl+Y or Ctrl+Shift+Z redoes.
 */
export function viewerKey(host: KeyHost, event: KeyboardEvent): void {
  const mod = event.ctrlKey || event.metaKey;
  if (mod && event.key.toLowerCase() === 'z') {
    event.preventDefault();
    if (event.shiftKey) host.redo();
    else host.undo();
    return;
  }
  if (mod && event.key.toLowerCase() === 'y') {
    event.preventDefault();
    host.redo();
    return;
  }
  const keys: Record<string, () => void> = {
    PageDown: () => host.turnPage(1),
    PageUp: () => host.turnPage(-1),
    ArrowRight: () => host.turnPage(1),
    ArrowLeft: () => host.turnPage(-1),
    ArrowDown: () => host.turnPage(1),
    ArrowUp: () => host.turnPage(-1),
    Home: () => host.go(0),
    End: () => host.go(host.pageCount - 1),
    '+': () => host.zoom(1),
    '=': () => host.zoom(1),
    '-': () => host.zoom(-1),
    '0': () => host.fit('page'),
  };
  const action = keys[event.key];
  if (action && !mod && !event.altKey) {
    event.preventDefault();
    action();
  }
}
