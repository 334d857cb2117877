import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../*.stories.ts'],
  // Docs pages: each element's attributes, properties, events, parts, custom properties and slots, read from
  // custom-elements.json (see preview.ts). A development tool only: nothing of it reaches the elements' bundles.
  addons: ['@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // Offline machines: telemetry only slows the build down.
  core: { disableTelemetry: true },
  // Lit's legacy decorators and class fields need an es2022 target in Vite's esbuild step.
  viteFinal: (c) => ({ ...c, esbuild: { ...c.esbuild, target: 'es2022' } }),
};
export default config;
