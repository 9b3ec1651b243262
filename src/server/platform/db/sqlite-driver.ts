// Which better-sqlite3 this Node can run. Two majors are installed because no one of them runs on
// every Node Biji supports:
// - 12.x subclasses node::ObjectWrap; from Node 24.19 its statements' destructor can abort the whole
//   process (`RemoveEnvironmentCleanupHook … (env) != nullptr`) when V8 finalizes one at the wrong
//   moment — at exit every time, and under load at times (nodejs/node#65446);
// - 13.x is Node-API (a prebuilt binary in the package, nothing to compile) and runs on Node 22 and
//   24, but crashes on Node 20.
// So Node 20 loads 12 (`better-sqlite3`) and Node 22+ loads 13 (`better-sqlite3-napi`, an optional
// dependency that npm skips on Node 20). Drop 12 and this file when Node 20 is dropped.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

const major = Number(process.versions.node.split('.')[0]);

export const SQLITE_PACKAGE = major >= 22 ? 'better-sqlite3-napi' : 'better-sqlite3';

/** The better-sqlite3 constructor (both majors have the same API and types). */
export const SQLite = createRequire(import.meta.url)(SQLITE_PACKAGE) as typeof BetterSqlite3;

export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteStatement = BetterSqlite3.Statement;
