// custom-elements.json for IDEs, Storybook and documentation, read from the elements' JSDoc.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts', 'src/autoloader.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
};
