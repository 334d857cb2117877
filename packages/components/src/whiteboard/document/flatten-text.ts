import { SVG_NS } from './formats.js';

/**
 * Text boxes (`foreignObject`) as plain SVG `text`, wrapped to their box's width: a page holding a
 * `foreignObject` taints any canvas it is drawn on, so exports and comparisons draw this form instead.
 */
const LINE_HEIGHT = 1.15;
const DEFAULT_FAMILY = 'Arial,Helvetica,sans-serif';

let measurer: CanvasRenderingContext2D | null = null;
function measure(font: string, text: string): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * 8;
  measurer.font = font;
  return measurer.measureText(text).width;
}

interface Run {
  text: string;
  style: CSSStyleDeclaration;
}

export function flattenTextBoxes(svg: SVGSVGElement): void {
  for (const fo of [...svg.querySelectorAll('foreignObject')]) {
    const x = Number.parseFloat(fo.getAttribute('x') ?? '0') || 0;
    const y = Number.parseFloat(fo.getAttribute('y') ?? '0') || 0;
    const width = Number.parseFloat(fo.getAttribute('width') ?? '0') || 0;
    const g = document.createElementNS(SVG_NS, 'g');
    const transform = fo.getAttribute('transform');
    if (transform) g.setAttribute('transform', transform);
    let baseline = y;
    for (const p of fo.querySelectorAll('p')) {
      const runs: Run[] = [...p.querySelectorAll('span')].map((s) => ({
        text: s.textContent ?? '',
        style: s.style,
      }));
      const lines = wrap(runs, width);
      for (const line of lines) {
        const size = Math.max(...line.map((w) => fontSize(w.style)), 12);
        baseline += size * LINE_HEIGHT * 0.8;
        const text = document.createElementNS(SVG_NS, 'text');
        text.setAttribute('x', String(x));
        text.setAttribute('y', String(baseline));
        text.setAttribute('xml:space', 'preserve');
        for (const word of line) {
          const tspan = document.createElementNS(SVG_NS, 'tspan');
          tspan.setAttribute('font-size', String(fontSize(word.style)));
          tspan.setAttribute('font-family', word.style.fontFamily || DEFAULT_FAMILY);
          tspan.setAttribute('fill', word.style.color || '#000');
          if (word.style.fontWeight) tspan.setAttribute('font-weight', word.style.fontWeight);
          if (word.style.fontStyle) tspan.setAttribute('font-style', word.style.fontStyle);
          tspan.textContent = word.text;
          text.append(tspan);
        }
        g.append(text);
        baseline += size * LINE_HEIGHT * 0.2;
      }
      if (lines.length === 0) baseline += 16 * LINE_HEIGHT;
    }
    fo.replaceWith(g);
  }
}

const fontSize = (s: CSSStyleDeclaration) => Number.parseFloat(s.fontSize) || 16;
const fontOf = (s: CSSStyleDeclaration) =>
  `${s.fontStyle || 'normal'} ${s.fontWeight || '400'} ${fontSize(s)}px ${s.fontFamily || DEFAULT_FAMILY}`;

/** Greedy word wrap across runs of different styles. */
function wrap(runs: Run[], width: number): Run[][] {
  const lines: Run[][] = [];
  let line: Run[] = [];
  let used = 0;
  for (const run of runs) {
    for (const piece of run.text.split(/(\s+)/)) {
      if (piece === '') continue;
      const w = measure(fontOf(run.style), piece);
      const space = /^\s+$/.test(piece);
      if (!space && used + w > width && line.length > 0) {
        lines.push(trimEnd(line));
        line = [];
        used = 0;
      }
      if (space && line.length === 0) continue;
      line.push({ text: piece, style: run.style });
      used += w;
    }
  }
  if (line.length) lines.push(trimEnd(line));
  return lines;
}

function trimEnd(line: Run[]): Run[] {
  while (line.length && /^\s+$/.test(line[line.length - 1].text)) line.pop();
  return line;
}
