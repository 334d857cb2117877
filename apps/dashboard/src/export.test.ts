import { expect } from '@open-wc/testing';
import { type Column, slug, svgDocument, toCsv } from './export.js';

describe('exports', () => {
  const columns: Column[] = [
    { key: 'name', label: 'Établissement' },
    { key: 'students', label: 'Élèves' },
    { key: 'ratio', label: 'Élèves par ordinateur' },
  ];

  it('writes CSV for French spreadsheets: BOM, semicolons, decimal comma, CRLF', () => {
    const csv = toCsv(columns, [
      { name: 'Collège Terres Rouges', students: 512, ratio: 4.25 },
      { name: 'Collège "Robert Schuman"; Reims', students: 600, ratio: null },
    ]);
    expect(csv.charCodeAt(0)).to.equal(0xfeff);
    expect(csv.slice(1).split('\r\n')).to.deep.equal([
      'Établissement;Élèves;Élèves par ordinateur',
      'Collège Terres Rouges;512;4,25',
      '"Collège ""Robert Schuman""; Reims";600;',
      '',
    ]);
  });

  it('writes labels as shown on screen but numbers raw', () => {
    const csv = toCsv(
      [
        {
          key: 'state',
          label: 'État',
          format: (v) => (v === 'experimentation' ? 'Expérimentation' : String(v)),
        },
        { key: 'n', label: 'N', format: (v) => `${v} territoires` },
      ],
      [{ state: 'experimentation', n: 18.5 }],
    );
    expect(csv.slice(1).split('\r\n')[1]).to.equal('Expérimentation;18,5');
  });

  it('neutralises spreadsheet formulas in text cells but keeps negative numbers', () => {
    const csv = toCsv(
      [
        { key: 'a', label: 'a' },
        { key: 'b', label: 'b' },
      ],
      [{ a: '=HYPERLINK("http://x")', b: -1.5 }],
    );
    expect(csv.slice(1).split('\r\n')[1]).to.equal(`"'=HYPERLINK(""http://x"")";-1,5`);
  });

  it('serialises a chart as a standalone SVG document with its title', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 400 200');
    svg.innerHTML = '<rect width="10" height="10" fill="#0072B2"></rect>';
    const doc = svgDocument(svg, 'Visites & visiteurs');
    expect(doc).to.match(/^<\?xml/);
    expect(doc).to.contain('xmlns="http://www.w3.org/2000/svg"');
    expect(doc).to.contain('width="400"');
    expect(doc).to.contain('<title>Visites &amp; visiteurs</title>');
    expect(new DOMParser().parseFromString(doc, 'image/svg+xml').querySelector('parsererror')).to.equal(null);
  });

  it('makes file names from French titles', () => {
    expect(slug('Services les plus utilisés — 2025')).to.equal('services-les-plus-utilises-2025');
  });
});

describe('PNG export', () => {
  it('renders a chart to a PNG at twice its size', async () => {
    const { svgToPng } = await import('./export.js');
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 300 150');
    svg.innerHTML = '<rect width="300" height="150" fill="#0072B2"></rect>';
    const blob = await svgToPng(svg, 'Essai');
    expect(blob.type).to.equal('image/png');
    const bitmap = await createImageBitmap(blob);
    expect([bitmap.width, bitmap.height]).to.deep.equal([600, 300]);
    // The drawing is there: the centre pixel is the rectangle's blue, not the white background.
    const canvas = new OffscreenCanvas(600, 300);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    expect([...ctx.getImageData(300, 150, 1, 1).data]).to.deep.equal([0, 114, 178, 255]);
  });
});
