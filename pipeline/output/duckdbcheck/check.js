// check.js DIR: reads DIR/{documents,mentions,jobs,rejects,outcomes}.parquet with
// DuckDB and prints, as JSON, per table the columns (name, DuckDB type), the
// row count, the NULL count per column and the first rows as DuckDB sees
// them. Used by TestDuckDBReadsContract to check the BI schema contract with
// a reader independent of parquet-go.
//
// Install with `npm install --prefix pipeline/output/duckdbcheck --no-audit --no-fund`
// (not `npm ci`: the lock file holds only the linux-x64 native binding, and
// npm ci rejects it as out of sync).
'use strict';
const path = require('node:path');
const { DuckDBInstance, version } = require('@duckdb/node-api');

const TABLES = ['documents', 'mentions', 'jobs', 'rejects', 'outcomes'];
const SAMPLE_ROWS = 5;

const quote = (s) => "'" + s.replaceAll("'", "''") + "'";
const ident = (s) => '"' + s.replaceAll('"', '""') + '"';

async function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node check.js DIR');
    process.exit(2);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  // Render TIMESTAMP WITH TIME ZONE values in UTC, independent of the machine.
  await conn.run("SET TimeZone = 'UTC'");
  const out = { duckdb_version: version(), tables: {} };
  for (const t of TABLES) {
    const src = `read_parquet(${quote(path.join(dir, t + '.parquet'))})`;
    const desc = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`)).getRowObjectsJson();
    const columns = desc.map((r) => ({ name: r.column_name, type: r.column_type }));
    const nullExprs = columns.map((c) => `count(*) - count(${ident(c.name)})`);
    const counts = (await conn.runAndReadAll(
      `SELECT count(*)${nullExprs.map((e) => ', ' + e).join('')} FROM ${src}`)).getRows()[0];
    const nulls = {};
    columns.forEach((c, i) => { nulls[c.name] = Number(counts[i + 1]); });
    const rows = (await conn.runAndReadAll(`SELECT * FROM ${src} LIMIT ${SAMPLE_ROWS}`)).getRowObjectsJson();
    out.tables[t] = { columns, rows: Number(counts[0]), nulls, sample: rows };
  }
  conn.closeSync();
  instance.closeSync();
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
