/**
 * Zoom and fit of the page in the stage: the scale is CSS pixels per page unit. `fit` keeps the page fitted to
 * the stage's width or to the whole stage as the element is resized (a phone, a board, full screen).
 */
export type Fit = 'page' | 'width' | null;

export const MIN_SCALE = 0.05;
export const MAX_SCALE = 8;

export function fittedScale(
  fit: Exclude<Fit, null>,
  stage: { width: number; height: number },
  page: { width: number; height: number },
  margin = 16,
): number {
  const w = Math.max(1, stage.width - margin * 2) / page.width;
  const h = Math.max(1, stage.height - margin * 2) / page.height;
  return clampScale(fit === 'width' ? w : Math.min(w, h));
}

export const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, Number.isFinite(s) ? s : 1));

/** The next zoom step in or out (×1.25), snapping to the fitted scale when crossing it. */
export function stepScale(current: number, direction: 1 | -1): number {
  return clampScale(direction > 0 ? current * 1.25 : current / 1.25);
}

/**
 * After zooming from `before` to `after` around a point of the stage (pointer or pinch centre, in stage
 * coordinates), the scroll position that keeps the same page point under it.
 */
export function scrollForZoom(
  scroll: { left: number; top: number },
  anchor: { x: number; y: number },
  before: number,
  after: number,
): { left: number; top: number } {
  const ratio = after / before;
  return {
    left: (scroll.left + anchor.x) * ratio - anchor.x,
    top: (scroll.top + anchor.y) * ratio - anchor.y,
  };
}

/** A released one-finger drag that reads as a swipe: mostly horizontal, long enough. -1 previous, 1 next, 0 none. */
export function swipeDirection(dx: number, dy: number, stageWidth: number): -1 | 0 | 1 {
  if (Math.abs(dx) < Math.max(48, stageWidth * 0.12) || Math.abs(dx) < Math.abs(dy) * 1.5) return 0;
  return dx < 0 ? 1 : -1;
}
