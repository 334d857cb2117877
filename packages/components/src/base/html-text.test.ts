import { expect } from '@open-wc/testing';
import { textToHtml } from '../messages/body.js';
import { htmlText } from './html-text.js';

describe('htmlText', () => {
  it('gives a draft written in the composer back line for line, blank lines included', () => {
    for (const text of ['Bonjour,', 'Bonjour,\n\nÀ demain.', 'une\ndeux\n\n\ntrois', '  en retrait']) {
      expect(htmlText(textToHtml(text), 'lines')).to.equal(text.trim());
    }
  });

  it('puts each block on a line: paragraphs, list items, headings, rows, line breaks', () => {
    expect(htmlText('<h3>Titre</h3><p>un<br>deux</p><ul><li>a</li><li>b</li></ul>', 'lines')).to.equal(
      'Titre\nun\ndeux\na\nb',
    );
    expect(htmlText('<table><tr><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>', 'lines')).to.equal(
      '12\n3',
    );
    // Nested blocks share one line break; the source's layout between blocks is not text.
    expect(htmlText('<blockquote><p>cité</p></blockquote>\n  <p>suite</p>', 'lines')).to.equal('cité\nsuite');
    expect(htmlText('<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>', 'lines')).to.equal('a\nb\nc');
  });

  it('makes one line of it, with a space where blocks and line breaks were and none inside words', () => {
    expect(
      htmlText(
        '<p>Lire le <strong>chapitre 3</strong>.</p><ol><li>Exercice 1</li><li>Exercice 2</li></ol>',
        'line',
      ),
    ).to.equal('Lire le chapitre 3. Exercice 1 Exercice 2');
    expect(htmlText('a<br>b<span> </span>c', 'line')).to.equal('a b c');
    expect(htmlText('', 'line')).to.equal('');
  });

  it('runs and loads nothing, and leaves out what a browser never shows', async () => {
    const before = performance.getEntriesByType('resource').length;
    const text = htmlText(
      '<img src="/__test/never-loaded.png" onerror="window.__ran = true"><script>window.__ran = true</script><style>p{}</style><p>texte</p>',
      'line',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(text).to.equal('texte');
    expect((window as { __ran?: boolean }).__ran).to.equal(undefined);
    expect(performance.getEntriesByType('resource').length).to.equal(before);
  });
});
