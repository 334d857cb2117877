import { crc32, deflateSync } from 'node:zlib';

/** Small, real files for upload tests (types are sniffed from content, so these must be genuine). */
function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A 1×1 green PNG. */
export function samplePng(): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 0, 255, 0]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export function samplePdf(text = 'Certificat médical'): Uint8Array {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
    'latin1',
  );
}

/** The start of a Windows executable (MZ header pointing at a PE signature). */
export function sampleExe(): Uint8Array {
  const exe = Buffer.alloc(512);
  exe.write('MZ', 0, 'ascii');
  exe.writeUInt32LE(128, 60);
  exe.write('PE\0\0', 128, 'binary');
  return exe;
}

export function uploadForm(kind: string, bytes: Uint8Array, name: string): FormData {
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
  return form;
}
