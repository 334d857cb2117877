/**
 * How alike two renderings of a page are, for checking the viewer against the authoring program's own output.
 *
 * Metric: both images are cut into square cells (8 px at 1280×960); a cell is "inked" when its mean colour is
 * farther than `threshold` from white. The score is the F1 of the two sets of inked cells, where a cell counts
 * as matched when the other image has ink in the same cell or a neighbouring one (fonts and anti-aliasing
 * differ by a pixel or two). 1 is identical ink, 0 nothing in common.
 */
export interface InkCells {
  columns: number;
  rows: number;
  inked: Uint8Array;
}

export function inkCells(data: ImageData, cell = 8, threshold = 24): InkCells {
  const columns = Math.floor(data.width / cell);
  const rows = Math.floor(data.height / cell);
  const inked = new Uint8Array(columns * rows);
  const px = data.data;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      let sum = 0;
      for (let y = r * cell; y < (r + 1) * cell; y++) {
        for (let x = c * cell; x < (c + 1) * cell; x++) {
          const i = (y * data.width + x) * 4;
          const a = px[i + 3] / 255;
          // Transparent counts as white (the page's colour).
          sum +=
            (255 -
              (px[i] * a + 255 * (1 - a)) +
              (255 - (px[i + 1] * a + 255 * (1 - a))) +
              (255 - (px[i + 2] * a + 255 * (1 - a)))) /
            3;
        }
      }
      inked[r * columns + c] = sum / (cell * cell) > threshold ? 1 : 0;
    }
  }
  return { columns, rows, inked };
}

function near(cells: InkCells, r: number, c: number): boolean {
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      const rr = r + dr;
      const cc = c + dc;
      if (
        rr >= 0 &&
        cc >= 0 &&
        rr < cells.rows &&
        cc < cells.columns &&
        cells.inked[rr * cells.columns + cc]
      ) {
        return true;
      }
    }
  }
  return false;
}

/** F1 of inked cells with a one-cell tolerance; both grids must have the same size. */
export function inkF1(a: InkCells, b: InkCells): { f1: number; precision: number; recall: number } {
  let aCount = 0;
  let aMatched = 0;
  let bCount = 0;
  let bMatched = 0;
  for (let r = 0; r < a.rows; r++) {
    for (let c = 0; c < a.columns; c++) {
      if (a.inked[r * a.columns + c]) {
        aCount++;
        if (near(b, r, c)) aMatched++;
      }
      if (b.inked[r * b.columns + c]) {
        bCount++;
        if (near(a, r, c)) bMatched++;
      }
    }
  }
  if (aCount === 0 && bCount === 0) return { f1: 1, precision: 1, recall: 1 };
  const precision = aCount ? aMatched / aCount : 0;
  const recall = bCount ? bMatched / bCount : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall };
}
