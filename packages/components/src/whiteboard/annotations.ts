/**
 * Annotations drawn over a document, kept apart from it: strokes per page, in the page's own coordinates, so
 * they stay in place at any zoom and can be saved without touching the original file.
 */
export type InkTool = 'pen' | 'highlighter';

export interface Stroke {
  id: string;
  tool: InkTool;
  /** CSS colour (`#rrggbb`). */
  color: string;
  /** Nominal width in page units (pressure makes the line thinner or thicker around it). */
  width: number;
  /** Flat list of `x, y, pressure` triples, pressure in 0..1. */
  points: number[];
}

export interface Annotations {
  version: 1;
  /** Strokes by page id. */
  pages: Record<string, Stroke[]>;
}

export const emptyAnnotations = (): Annotations => ({ version: 1, pages: {} });

export const MAX_STROKES_PER_PAGE = 5000;
export const MAX_POINTS_PER_STROKE = 6000;

const COLOR = /^#[0-9a-f]{6}$/i;

/** Whatever a host or a server sends, as valid annotations: anything malformed is dropped, never thrown. */
export function normalizeAnnotations(input: unknown): Annotations {
  const out = emptyAnnotations();
  const pages = (input as { pages?: unknown } | null)?.pages;
  if (!pages || typeof pages !== 'object') return out;
  for (const [pageId, strokes] of Object.entries(pages as Record<string, unknown>)) {
    if (!Array.isArray(strokes) || pageId.length > 200) continue;
    const clean: Stroke[] = [];
    for (const s of strokes.slice(0, MAX_STROKES_PER_PAGE)) {
      const stroke = normalizeStroke(s);
      if (stroke) clean.push(stroke);
    }
    if (clean.length) out.pages[pageId] = clean;
  }
  return out;
}

function normalizeStroke(s: unknown): Stroke | null {
  if (!s || typeof s !== 'object') return null;
  const { id, tool, color, width, points } = s as Record<string, unknown>;
  if (tool !== 'pen' && tool !== 'highlighter') return null;
  if (typeof color !== 'string' || !COLOR.test(color)) return null;
  if (typeof width !== 'number' || !(width > 0 && width <= 200)) return null;
  if (!Array.isArray(points) || points.length < 3 || points.length % 3 !== 0) return null;
  const pts = points.slice(0, MAX_POINTS_PER_STROKE * 3);
  if (!pts.every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  return {
    id: typeof id === 'string' && id.length <= 64 ? id : newId(),
    tool,
    color: color.toLowerCase(),
    width,
    points: pts.map((n, i) => (i % 3 === 2 ? Math.min(1, Math.max(0, n)) : Math.round(n * 100) / 100)),
  };
}

export function newId(): string {
  return `s${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

type Change =
  | { kind: 'add'; pageId: string; strokes: Stroke[] }
  | { kind: 'remove'; pageId: string; strokes: { stroke: Stroke; index: number }[] };

/** The annotations being edited, with undo and redo of whole gestures. */
export class AnnotationEditor {
  #data: Annotations = emptyAnnotations();
  #undo: Change[] = [];
  #redo: Change[] = [];

  get data(): Annotations {
    return this.#data;
  }

  /** Replaces everything (a new document, a host's value, the server's copy); the history starts afresh. */
  load(value: unknown): void {
    this.#data = normalizeAnnotations(value);
    this.#undo = [];
    this.#redo = [];
  }

  strokes(pageId: string): readonly Stroke[] {
    return this.#data.pages[pageId] ?? [];
  }

  get canUndo(): boolean {
    return this.#undo.length > 0;
  }
  get canRedo(): boolean {
    return this.#redo.length > 0;
  }

  add(pageId: string, stroke: Stroke): void {
    this.#apply({ kind: 'add', pageId, strokes: [stroke] });
    this.#undo.push({ kind: 'add', pageId, strokes: [stroke] });
    this.#redo = [];
  }

  /** Removes the strokes of the page that `hit` selects; one undo step. Returns how many were removed. */
  erase(pageId: string, hit: (stroke: Stroke) => boolean): number {
    const list = this.#data.pages[pageId] ?? [];
    const removed = list.map((stroke, index) => ({ stroke, index })).filter(({ stroke }) => hit(stroke));
    if (removed.length === 0) return 0;
    const change: Change = { kind: 'remove', pageId, strokes: removed };
    this.#apply(change);
    this.#undo.push(change);
    this.#redo = [];
    return removed.length;
  }

  clearPage(pageId: string): number {
    return this.erase(pageId, () => true);
  }

  undo(): string | undefined {
    const change = this.#undo.pop();
    if (!change) return undefined;
    this.#apply(invert(change));
    this.#redo.push(change);
    return change.pageId;
  }

  redo(): string | undefined {
    const change = this.#redo.pop();
    if (!change) return undefined;
    this.#apply(change);
    this.#undo.push(change);
    return change.pageId;
  }

  #apply(change: Change): void {
    const list = [...(this.#data.pages[change.pageId] ?? [])];
    if (change.kind === 'add') list.push(...change.strokes);
    else {
      const ids = new Set(change.strokes.map((s) => s.stroke.id));
      for (let i = list.length - 1; i >= 0; i--) if (ids.has(list[i].id)) list.splice(i, 1);
    }
    const pages = { ...this.#data.pages };
    if (list.length) pages[change.pageId] = list;
    else delete pages[change.pageId];
    this.#data = { version: 1, pages };
  }
}

/** The opposite change; re-adding puts strokes back at their former places. */
function invert(change: Change): Change {
  if (change.kind === 'add') {
    return {
      kind: 'remove',
      pageId: change.pageId,
      strokes: change.strokes.map((stroke) => ({ stroke, index: -1 })),
    };
  }
  return { kind: 'add', pageId: change.pageId, strokes: change.strokes.map((s) => s.stroke) };
}

/** Does the stroke pass within `radius` of (x, y)? (segments, not only points: fast strokes have sparse points) */
export function strokeNear(stroke: Stroke, x: number, y: number, radius: number): boolean {
  const p = stroke.points;
  const r = radius + stroke.width / 2;
  for (let i = 0; i < p.length; i += 3) {
    const ax = p[i];
    const ay = p[i + 1];
    const bx = i + 3 < p.length ? p[i + 3] : ax;
    const by = i + 3 < p.length ? p[i + 4] : ay;
    const dx = bx - ax;
    const dy = by - ay;
    const len = dx * dx + dy * dy;
    const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len));
    const cx = ax + t * dx - x;
    const cy = ay + t * dy - y;
    if (cx * cx + cy * cy <= r * r) return true;
  }
  return false;
}
