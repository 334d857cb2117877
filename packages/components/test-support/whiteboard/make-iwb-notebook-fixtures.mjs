// Writes the IWB and SMART Notebook fixtures: `node packages/components/test-support/whiteboard/make-iwb-notebook-fixtures.mjs`.
// Not run in CI. Each archive follows the structure the authoring programs write (see README.md beside this file);
// the pictures are made here as PNG bytes so the archives are self-contained and small.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';

const here = dirname(fileURLToPath(import.meta.url));
// Fixed entry dates: the same bytes on every run.
const mtime = new Date('2025-09-01T08:00:00Z');

/** A solid-colour PNG of w×h (RGB), with a darker border, written by hand (zlib + CRC). */
function png(w, h, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const edge = x < 4 || y < 4 || x >= w - 4 || y >= h - 4;
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = edge ? r >> 1 : r;
      raw[o + 1] = edge ? g >> 1 : g;
      raw[o + 2] = edge ? b >> 1 : b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

function zip(files) {
  const entries = {};
  for (const [name, content] of Object.entries(files)) {
    entries[name] = [typeof content === 'string' ? strToU8(content) : content, { mtime }];
  }
  return zipSync(entries, { level: 9 });
}

// IMS IWB Common File Format 1.0: content.xml, root `iwb` in the IWB namespace, one `svg:svg` with a
// `svg:pageset` of `svg:page`s (SVG Tiny 1.2 pages, `viewbox` in lower case), text as `svg:textarea` with
// `svg:tspan` and `svg:tbreak`, resources in folders, `iwb:element` extensions after the SVG section.
const iwb = `<?xml version="1.0" encoding="UTF-8"?>
<iwb xmlns="http://www.imsglobal.org/xsd/iwb_v1p0" xmlns:iwb="http://www.imsglobal.org/xsd/iwb_v1p0"
     xmlns:svg="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.0">
  <iwb:meta name="title" content="Le cycle de l'eau"/>
  <iwb:meta name="creator" content="Préau"/>
  <svg:svg viewbox="0 0 1024 768" width="1024" height="768">
    <svg:pageset>
      <svg:page id="p1">
        <svg:rect id="bg1" x="0" y="0" width="1024" height="768" fill="#ffffff"/>
        <svg:textarea id="t1" x="80" y="60" width="700" height="80" font-size="36" fill="#1f4e96">Le cycle de l'eau<svg:tbreak/><svg:tspan font-size="24" fill="#333333">Évaporation, condensation, précipitations</svg:tspan></svg:textarea>
        <svg:image id="i1" x="620" y="300" width="300" height="200" xlink:href="images/soleil.png"/>
        <svg:polyline id="s1" points="100,600 200,520 300,560 400,480 500,540" fill="none" stroke="#0066cc" stroke-width="6"/>
        <svg:line id="l1" x1="100" y1="700" x2="900" y2="700" stroke="#333333" stroke-width="3"/>
      </svg:page>
      <svg:page id="p2">
        <svg:rect id="bg2" x="0" y="0" width="1024" height="768" fill="#fffbe6"/>
        <svg:text id="t2" x="80" y="100" font-size="32" fill="#000000">Les nuages</svg:text>
        <svg:polygon id="g1" points="200,300 400,250 600,300 500,400 300,400" fill="#9ecae1" stroke="#3182bd" stroke-width="4"/>
        <svg:rect id="r1" x="650" y="450" width="200" height="120" fill="none" stroke="#c0392b" stroke-width="5"/>
      </svg:page>
    </svg:pageset>
  </svg:svg>
  <iwb:element ref="bg1" background="true" locked="true"/>
  <iwb:element ref="i1" locked="false"/>
</iwb>
`;
writeFileSync(
  join(here, 'cycle-eau.iwb'),
  zip({ 'content.xml': iwb, 'images/soleil.png': png(120, 80, [245, 197, 24]) }),
);

// SMART Notebook: imsmanifest.xml gives the order (the lesson's `organization/item`s point at `resource`s whose
// `file/@href`s are the page SVGs), page SVGs without the root `xmlns`, pictures referenced relatively, one
// of them with a `#` in its name, and preview.png / thumbnails beside them.
const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="SMART-Lesson" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">
  <metadata><schema>SMART Notebook</schema><schemaversion>11.0</schemaversion></metadata>
  <organizations default="lesson">
    <organization identifier="lesson">
      <item identifier="section1" identifierref="group1"><title>Découverte</title></item>
      <item identifier="section2" identifierref="group2"><title>Exercices</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="group1" href="page2.svg" type="webcontent"><file href="page2.svg"/><file href="page0.svg"/></resource>
    <resource identifier="group2" href="page1.svg" type="webcontent"><file href="page1.svg"/></resource>
    <resource identifier="pages" href="page0.svg" type="webcontent"><file href="page0.svg"/><file href="page1.svg"/><file href="page2.svg"/></resource>
  </resources>
</manifest>
`;
const smartPage = (body) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<svg width="1000" height="750" viewBox="0 0 1000 750" xmlns:xlink="http://www.w3.org/1999/xlink">
${body}
</svg>
`;
writeFileSync(
  join(here, 'volcans.notebook'),
  zip({
    'imsmanifest.xml': manifest,
    'page2.svg': smartPage(
      `<rect x="0" y="0" width="1000" height="750" fill="#ffffff"/>
<text x="60" y="90" font-family="Arial" font-size="44" fill="#1a1a1a">Les volcans</text>
<image x="500" y="200" width="360" height="240" xlink:href="images/volcan%20n#1.png"/>`,
    ),
    'page0.svg': smartPage(
      `<rect x="0" y="0" width="1000" height="750" fill="#f4f9ff"/>
<text x="60" y="90" font-family="Arial" font-size="40" fill="#1a1a1a">Le magma</text>
<path d="M100 600 Q 300 300 500 600 T 900 600" fill="none" stroke="#d35400" stroke-width="8"/>`,
    ),
    'page1.svg': smartPage(
      `<rect x="0" y="0" width="1000" height="750" fill="#ffffff"/>
<text x="60" y="90" font-family="Arial" font-size="40" fill="#1a1a1a">Exercice : légende le schéma</text>
<image x="100" y="200" width="240" height="160" xlink:href="images/lave.png"/>
<circle cx="700" cy="400" r="120" fill="#e74c3c" fill-opacity="0.6"/>`,
    ),
    'images/volcan n#1.png': png(180, 120, [192, 57, 43]),
    'images/lave.png': png(120, 80, [230, 126, 34]),
    'preview.png': png(200, 150, [200, 200, 200]),
  }),
);

// A notebook saved without vector pages: only its preview picture can be shown.
writeFileSync(
  join(here, 'apercu-seul.notebook'),
  zip({
    'imsmanifest.xml': `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="SMART-Lesson" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources/></manifest>
`,
    'preview.png': png(400, 300, [39, 174, 96]),
  }),
);
console.log('wrote cycle-eau.iwb, volcans.notebook, apercu-seul.notebook');
