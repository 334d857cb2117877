/**
 * Browser test helpers that wait for rendering, never for a fixed time: animation frames, a Lit element's update,
 * a scroller that has stopped moving, a real mouse wheel.
 */
import { executeServerCommand } from '@web/test-runner-commands';

export const nextFrame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));

/** Waits until `el` has no update pending and one frame was painted after it. */
export async function rendered(el: { updateComplete: Promise<boolean> }): Promise<void> {
  for (let i = 0; i < 20 && !(await el.updateComplete); i++);
  await nextFrame();
  for (let i = 0; i < 20 && !(await el.updateComplete); i++);
}

/** Waits until `scroller.scrollTop` has not changed for `frames` frames in a row (scrolling and re-rendering done). */
export async function scrollSettled(
  scroller: HTMLElement,
  el?: { updateComplete: Promise<boolean> },
  frames = 6,
): Promise<number> {
  let last = Number.NaN;
  let still = 0;
  for (let i = 0; i < 600 && still < frames; i++) {
    await nextFrame();
    if (el) await el.updateComplete;
    still = scroller.scrollTop === last ? still + 1 : 0;
    last = scroller.scrollTop;
  }
  return last;
}

/** One real wheel tick of `deltaY` px over the middle of `el`. */
export async function wheel(el: Element, deltaY: number): Promise<void> {
  const box = el.getBoundingClientRect();
  await executeServerCommand('wheel', {
    x: Math.round(box.left + box.width / 2),
    y: Math.round(box.top + Math.min(box.height / 2, 200)),
    deltaY,
  });
}

/** Polls a condition once per frame (for answers from the test server), failing with `what` after ~10 s. */
export async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return;
    await nextFrame();
  }
  throw new Error(`Still waiting for: ${what}`);
}
