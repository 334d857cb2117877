// Writes a gzip copy (`file.gz`) beside each compressible file of a built folder, so that the server sends the
// compressed bytes to browsers that accept them without compressing on every request (the dashboard's DuckDB
// engine is 34 MB of WebAssembly, 7 MB gzipped).
import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const COMPRESSIBLE = /\.(js|mjs|css|html|json|topojson|svg|wasm)$/;

async function files(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else if (COMPRESSIBLE.test(entry.name)) out.push(path);
  }
  return out;
}

/** Compresses in parallel (zlib runs on libuv's threads); keeps a copy only when it saves at least a tenth. */
export async function precompress(dir) {
  let before = 0;
  let after = 0;
  await Promise.all(
    (await files(dir)).map(async (path) => {
      const bytes = await readFile(path);
      const packed = await gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION });
      if (packed.length > bytes.length * 0.9) {
        await unlink(`${path}.gz`).catch(() => {});
        return;
      }
      await writeFile(`${path}.gz`, packed);
      before += bytes.length;
      after += packed.length;
    }),
  );
  return { before, after };
}
