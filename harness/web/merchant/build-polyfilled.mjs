// The guide's npm way for older browsers: the page's module bundle (dist/merchant-esm.js, the SDK inside) passed
// through babel-preset-env with core-js (useBuiltIns: 'usage') for the seed's browser list, then bundled again with
// the core-js modules babel asked for. Writes dist/merchant-esm-polyfilled.js, and dist/polyfills.json: the browser
// list and every core-js module the build includes, with esbuild's metafile (which inputs made it into the bundle).
import { transformFileAsync } from '@babel/core';
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const browsers = process.argv[2];
if (!browsers) throw new Error('usage: node merchant/build-polyfilled.mjs "<browserslist query>"');
const coreJs = JSON.parse(readFileSync('node_modules/core-js/package.json', 'utf8')).version;

const transformed = await transformFileAsync('dist/merchant-esm.js', {
  babelrc: false, configFile: false, sourceType: 'module',
  presets: [['@babel/preset-env', { targets: browsers, useBuiltIns: 'usage', corejs: coreJs, modules: false }]],
});
writeFileSync('dist/merchant-esm-polyfilled.src.js', transformed.code);

const result = await build({
  entryPoints: ['dist/merchant-esm-polyfilled.src.js'], bundle: true, format: 'esm', target: 'es2017',
  outfile: 'dist/merchant-esm-polyfilled.js', metafile: true, logLevel: 'warning',
});
const modules = Object.keys(result.metafile.inputs)
  .map(path => /core-js\/modules\/([^/]+)\.js$/.exec(path))
  .filter(Boolean).map(m => m[1]).sort();
writeFileSync('dist/polyfills.json', JSON.stringify({ browsers, coreJs, modules }, null, 2) + '\n');
console.log(`polyfilled build: ${modules.length} core-js modules for "${browsers}"`);
