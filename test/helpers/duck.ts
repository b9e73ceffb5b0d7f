// DuckDB (@duckdb/node-api, a dev dependency) as the independent Parquet writer and reader
// of the Parquet tests: files it writes are what a user's DuckDB/pandas pipeline gives us,
// and files we write must read back in it exactly.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

let conn: Promise<DuckDBConnection> | undefined;

function connection(): Promise<DuckDBConnection> {
  conn ??= DuckDBInstance.create(':memory:').then((db) => db.connect());
  return conn;
}

/** Runs statements in order. */
export async function duck(...sql: string[]): Promise<void> {
  const c = await connection();
  for (const s of sql) await c.run(s);
}

/** Rows of a query as plain JS values (DOUBLE -> number, VARCHAR -> string, NULL -> null). */
export async function duckRows(sql: string): Promise<unknown[][]> {
  const c = await connection();
  return (await c.runAndReadAll(sql)).getRowsJS() as unknown[][];
}

/** A SQL string literal. */
export const lit = (s: string): string => `'${s.replace(/'/g, "''")}'`;
