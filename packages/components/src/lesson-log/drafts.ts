/**
 * Drafts kept on the device while a teacher writes: every change is saved in `localStorage`, so that neither a
 * dropped network, a closed tab nor a crash loses what was typed. A draft goes once the server has the entry.
 * Storage may be refused (private browsing, quota): the editor then works without, and says nothing false.
 */
const PREFIX = 'preau-lesson-log-draft:';
/** Drafts older than this are left out (a forgotten draft should not reappear next term). */
const MAX_AGE_MS = 30 * 24 * 3600_000;

export interface StoredDraft<T> {
  savedAt: string;
  value: T;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Saves the draft; returns false when the device refuses to keep it. */
export function saveDraft<T>(key: string, value: T, now: Date): boolean {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify({ savedAt: now.toISOString(), value }));
    return storage() !== null;
  } catch {
    return false;
  }
}

export function loadDraft<T>(key: string, now: Date): StoredDraft<T> | null {
  try {
    const raw = storage()?.getItem(PREFIX + key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredDraft<T>;
    const age = now.getTime() - Date.parse(parsed.savedAt);
    if (!parsed || typeof parsed !== 'object' || !(age < MAX_AGE_MS) || parsed.value === undefined)
      return null;
    return parsed;
  } catch {
    return null;
  }
}

export function clearDraft(key: string): void {
  try {
    storage()?.removeItem(PREFIX + key);
  } catch {
    // Nothing to clear on a device that keeps nothing.
  }
}
