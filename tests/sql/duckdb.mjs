// duckdb.mjs: runs the SQL on stdin in DuckDB (the one `make deps` installs
// under build/npm) and prints the rows tab-separated, a header first: a
// DuckDB shell for `cwfilter sql ... | node tests/sql/duckdb.mjs`.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const npm = resolve(process.env.NPM_DIR || 'build/npm');
const { DuckDBInstance } = await import(createRequire(npm + '/node_modules/x.js').resolve('@duckdb/node-api'));
const con = await (await DuckDBInstance.create(':memory:')).connect();
const r = await con.runAndReadAll(readFileSync(0, 'utf8'));
console.log(r.columnNames().join('\t'));
for (const row of r.getRowsJson()) console.log(row.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\t'));
