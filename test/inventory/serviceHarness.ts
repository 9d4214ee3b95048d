/**
 * Starts the real inventory service for client tests: in-process (`buildApp` + `openStore` on a
 * SQLite file, on loopback) or as a child process of the built CLI (`dist/cli.js inventory serve`),
 * which a test may SIGKILL and restart on the same database. Tokens are created at run time and
 * never printed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Scope } from '../../src/inventory/model';
import { buildApp } from '../../src/inventory/server/app';
import { openStore } from '../../src/inventory/store/kyselyStore';
import type { InventoryStore } from '../../src/inventory/store/types';
import { hashToken, newToken } from '../../src/inventory/tokens';

/** The built CLI bundle (`node esbuild.config.mjs`; `npm test` builds it first), or another build named by NHI_LENS_TEST_CLI. */
export const CLI = process.env.NHI_LENS_TEST_CLI ? nodePath.resolve(process.env.NHI_LENS_TEST_CLI) : nodePath.resolve(__dirname, '../../../dist/cli.js');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(nodePath.join(os.tmpdir(), prefix));
}

export async function createToken(store: InventoryStore, scopes: Scope[], team?: string): Promise<string> {
  if (team && !(await store.listTeams()).some((t) => t.name === team)) await store.createTeam(team, undefined, { id: 'test', scopes: ['admin'] });
  const token = newToken();
  await store.createToken(hashToken(token), { scopes, team }, { id: 'test', scopes: ['admin'] });
  return token;
}

export interface InProcessService {
  url: string;
  dbFile: string;
  store: InventoryStore;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The service in this process on 127.0.0.1 and a free port, over a SQLite file (a new one by default). */
export async function startInProcess(dbFile = nodePath.join(tempDir('nhi-inv-'), 'inventory.db')): Promise<InProcessService> {
  const store = await openStore(dbFile);
  await store.migrate();
  const app = await buildApp({ store, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    dbFile,
    store,
    app,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export interface ChildService {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote on stderr so far. */
  stderr(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait (a clean stop). */
  stop(): Promise<void>;
}

/** `node dist/cli.js inventory serve --db FILE --port 0 --quiet`; the URL is parsed from its ready line. */
export function startChild(dbFile: string, timeoutMs = 30_000): Promise<ChildService> {
  const child = spawn(process.execPath, [CLI, 'inventory', 'serve', '--db', dbFile, '--port', '0', '--host', '127.0.0.1', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the inventory did not start within ${timeoutMs} ms:\n${err}`));
    }, timeoutMs);
    child.stdout!.resume();
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      err += chunk;
      const m = /nhi-lens inventory listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1],
          child,
          stderr: () => err,
          exited,
          async stop() {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the inventory exited (code ${code}, signal ${signal}) before listening:\n${err}`));
    });
  });
}

/** `nhi-lens inventory token create` against a database file; returns the token (printed once on stdout). */
export function createTokenWithCli(dbFile: string, scopes: Scope[]): string {
  const r = spawnSync(process.execPath, [CLI, 'inventory', 'token', 'create', '--scope', scopes.join(','), '--db', dbFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`token create failed (exit ${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}
