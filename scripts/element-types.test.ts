import { describe, expect, it } from 'vitest';
import { elementReference } from './element-reference.mjs';
import { elementsOf, reactTypes, vueTypes } from './element-types.mjs';

// A manifest as the analyzer writes it: one element, a private field, an attribute-backed field, `data`, events.
const manifest = {
  modules: [
    {
      path: 'src/notices/notices.ts',
      declarations: [
        {
          kind: 'class',
          customElement: true,
          tagName: 'preau-notices',
          name: 'PreauNotices',
          description: 'Notices.',
          attributes: [
            { name: 'src', fieldName: 'src', type: { text: 'string' }, description: 'Connected mode.' },
          ],
          members: [
            {
              kind: 'field',
              name: 'data',
              type: { text: 'NoticesData | null' },
              description: 'Property mode.',
            },
            { kind: 'field', name: 'src', attribute: 'src', type: { text: 'string' } },
            { kind: 'field', name: 'queue', privacy: 'private' },
            { kind: 'field', name: 'tagName', static: true },
          ],
          events: [
            { name: 'preau-notice-read', description: 'A notice was read; cancelable.' },
            { name: 'preau-notice-archive' },
          ],
          cssParts: [{ name: 'list', description: 'The list.' }],
        },
      ],
    },
    { path: 'src/base/theme.ts', declarations: [{ kind: 'variable', name: 'theme' }] },
  ],
};

describe('typings and reference generated from the manifest', () => {
  it('takes each element’s public settable properties and its events, nothing private or static', () => {
    expect(elementsOf(manifest)).toEqual([
      {
        tag: 'preau-notices',
        className: 'PreauNotices',
        module: 'src/notices/notices.js',
        props: ['data', 'src'],
        events: ['preau-notice-archive', 'preau-notice-read'],
      },
    ]);
  });

  it('gives React `on<event-name>` handlers and Vue `on<EventName>` listeners typed by the event map', () => {
    const react = reactTypes(elementsOf(manifest));
    expect(react).toContain(
      "'preau-notices': PreauJsx<PreauNotices, 'data' | 'src', 'preau-notice-archive' | 'preau-notice-read'>;",
    );
    expect(react).toContain(
      "import type { PreauNotices } from '../../packages/components/src/notices/notices.js';",
    );
    const vue = vueTypes(elementsOf(manifest));
    expect(vue).toContain(
      "onPreauNoticeRead?: (event: GlobalEventHandlersEventMap['preau-notice-read']) => void;",
    );
    expect(vue).toContain("'preau-notices': DefineComponent<Partial<Pick<PreauNotices, 'data' | 'src'>>");
  });

  it('writes the reference with the attributes, properties, events and parts, pipes escaped', () => {
    const doc = elementReference(manifest);
    expect(doc).toContain('## `<preau-notices>`');
    expect(doc).toContain('| `src` | `src` | string |  | Connected mode. |');
    expect(doc).toContain('| `data` | NoticesData \\| null | Property mode. |');
    expect(doc).toContain('| `preau-notice-read` | A notice was read; cancelable. |');
    expect(doc).toContain('| `list` | The list. |');
  });
});
