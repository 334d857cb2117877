import { getStroke } from 'perfect-freehand';
import type { Stroke } from './annotations.js';

/** Highlighter ink is see-through, as on the board (OpenBoard writes it at 50 %). */
export const HIGHLIGHTER_OPACITY = 0.5;

/**
 * The outline of a stroke as SVG path data: a filled shape whose width follows the pen's pressure (a mouse or a
 * finger reports none: the speed stands in for it). Highlighter strokes keep an even width.
 */
export function strokePath(stroke: Pick<Stroke, 'tool' | 'width' | 'points'>, pressureKnown = true): string {
  const pts: [number, number, number][] = [];
  for (let i = 0; i + 2 < stroke.points.length; i += 3) {
    pts.push([stroke.points[i], stroke.points[i + 1], stroke.points[i + 2]]);
  }
  const outline = getStroke(pts, {
    size: stroke.width,
    thinning: stroke.tool === 'highlighter' ? 0 : 0.5,
    smoothing: 0.5,
    streamline: 0.4,
    simulatePressure: !pressureKnown,
    last: true,
  });
  if (outline.length < 2) return '';
  let d = `M${fmt(outline[0][0])} ${fmt(outline[0][1])}`;
  for (let i = 1; i < outline.length; i++) {
    const [x0, y0] = outline[i - 1];
    const [x1, y1] = outline[i];
    d += `Q${fmt(x0)} ${fmt(y0)} ${fmt((x0 + x1) / 2)} ${fmt((y0 + y1) / 2)}`;
  }
  return `${d}Z`;
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** Were the pressures real (a pen), or the browser's constant 0.5 for mice and many touch screens? */
export function hasRealPressure(points: readonly number[]): boolean {
  for (let i = 2; i < points.length; i += 3) if (points[i] !== 0.5 && points[i] !== 0) return true;
  return false;
}
