// The demo site's whiteboard page (external script: the site runs under a strict Content-Security-Policy).
// A teacher picks a class and lands on its current séance (?seance=…): attaches a document, shows it on the board,
// annotates it and saves the class trace. Everyone who may see the séance reads its documents and traces there.
import { apiClient } from '/cdn/preau.js';

const api = apiClient('/api/v1');
const params = new URLSearchParams(location.search);
const seanceId = params.get('seance');
const RECORDERS = ['teacher', 'vie_scolaire', 'direction'];

function say(text) {
  document.getElementById('message').textContent = text;
}

function viewer(attrs) {
  const el = document.createElement('preau-whiteboard');
  for (const [name, value] of Object.entries(attrs)) {
    if (value === true) el.setAttribute(name, '');
    else if (value) el.setAttribute(name, value);
  }
  return el;
}

function showClasses(session) {
  const section = document.getElementById('mes-classes');
  const list = section.querySelector('[data-list]');
  list.replaceChildren();
  section.hidden = seanceId !== null || session?.user.profile !== 'teacher';
  if (section.hidden) return;
  for (const k of session.classes ?? []) {
    for (const subject of k.subjects) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${k.name}${k.isHeadTeacher ? ' (professeur principal)' : ''} — ${subject.name} : séance en cours`;
      button.addEventListener('click', async () => {
        try {
          const call = await api.get(
            `/attendance/classes/${k.id}/roll-call?subjectId=${encodeURIComponent(subject.id)}`,
          );
          location.search = `?seance=${encodeURIComponent(call.seance.id)}`;
        } catch (error) {
          button.after(` ${error.detail ?? error.message}`);
        }
      });
      const item = document.createElement('li');
      item.append(button);
      list.append(item);
    }
  }
}

async function showSeance(session) {
  const section = document.getElementById('seance');
  section.hidden = !session || seanceId === null;
  if (section.hidden) return;
  const recorder = RECORDERS.includes(session.user.profile);
  document.getElementById('joindre').hidden = !recorder;
  const listing = await api.get(`/whiteboard/seances/${encodeURIComponent(seanceId)}/documents`);
  const documents = section.querySelector('[data-documents]');
  documents.replaceChildren(
    ...listing.documents.map((d) => {
      const article = document.createElement('article');
      const title = document.createElement('h3');
      title.textContent = d.name;
      article.append(
        title,
        viewer({
          src: `/api/v1/files/${d.fileId}`,
          'annotations-src': `/api/v1/whiteboard/documents/${d.fileId}/annotations`,
          'trace-src': recorder ? `/api/v1/whiteboard/seances/${seanceId}/documents/${d.fileId}/traces` : '',
        }),
      );
      return article;
    }),
  );
  const traces = section.querySelector('[data-traces]');
  traces.replaceChildren(
    ...listing.traces.map((t) => {
      const article = document.createElement('article');
      article.className = 'trace';
      const title = document.createElement('h3');
      title.textContent = `${t.title} (${t.author})`;
      article.append(
        title,
        viewer({
          readonly: true,
          src: `/api/v1/files/${t.fileId}`,
          'annotations-src': `/api/v1/whiteboard/traces/${t.id}`,
        }),
      );
      return article;
    }),
  );
  if (listing.traces.length === 0) traces.textContent = 'Aucune trace enregistrée pour cette séance.';
}

document.getElementById('joindre').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = document.getElementById('fichier').files[0];
  if (!file) return;
  const body = new FormData();
  body.set('file', file);
  try {
    const stored = await api.post(`/whiteboard/seances/${encodeURIComponent(seanceId)}/documents`, body);
    say(`Document joint : ${stored.name}.`);
    await showSeance(currentSession);
  } catch (error) {
    say(error.detail ?? error.title ?? error.message);
  }
});

let currentSession = null;
function show(session) {
  currentSession = session;
  showClasses(session);
  showSeance(session).catch((error) => say(error.detail ?? error.message));
}

document.addEventListener('preau-session-change', (event) => show(event.detail.session));
const signIn = document.querySelector('preau-sign-in');
if (signIn?.session) show(signIn.session);
