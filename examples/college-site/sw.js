// The collège site's service worker: the page, its scripts and the ENT data a teacher's roll call needs open
// without network — a classroom whose Wi-Fi dropped. Network first; the copy kept on the device when there is
// none. Roll-call saves are not its business: <preau-attendance> keeps them on the device itself (IndexedDB) and
// sends them when the network returns.
//
// The copies of ENT data (who is signed in, the roll calls) are dropped at every sign-in and sign-out, and when
// the ENT says nobody is signed in: the next person on a shared computer sees nothing of the last one's.
const SHELL = 'college-site-v1';
const DATA = 'college-site-data-v1';
const SHELL_FILES = ['./', './site.css', './site.js', './logo.svg', '/cdn/preau.js'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== SHELL && key !== DATA) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

/** What a request is to this worker: the site's files, ENT data to keep, a change of person, or none of its business. */
function kindOf(request) {
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return null;
  if (request.method !== 'GET')
    return /^\/api\/v1\/auth\/(login|logout)$/.test(url.pathname) ? 'person' : null;
  if (request.mode === 'navigate' || /^\/(site\.css|site\.js|logo\.svg)?$/.test(url.pathname)) return 'shell';
  if (url.pathname.startsWith('/cdn/')) return 'shell';
  if (url.pathname === '/api/v1/me') return 'data';
  if (url.pathname.startsWith('/api/v1/attendance/') && !url.pathname.endsWith('/stream')) return 'data';
  return null;
}

async function networkFirst(request, cacheName) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    else if (response.status === 401 && cacheName === DATA) await caches.delete(DATA);
    return response;
  } catch (error) {
    const copy = await cache.match(request);
    if (copy) return copy;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const kind = kindOf(event.request);
  if (kind === 'person') event.waitUntil(caches.delete(DATA));
  else if (kind) event.respondWith(networkFirst(event.request, kind === 'shell' ? SHELL : DATA));
});
