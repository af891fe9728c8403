'use strict';
// index.d.ts type-checks a program that uses the whole API (strict mode).
// Skipped when typescript (a development dependency) is not installed.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

let tsc = null;
try { tsc = require.resolve('typescript/bin/tsc'); } catch { /* not installed */ }

test('index.d.ts', { skip: tsc ? false : 'typescript not installed' }, () => {
    const run = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2020',
                                             '--module', 'commonjs', '--types', 'node',
                                             path.join(__dirname, 'types-check.ts')],
                          { encoding: 'utf8', cwd: path.join(__dirname, '..') });
    assert.equal(run.status, 0, run.stdout + run.stderr);
});
