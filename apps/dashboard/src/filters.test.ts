import { expect } from '@open-wc/testing';
import { DEFAULT_FILTERS, type Filters, filtersFromSearch, filtersToSearch } from './filters.js';

describe('filters in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const f: Filters = {
      view: 'evaluation',
      territory: 'departement:051',
      from: '2025-09-01',
      to: '2026-01-31',
      profile: 'ENSEIGNANT',
      service: 'cahier_textes',
      level: 'lycee',
      asOf: '2010-09-15',
      pilot: ['0511327R', '0511085C', '0511191T'],
      pilotStart: '2025-11-03',
    };
    const search = filtersToSearch(f);
    expect(search).to.equal(
      '?vue=evaluation&territoire=departement%3A051&du=2025-09-01&au=2026-01-31&profil=ENSEIGNANT' +
        '&service=cahier_textes&niveau=lycee&etat_au=2010-09-15&pilote=0511327R%2C0511085C%2C0511191T' +
        '&debut_pilote=2025-11-03',
    );
    expect(filtersFromSearch(search)).to.deep.equal(f);
  });

  it('leaves defaults out of the address', () => {
    expect(filtersToSearch(DEFAULT_FILTERS)).to.equal('');
    expect(filtersFromSearch('')).to.deep.equal(DEFAULT_FILTERS);
  });

  it('ignores malformed values instead of failing', () => {
    const f = filtersFromSearch(
      '?vue=admin&territoire=academie:19%27%20OR%201=1&du=2025-13-45&profil=ROOT&service=DROP&pilote=0511327R,nope,0511327R',
    );
    expect(f.view).to.equal('deploiement');
    expect(f.territory).to.equal(null);
    expect(f.from).to.equal(null);
    expect(f.profile).to.equal(null);
    expect(f.service).to.equal(null);
    expect(f.pilot).to.deep.equal(['0511327R']);
  });
});
