/**
 * A real PostgreSQL server for the inventory tests, and a fresh database on it per call.
 *
 * The server: `NHI_LENS_TEST_PG` (a `postgres://` URL of a role that may CREATE DATABASE) when set —
 * `.ci/run` sets it; otherwise a throwaway server started here once per process (initdb + pg_ctl in
 * a temp dir, run as the `postgres` user when we are root: PostgreSQL refuses to run as root),
 * stopped when the process exits. When neither works the Postgres runs are skipped with a visible
 * notice — unless `NHI_LENS_REQUIRE_PG=1`, then they fail.
 */
import { execFile as execFileCb, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const execFile = promisify(execFileCb);

export interface PgDatabase {
  /** `postgres://…/<fresh database>` */
  url: string;
  /** Drops the database (close every pool on it first; open sessions are terminated). */
  drop(): Promise<void>;
}

let server: Promise<{ url: string } | { unavailable: string }> | undefined;
let warned = false;

/** A fresh, empty database on the test server; undefined (after a warning) when there is no server. */
export async function postgresTarget(): Promise<PgDatabase | undefined> {
  server ??= findServer();
  const s = await server;
  if ('unavailable' in s) {
    if (process.env.NHI_LENS_REQUIRE_PG === '1') throw new Error(`NHI_LENS_REQUIRE_PG=1 but no PostgreSQL server for the tests: ${s.unavailable}`);
    if (!warned) {
      warned = true;
      console.warn(`\n  NOTICE: PostgreSQL test runs are SKIPPED: ${s.unavailable}. Set NHI_LENS_TEST_PG=postgres://… (see .ci/run).\n`);
    }
    return undefined;
  }
  const name = `nhi_lens_test_${randomBytes(6).toString('hex')}`;
  await admin(s.url, `create database ${name}`);
  const url = new URL(s.url);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(s.url, `drop database if exists ${name} with (force)`) };
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function findServer(): Promise<{ url: string } | { unavailable: string }> {
  const given = process.env.NHI_LENS_TEST_PG;
  if (given) {
    try {
      await admin(given, 'select 1');
      return { url: given };
    } catch (e) {
      return { unavailable: `NHI_LENS_TEST_PG is set but cannot be reached (${(e as Error).message})` };
    }
  }
  try {
    return { url: await startThrowawayServer() };
  } catch (e) {
    return { unavailable: `NHI_LENS_TEST_PG is not set and no throwaway server could be started (${(e as Error).message.split('\n')[0]})` };
  }
}

function postgresBinDir(): string {
  const fromEnv = process.env.NHI_LENS_PG_BIN;
  if (fromEnv) return fromEnv;
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const m of majors) {
    const bin = path.join(root, m, 'bin');
    if (fs.existsSync(path.join(bin, 'initdb')) && fs.existsSync(path.join(bin, 'pg_ctl'))) return bin;
  }
  throw new Error('initdb and pg_ctl not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function startThrowawayServer(): Promise<string> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  // As root, run the server as `postgres` (runuser keeps our environment and needs no password).
  const run = (cmd: string, args: string[]) => (asRoot ? execFile('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : execFile(path.join(bin, cmd), args));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhi-lens-pg-'));
  if (asRoot) {
    const uid = Number((await execFile('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await execFile('id', ['-g', 'postgres'])).stdout.trim());
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  try {
    await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-N', '-E', 'UTF8', '--locale=C']);
    // A test server: durability off, sockets in the temp dir, TCP on loopback only.
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    await run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', opts, 'start']);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  process.once('exit', () => {
    const stop = [path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'];
    if (asRoot) spawnSync('runuser', ['-u', 'postgres', '--', ...stop]);
    else spawnSync(stop[0], stop.slice(1));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}
