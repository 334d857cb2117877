/// <reference path="../types/preau-react.d.ts" />
// A React 19 page: two elements in property mode, one in connected mode. React 19 sets objects as properties on
// custom elements and listens to `on<event-name>` as that exact event; the typings come from the manifest.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type DemoData, elementsReady, rollCallSrc } from '../shared.js';

function App({ data }: { data: DemoData }) {
  const [journal, setJournal] = useState<string[]>([]);
  const log = (line: string) => setJournal((lines) => [...lines, line]);
  const src = rollCallSrc();
  return (
    <main>
      <h1>Espace familles (React)</h1>
      <h2 id="bulletin-titre">Bulletin</h2>
      <preau-gradebook
        id="bulletin"
        aria-labelledby="bulletin-titre"
        data={data.bulletin}
        onpreau-period-change={(e) => log(`Période demandée : ${e.detail.periodId}`)}
      />
      <h2 id="absences-titre">Absences</h2>
      <preau-attendance id="absences" aria-labelledby="absences-titre" view="parent" data={data.absences} />
      {src && (
        <>
          <h2 id="appel-titre">Appel</h2>
          <preau-attendance
            id="appel"
            aria-labelledby="appel-titre"
            view="roll-call"
            src={src}
            onpreau-attendance-save={() => log('Appel envoyé à l’ENT')}
          />
        </>
      )}
      <h2>Journal de la page</h2>
      <ol id="journal" aria-live="polite">
        {journal.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines are only appended
          <li key={i}>{line}</li>
        ))}
      </ol>
    </main>
  );
}

const data = await elementsReady();
createRoot(document.getElementById('app') as HTMLElement).render(
  <StrictMode>
    <App data={data} />
  </StrictMode>,
);
