// dataset.js MODULE_DIR OUT...: reads each incremental dataset OUT with
// DuckDB through the README's globs (hive_partitioning) and prints, per
// dataset, per table the row count, the distinct ids and an md5 of the sorted
// rows. A dataset DuckDB cannot read gives {"error": ...}; a missing OUT
// gives {"error": "absent"}. MODULE_DIR holds node_modules/@duckdb/node-api
// (pipeline/output/duckdbcheck).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

const req = createRequire(path.join(process.argv[2], 'package.json'));
const { DuckDBInstance } = req('@duckdb/node-api');

const quote = (s) => "'" + s.replaceAll("'", "''") + "'";

async function report(conn, out) {
  if (!fs.existsSync(out)) return { error: 'absent' };
  const src = {
    documents: [`read_parquet(${quote(out + '/documents/*/*.parquet')}, hive_partitioning = true)`, 'doc_id'],
    mentions: [`read_parquet(${quote(out + '/mentions/*/*.parquet')}, hive_partitioning = true)`, 'mention_id'],
    rejects: [`read_parquet(${quote(out + '/rejects/*/*.parquet')}, hive_partitioning = true)`, null],
    jobs: [`read_parquet(${quote(out + '/jobs.parquet')})`, 'job_id'],
  };
  const tables = {};
  for (const [name, [from, id]] of Object.entries(src)) {
    const distinct = id ? `count(DISTINCT ${id})` : 'count(*)';
    const rows = (await conn.runAndReadAll(
      `SELECT count(*), ${distinct}, md5(coalesce(string_agg(t::VARCHAR, chr(10) ORDER BY t::VARCHAR), '')) FROM ${from} t`)).getRows()[0];
    tables[name] = { rows: Number(rows[0]), distinct: Number(rows[1]), hash: String(rows[2]) };
  }
  return { tables };
}

async function main() {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  const out = [];
  for (const dir of process.argv.slice(3)) {
    try {
      out.push(await report(conn, dir));
    } catch (err) {
      out.push({ error: String(err && err.message || err) });
    }
  }
  conn.closeSync();
  instance.closeSync();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
