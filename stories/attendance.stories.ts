import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '../packages/components/src/attendance/attendance.js';
import donnees from '../examples/cms-page/donnees.json';
import {
  demoParentView,
  demoRollCall,
  demoSeances,
  demoWeek,
} from '../packages/components/src/attendance/attendance.demo.js';
import { elementDocs } from './support/element-docs.js';

const meta: Meta = {
  title: 'Éléments/Absences',
  component: 'preau-attendance',
  parameters: {
    docs: {
      description: {
        component: elementDocs(
          'preau-attendance',
          'Les absences : l’appel de l’enseignant (un geste ou une touche par élève, « tous présents », minutes de ' +
            'retard), la semaine de la vie scolaire (1 000 élèves, lignes virtualisées) avec la file des ' +
            'justifications, et la vue des familles avec le formulaire de justification.',
          donnees.absences,
        ),
      },
    },
  },
};
export default meta;

type Story = StoryObj;

/** A 4e B mathematics roll call of 28 students, in progress: two absences and a lateness already noted. */
export const Appel: Story = {
  name: 'Appel (classe de 28 élèves)',
  render: () => html`<preau-attendance view="roll-call" .data=${demoRollCall()}></preau-attendance>`,
};

/** The interactive whiteboard: large text and finger-sized buttons, readable from the back of the room. */
export const TableauInteractif: Story = {
  name: 'Tableau interactif (density="board")',
  render: () =>
    html`<preau-attendance view="roll-call" density="board" .data=${demoRollCall({ students: 16 })}></preau-attendance>`,
};

/** The day's séances in the picker; the French lesson at 10:00 has not started at 08:30: it cannot be recorded yet. */
export const ChoixDeLaSeance: Story = {
  name: 'Choix de la séance (une séance à venir)',
  render: () => {
    const rc = demoRollCall();
    rc.seance = {
      ...rc.seance,
      id: 'seance-4b-francais-lundi',
      subject: 'Français',
      startsAt: '2026-01-12T09:00:00.000Z',
      endsAt: '2026-01-12T10:00:00.000Z',
    };
    return html`<preau-attendance view="roll-call" .clock=${() => new Date('2026-01-12T07:30:00Z')}
      .seances=${demoSeances()} .data=${{ ...rc, entries: [] }}></preau-attendance>`;
  },
};

export const AppelClos: Story = {
  name: 'Appel clos',
  render: () =>
    html`<preau-attendance view="roll-call" .data=${demoRollCall({ closed: true })}></preau-attendance>`,
};

/** The whole établissement: 1,000 students × 5 days × 8 slots, only the visible rows are in the page. */
export const SemaineEtablissement: Story = {
  name: 'Semaine de la vie scolaire (1 000 élèves)',
  render: () => html`<preau-attendance view="week" .data=${demoWeek(1000)}></preau-attendance>`,
};

export const SemaineClasse: Story = {
  name: 'Semaine d’une classe',
  render: () => {
    const w = demoWeek(300);
    const keep = new Set(w.students.flatMap((s, i) => (s.className === '4e B' ? [i] : [])));
    const index = new Map([...keep].map((old, i) => [old, i]));
    return html`<preau-attendance
      view="week"
      .data=${{
        ...w,
        students: w.students.filter((_, i) => keep.has(i)),
        cells: w.cells.filter((c) => keep.has(c[0])).map((c) => [index.get(c[0])!, ...c.slice(1)]),
        queue: [],
      }}
    ></preau-attendance>`;
  },
};

/** What a parent sees: each absence and lateness, the state of its justification, the form to justify. */
export const VueParent: Story = {
  name: 'Vue parent',
  render: () => html`<preau-attendance view="parent" .data=${demoParentView()}></preau-attendance>`,
};

export const VueParentAlerte: Story = {
  name: 'Vue parent, seuil d’alerte atteint',
  render: () => {
    const d = demoParentView();
    return html`<preau-attendance
      view="parent"
      .data=${{
        ...d,
        tally: {
          ...d.tally,
          unjustifiedHalfDays: 5,
          absentHalfDays: 6,
          alert: true,
          months: [{ month: '2026-01', absentHalfDays: 6, unjustifiedHalfDays: 5, alert: true }],
        },
      }}
    ></preau-attendance>`;
  },
};

export const English: Story = {
  name: 'English',
  render: () =>
    html`<preau-attendance lang="en" view="roll-call" .data=${demoRollCall()}></preau-attendance>`,
};

export const AucuneAbsence: Story = {
  name: 'Vide : aucune absence',
  render: () =>
    html`<preau-attendance view="parent" .data=${{ ...demoParentView(), entries: [] }}></preau-attendance>`,
};

export const ClasseVide: Story = {
  name: 'Vide : aucun élève',
  render: () =>
    html`<preau-attendance view="roll-call" .data=${{ ...demoRollCall(), students: [], entries: [] }}></preau-attendance>`,
};

/** Connected mode against an address that does not answer: the French error message. */
export const Erreur: Story = {
  name: 'Erreur de chargement',
  render: () =>
    html`<preau-attendance view="roll-call" src="/api/v1/attendance/seances/inconnue/roll-call"></preau-attendance>`,
};
