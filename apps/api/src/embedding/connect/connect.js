// The ENT's sign-in window for a school site of another site (docs/cross-site.md). It runs on the ENT's own
// origin, where the session cookie works: once the user is signed in here, it asks the API for an access token
// bound to the school site's origin and hands it to the window that opened it — and to that origin only.
const params = new URLSearchParams(location.search);
const requested = params.get('origin') ?? '';
const statusLine = document.getElementById('status');
const problemLine = document.getElementById('problem');
const signIn = document.getElementById('sign-in');
const retry = document.getElementById('retry');

function fail(text) {
  problemLine.hidden = false;
  problemLine.textContent = text;
  signIn.hidden = true;
}

/** The origin as given, if it is one (`https://site.fr`, no path). */
function originOf(value) {
  try {
    const url = new URL(value);
    return url.origin === value && /^https?:$/.test(url.protocol) ? value : null;
  } catch {
    return null;
  }
}

async function me() {
  const res = await fetch('/api/v1/me', {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  return res.ok ? res.json() : null;
}

async function handOver(origin, csrfToken) {
  statusLine.textContent = 'Ouverture de l’accès pour le site…';
  problemLine.hidden = true;
  retry.hidden = true;
  let res;
  try {
    res = await fetch('/api/v1/auth/access-tokens', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrfToken },
      body: JSON.stringify({ origin }),
    });
  } catch {
    // The network dropped: nothing was handed over; the same session can ask again.
    statusLine.textContent = '';
    problemLine.hidden = false;
    problemLine.textContent = 'Le serveur de l’ENT ne répond pas : vérifiez votre connexion, puis réessayez.';
    retry.hidden = false;
    retry.onclick = () => void handOver(origin, csrfToken);
    retry.focus();
    return;
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    statusLine.textContent = '';
    fail(body.detail || body.title || `Erreur ${res.status}.`);
    return;
  }
  // postMessage to `origin` exactly: if the opener now shows another site, the browser drops the message.
  window.opener.postMessage(
    { type: 'preau-access-token', accessToken: body.accessToken, expiresAt: body.expiresAt },
    origin,
  );
  statusLine.textContent = 'Connecté : vous pouvez revenir au site.';
  window.close();
}

async function start() {
  const origin = originOf(requested);
  const asking = document.getElementById('asking');
  if (!origin) {
    fail('Adresse du site demandeur absente ou invalide : recommencez depuis le site de l’établissement.');
    return;
  }
  asking.textContent = '';
  asking.append(
    'Le site ',
    Object.assign(document.createElement('strong'), { textContent: origin }),
    ' demande à afficher vos informations de l’ENT. Connectez-vous pour continuer.',
  );
  if (!window.opener) {
    fail(
      'Cette fenêtre a perdu le lien avec le site qui l’a ouverte : fermez-la et recommencez depuis le site.',
    );
    return;
  }
  const session = await me().catch(() => null);
  if (session?.csrfToken && !session.user?.mustChangePassword) {
    await handOver(origin, session.csrfToken);
    return;
  }
  signIn.hidden = false;
  signIn.addEventListener('preau-session-change', (event) => {
    const next = event.detail.session;
    if (next?.csrfToken && !next.user?.mustChangePassword) void handOver(origin, next.csrfToken);
  });
}

void start();
