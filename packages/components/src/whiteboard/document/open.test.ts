import { expect } from '@open-wc/testing';
import { lastArchiveReader } from './archive-client.js';
import { openDocument } from './open.js';
import { DocumentError } from './types.js';

const FIXTURES = '/packages/components/test-support/whiteboard';
const bytesOf = async (name: string) =>
  new Uint8Array(await (await fetch(`${FIXTURES}/${name}`)).arrayBuffer());

describe('whiteboard documents', () => {
  it('opens the OpenBoard document made by OpenBoard: 3 pages, text, pictures from the archive', async () => {
    const doc = await openDocument(await bytesOf('fractions.ubz'), 'fractions.ubz');
    expect(doc.format).to.equal('ubz');
    expect(doc.pages.length).to.equal(3);
    // Inflated in the worker, not on the page's thread.
    expect(lastArchiveReader).to.equal('worker');
    expect(doc.pages[0].viewBox).to.deep.equal([-640, -480, 1280, 960]);
    const first = doc.render(0);
    expect(first.text.join(' ')).to.contain('Bonjour la classe : les fractions');
    const images = first.svg.querySelectorAll('image');
    expect(images.length).to.equal(1);
    expect(images[0].getAttribute('href')).to.match(/^blob:/);
    expect(doc.render(2).svg.querySelector('pattern')).to.not.equal(null);
    expect(first.svg.querySelectorAll('polygon').length).to.be.greaterThan(1);
    doc.dispose();
  });

  it('opens the IWB document: pages from the page set, textarea text, the picture', async () => {
    const doc = await openDocument(await bytesOf('cycle-eau.iwb'), 'cycle-eau.iwb');
    expect(doc.format).to.equal('iwb');
    expect(doc.title).to.equal("Le cycle de l'eau");
    expect(doc.pages.length).to.equal(2);
    const first = doc.render(0);
    expect(first.text.join(' ')).to.contain("Le cycle de l'eau");
    expect(first.text.join(' ')).to.contain('Évaporation');
    expect(first.svg.querySelector('image')?.getAttribute('href')).to.match(/^blob:/);
    expect(doc.render(1).text).to.include('Les nuages');
  });

  it('opens the SMART notebook in the manifest order with its sections, xmlns added, # in a picture name', async () => {
    const doc = await openDocument(await bytesOf('volcans.notebook'), 'volcans.notebook');
    expect(doc.format).to.equal('notebook');
    expect(doc.pages.map((p) => p.id)).to.deep.equal(['page2.svg', 'page0.svg', 'page1.svg']);
    expect(doc.sections).to.deep.equal([
      { title: 'Découverte', start: 0, count: 2 },
      { title: 'Exercices', start: 2, count: 1 },
    ]);
    const first = doc.render(0);
    expect(first.text).to.include('Les volcans');
    expect(first.svg.querySelector('image')?.getAttribute('href')).to.match(/^blob:/);
  });

  it('shows the preview picture of a notebook without vector pages', async () => {
    const doc = await openDocument(await bytesOf('apercu-seul.notebook'), 'apercu-seul.notebook');
    expect(doc.pages.length).to.equal(1);
    expect(doc.pages[0].raster).to.match(/^blob:/);
  });

  it('refuses a file that is not a zip', async () => {
    const error = await openDocument(new TextEncoder().encode('bonjour'), 'x.ubz').catch((e) => e);
    expect(error).to.be.instanceOf(DocumentError);
    expect((error as DocumentError).reason).to.equal('not-a-zip');
  });
});
