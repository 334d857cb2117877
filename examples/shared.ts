// What the framework pages share: the elements they wait for, the demo data they show in property mode (the CMS
// page's JSON file), and the roll call the address asks for in connected mode.
import type { PreauAttendance } from '../packages/components/src/attendance/attendance.js';
import type { PreauGradebook } from '../packages/components/src/gradebook/gradebook.js';

export interface DemoData {
  bulletin: PreauGradebook['data'];
  absences: PreauAttendance['data'];
}

/**
 * The elements come from the ENT's CDN script. A framework must find them defined before it renders: it sets an
 * object as a property only on an element that already has that property (else it writes an attribute).
 */
export async function elementsReady(): Promise<DemoData> {
  await Promise.all(['preau-gradebook', 'preau-attendance'].map((t) => customElements.whenDefined(t)));
  const res = await fetch('/exemples/cms/donnees.json');
  return (await res.json()) as DemoData;
}

/** `?seance=<id>` in the address: that séance's roll call, in connected mode. */
export function rollCallSrc(): string | null {
  const seance = new URLSearchParams(location.search).get('seance');
  return seance ? `/api/v1/attendance/seances/${encodeURIComponent(seance)}/roll-call` : null;
}
