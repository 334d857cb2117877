// Renders PDF documents off the HTTP thread: pdfmake lays a year of a cahier de textes out in seconds of CPU.
// Receives { id, doc, header } (a pdfmake document without functions, and the running header's text); answers
// { id, bytes } or { id, error }. Plain JavaScript so that it starts without a TypeScript loader.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const pdfmake = require('pdfmake');
const dir = join(dirname(require.resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const fonts = {
  Roboto: {
    normal: join(dir, 'Roboto-Regular.ttf'),
    bold: join(dir, 'Roboto-Medium.ttf'),
    italics: join(dir, 'Roboto-Italic.ttf'),
    bolditalics: join(dir, 'Roboto-MediumItalic.ttf'),
  },
};
const allowed = new Set(Object.values(fonts.Roboto));
pdfmake.setFonts(fonts);
// Its fonts only: no network, no other file (documents carry no images or remote resources).
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => allowed.has(path));

parentPort.on('message', async ({ id, doc, header }) => {
  try {
    doc.header = (page) =>
      page > 1 && header
        ? { text: header, fontSize: 8, color: '#666666', margin: [40, 20, 40, 0] }
        : { text: '' };
    doc.footer = (page, pages) => ({
      text: `Page ${page} / ${pages}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, 15, 0, 0],
    });
    const buffer = await pdfmake.createPdf(doc).getBuffer();
    const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice();
    parentPort.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
