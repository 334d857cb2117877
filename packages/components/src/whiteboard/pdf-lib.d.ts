// pdf-lib's self-contained ES module (its `es/` build imports CommonJS packages a browser cannot load as is).
declare module 'pdf-lib/dist/pdf-lib.esm.min.js' {
  export * from 'pdf-lib';
}
