// Subresource Integrity for the versioned CDN files (`/cdn/<version>/…`): the build publishes each file's hash in
// `integrity.json` beside them, and the README's one-script-tag example carries the hash of `preau.js`.
//   node scripts/cdn-integrity.mjs           checks that the README's hash is the built file's
//   node scripts/cdn-integrity.mjs --write   writes the built file's hash into the README
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CDN_DIR = join(ROOT, 'packages/components/dist/cdn');
export const README = join(ROOT, 'README.md');

/** The version the CDN files are published under: the elements package's. */
export const cdnVersion = () =>
  JSON.parse(readFileSync(join(ROOT, 'packages/components/package.json'), 'utf8')).version;

/** The `integrity` attribute value of some bytes (SHA-384, as browsers check it). */
export const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** Each file of a folder (gzip copies left out: browsers check the decoded bytes) with its hash. */
export function integrityOf(dir) {
  const out = {};
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (!entry.name.endsWith('.gz'))
        out[relative(dir, path).split('\\').join('/')] = sri(readFileSync(path));
    }
  };
  walk(dir);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The README's script tag for the versioned bundle: its address and the integrity it states. */
export function readmeTag(text = readFileSync(README, 'utf8')) {
  const m = /src="[^"]*\/cdn\/([^/"]+)\/preau\.js"\s+integrity="([^"]+)"/.exec(text);
  return m ? { version: m[1], integrity: m[2] } : null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const version = cdnVersion();
  const built = JSON.parse(readFileSync(join(CDN_DIR, version, 'integrity.json'), 'utf8'))['preau.js'];
  const text = readFileSync(README, 'utf8');
  const tag = readmeTag(text);
  if (!tag) throw new Error('README.md: no <script src=".../cdn/<version>/preau.js" integrity="…"> example.');
  if (process.argv.includes('--write')) {
    const next = text.replace(
      /(src="[^"]*\/cdn\/)[^/"]+(\/preau\.js"\s+integrity=")[^"]+"/,
      `$1${version}$2${built}"`,
    );
    writeFileSync(README, next);
    console.log(`README.md: /cdn/${version}/preau.js ${built}`);
  } else if (tag.version !== version || tag.integrity !== built) {
    console.error(`README.md states /cdn/${tag.version}/preau.js ${tag.integrity};`);
    console.error(
      `the build has /cdn/${version}/preau.js ${built}. Run: node scripts/cdn-integrity.mjs --write`,
    );
    process.exit(1);
  } else console.log(`README.md matches /cdn/${version}/preau.js`);
}
