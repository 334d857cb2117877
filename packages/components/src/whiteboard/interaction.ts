import { type InkTool, newId, type Stroke, strokeNear } from './annotations.js';
import { clampScale, scrollForZoom, swipeDirection } from './viewport.js';

export type Tool = 'view' | InkTool | 'eraser';

/** What the pointer handling needs from the element. */
export interface InteractionHost {
  readonly tool: Tool;
  readonly color: string;
  /** Nominal ink width in page units. */
  readonly inkWidth: number;
  readonly readonly: boolean;
  readonly scale: number;
  readonly spotlightOn: boolean;
  stage(): HTMLElement | null;
  /** The annotation layer: its coordinates are the page's. */
  inkLayer(): SVGSVGElement | null;
  /** The stroke being drawn changed (null when finished or discarded). */
  drawing(stroke: Stroke | null): void;
  commitStroke(stroke: Stroke): void;
  eraseAt(x: number, y: number, radius: number): void;
  zoomTo(scale: number, anchor: { x: number; y: number }): void;
  turnPage(delta: -1 | 1): void;
  moveSpotlight(fx: number, fy: number): void;
}

interface Tracked {
  startX: number;
  startY: number;
  x: number;
  y: number;
  type: string;
}

/**
 * Pointer events on the stage: one pointer draws, erases, pans or swipes (by tool); two pointers pinch to zoom
 * and pan. Pens report pressure; a second finger landing cancels the stroke the first one started.
 */
export class StageInteraction {
  readonly #pointers = new Map<number, Tracked>();
  #stroke: Stroke | null = null;
  #pinch: { distance: number; scale: number; midX: number; midY: number } | null = null;

  constructor(private readonly host: InteractionHost) {}

  /** Page coordinates of a pointer event (through the ink layer's transform). */
  pagePoint(event: PointerEvent): { x: number; y: number } | null {
    const layer = this.host.inkLayer();
    const matrix = layer?.getScreenCTM();
    if (!layer || !matrix) return null;
    const p = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return { x: p.x, y: p.y };
  }

  down = (event: PointerEvent): void => {
    if (event.button !== 0 && event.pointerType === 'mouse') return;
    const stage = this.host.stage();
    if (!stage) return;
    try {
      stage.setPointerCapture(event.pointerId);
    } catch {
      // A pointer the browser no longer tracks (or a synthetic event): drawing still works without capture.
    }
    this.#pointers.set(event.pointerId, {
      startX: event.clientX,
      startY: event.clientY,
      x: event.clientX,
      y: event.clientY,
      type: event.pointerType,
    });
    if (this.#pointers.size === 2) {
      // Two fingers: zoom and pan; whatever the first finger began is dropped.
      this.#discardStroke();
      const [a, b] = [...this.#pointers.values()];
      const rect = stage.getBoundingClientRect();
      this.#pinch = {
        distance: Math.hypot(a.x - b.x, a.y - b.y) || 1,
        scale: this.host.scale,
        midX: (a.x + b.x) / 2 - rect.left,
        midY: (a.y + b.y) / 2 - rect.top,
      };
      return;
    }
    if (this.#pointers.size > 2) return;
    const tool = this.#effectiveTool();
    const point = this.pagePoint(event);
    if (!point) return;
    if (tool === 'pen' || tool === 'highlighter') {
      event.preventDefault();
      this.#stroke = {
        id: newId(),
        tool,
        color: this.host.color,
        width: tool === 'highlighter' ? this.host.inkWidth * 3 : this.host.inkWidth,
        points: [point.x, point.y, pressureOf(event)],
      };
      this.host.drawing(this.#stroke);
    } else if (tool === 'eraser') {
      this.host.eraseAt(point.x, point.y, this.#eraserRadius());
    } else if (this.host.spotlightOn) {
      this.#spotlight(event);
    }
  };

  move = (event: PointerEvent): void => {
    const tracked = this.#pointers.get(event.pointerId);
    if (!tracked) {
      if (this.host.spotlightOn && this.#effectiveTool() === 'view' && event.pointerType === 'mouse')
        this.#spotlight(event);
      return;
    }
    const dx = event.clientX - tracked.x;
    const dy = event.clientY - tracked.y;
    tracked.x = event.clientX;
    tracked.y = event.clientY;
    const stage = this.host.stage();
    if (!stage) return;
    if (this.#pinch && this.#pointers.size >= 2) {
      const [a, b] = [...this.#pointers.values()];
      const rect = stage.getBoundingClientRect();
      const midX = (a.x + b.x) / 2 - rect.left;
      const midY = (a.y + b.y) / 2 - rect.top;
      const scale = clampScale((this.#pinch.scale * Math.hypot(a.x - b.x, a.y - b.y)) / this.#pinch.distance);
      stage.scrollLeft -= midX - this.#pinch.midX;
      stage.scrollTop -= midY - this.#pinch.midY;
      this.#pinch.midX = midX;
      this.#pinch.midY = midY;
      this.host.zoomTo(scale, { x: midX, y: midY });
      return;
    }
    const tool = this.#effectiveTool();
    if (this.#stroke) {
      const events = event.getCoalescedEvents?.() ?? [event];
      for (const e of events.length ? events : [event]) {
        const p = this.pagePoint(e);
        if (p) this.#stroke.points.push(p.x, p.y, pressureOf(e));
      }
      this.host.drawing(this.#stroke);
    } else if (tool === 'eraser') {
      const p = this.pagePoint(event);
      if (p) this.host.eraseAt(p.x, p.y, this.#eraserRadius());
    } else if (this.host.spotlightOn) {
      this.#spotlight(event);
    } else {
      // The view tool drags the page around when it is larger than the stage.
      stage.scrollLeft -= dx;
      stage.scrollTop -= dy;
    }
  };

  up = (event: PointerEvent): void => {
    const tracked = this.#pointers.get(event.pointerId);
    this.#pointers.delete(event.pointerId);
    if (this.#pointers.size < 2) this.#pinch = null;
    if (!tracked) return;
    if (this.#stroke) {
      const stroke = this.#stroke;
      this.#stroke = null;
      this.host.drawing(null);
      if (event.type !== 'pointercancel') this.host.commitStroke(stroke);
      return;
    }
    const stage = this.host.stage();
    if (this.#effectiveTool() === 'view' && !this.host.spotlightOn && stage && this.#pointers.size === 0) {
      const fits = stage.scrollWidth <= stage.clientWidth + 1;
      const dir = swipeDirection(
        event.clientX - tracked.startX,
        event.clientY - tracked.startY,
        stage.clientWidth,
      );
      if (fits && dir !== 0 && tracked.type !== 'mouse') this.host.turnPage(dir);
    }
  };

  wheel = (event: WheelEvent): void => {
    // Ctrl + wheel (and a trackpad's pinch, which browsers report so) zooms around the pointer.
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const stage = this.host.stage();
    if (!stage) return;
    const rect = stage.getBoundingClientRect();
    const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.002));
    this.host.zoomTo(clampScale(this.host.scale * factor), {
      x: event.clientX - rect.left,
      y: event.clientY - rect.top,
    });
  };

  #effectiveTool(): Tool {
    return this.host.readonly ? 'view' : this.host.tool;
  }

  #eraserRadius(): number {
    // About 12 CSS pixels under the finger, whatever the zoom.
    return 12 / Math.max(0.05, this.host.scale);
  }

  #discardStroke(): void {
    if (!this.#stroke) return;
    this.#stroke = null;
    this.host.drawing(null);
  }

  #spotlight(event: PointerEvent): void {
    const layer = this.host.inkLayer();
    if (!layer) return;
    const rect = layer.getBoundingClientRect();
    this.host.moveSpotlight(
      (event.clientX - rect.left) / rect.width,
      (event.clientY - rect.top) / rect.height,
    );
  }
}

/** Pens report pressure; mice report 0.5 while pressed; some touch screens report 0. */
function pressureOf(event: PointerEvent): number {
  const p = event.pressure;
  if (event.pointerType === 'pen') return p > 0 ? p : 0.5;
  return p > 0 ? p : 0.5;
}

export { scrollForZoom, strokeNear };
