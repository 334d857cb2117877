import { html, type TemplateResult } from 'lit';

/**
 * Board mode (`density="board"`), the teacher's own choice on a device: every element shows a toggle, the choice
 * is remembered on the device (localStorage) and followed at once by every Préau element of the page. The web
 * team's `density` attribute is the default; a choice made on the device wins over it.
 */
export type Density = 'default' | 'board';

export const DENSITY_KEY = 'preau-density';
/** Written by earlier versions of the whiteboard viewer: still read. */
const LEGACY_KEYS = ['preau-whiteboard-density'];
const CHANGE = 'preau-density-changed';

/** The density chosen on this device, or null when none was chosen (or storage is off). */
export function storedDensity(): Density | null {
  try {
    for (const key of [DENSITY_KEY, ...LEGACY_KEYS]) {
      const value = localStorage.getItem(key);
      if (value === 'board' || value === 'default') return value;
    }
  } catch {
    // Storage may be off (private browsing, sandboxed frames): nothing remembered.
  }
  return null;
}

/** Remembers the choice on the device and tells the page's other elements. */
export function rememberDensity(density: Density): void {
  try {
    localStorage.setItem(DENSITY_KEY, density);
    for (const key of LEGACY_KEYS) localStorage.removeItem(key);
  } catch {
    // Not remembered: still applied to the page.
  }
  window.dispatchEvent(new CustomEvent(CHANGE, { detail: density }));
}

/** Forgets the device's choice (the web team's attributes apply again on the next load). */
export function forgetDensity(): void {
  try {
    for (const key of [DENSITY_KEY, ...LEGACY_KEYS]) localStorage.removeItem(key);
  } catch {
    // Nothing to forget.
  }
}

/** Calls `listener` when any element of the page (or another tab) changes the device's choice. */
export function onDensityChange(listener: (density: Density) => void): () => void {
  const local = (e: Event) => listener((e as CustomEvent<Density>).detail);
  const other = (e: StorageEvent) => {
    if (e.key === DENSITY_KEY && (e.newValue === 'board' || e.newValue === 'default')) listener(e.newValue);
  };
  window.addEventListener(CHANGE, local);
  window.addEventListener('storage', other);
  return () => {
    window.removeEventListener(CHANGE, local);
    window.removeEventListener('storage', other);
  };
}

/** The toggle's button; `label` is « Mode tableau » in the element's language. */
export function boardToggle(pressed: boolean, label: string, onToggle: () => void): TemplateResult {
  return html`<button type="button" class="button board-toggle" part="board-toggle"
    aria-pressed=${pressed ? 'true' : 'false'} title=${label} @click=${onToggle}>
    <span aria-hidden="true" class="board-toggle-icon">▣</span><span class="board-toggle-label">${label}</span>
  </button>`;
}
