/**
 * Préau's events: one class per event, named `preau-<noun>-<verb>`, that bubbles and crosses shadow roots.
 *
 * An element declares each event it fires as a subclass and adds it to the global event map, so that
 * `el.addEventListener('preau-session-change', e => e.detail.user)` is typed in any host code:
 *
 * ```ts
 * export class PreauSessionChangeEvent extends PreauEvent<{ user: Me | null }> {
 *   static readonly eventName = 'preau-session-change';
 *   constructor(detail: { user: Me | null }) { super(PreauSessionChangeEvent.eventName, detail); }
 * }
 * declare global { interface GlobalEventHandlersEventMap { 'preau-session-change': PreauSessionChangeEvent } }
 * ```
 * Events carry their data in `detail` (a CustomEvent) because that is what every framework binds to.
 */
export type PreauEventName = `preau-${string}-${string}`;

export interface PreauEventInit {
  /** Set for events whose default the host may prevent (the element then checks `defaultPrevented`). */
  cancelable?: boolean;
}

export class PreauEvent<D = undefined> extends CustomEvent<D> {
  constructor(type: PreauEventName, detail: D, init: PreauEventInit = {}) {
    super(type, { bubbles: true, composed: true, cancelable: init.cancelable ?? false, detail });
  }
}

/** Resolves when `el` itself fires `type` (events bubbling from descendants are ignored). */
export function waitForEvent<K extends keyof GlobalEventHandlersEventMap>(
  el: EventTarget,
  type: K,
): Promise<GlobalEventHandlersEventMap[K]> {
  return new Promise((resolve) => {
    const done = (event: Event) => {
      if (event.target !== el) return;
      el.removeEventListener(type, done);
      resolve(event as GlobalEventHandlersEventMap[K]);
    };
    el.addEventListener(type, done);
  });
}

/**
 * Another week was asked for (its Monday, `YYYY-MM-DD`); cancelable. Shared by the elements that show a week
 * (attendance, cahier de textes): in property mode the host loads it.
 */
export class PreauWeekChangeEvent extends PreauEvent<{ weekStart: string }> {
  static readonly eventName = 'preau-week-change';
  constructor(detail: { weekStart: string }) {
    super(PreauWeekChangeEvent.eventName, detail, { cancelable: true });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'preau-week-change': PreauWeekChangeEvent;
  }
}
