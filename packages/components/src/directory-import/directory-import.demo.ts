// Demonstration data of the directory import, for the tests and the stories.

/** A preview as the API answers it (SIECLE and STS-web exports at the start of the year), for property mode. */
export const demoPlan = () => ({
  kind: 'siecle+sts',
  uai: '0511085C',
  schoolYear: 2026,
  mode: 'full',
  counts: {
    'create:student': 612,
    'create:guardian': 815,
    'create:classe': 24,
    'update:staff': 3,
    'close:student': 2,
  },
  entries: [
    { action: 'create', subject: 'classe', label: '6EME A' },
    { action: 'close', subject: 'student', label: 'Noé ROUX (départ le 2026-11-10)' },
  ],
  total: 1456,
  warnings: ['Le fichier des responsables date du 2026-09-01 : il est plus ancien que celui des élèves.'],
  structures: ['6EME A'],
});
