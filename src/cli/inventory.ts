/**
 * `nhi-lens inventory serve|token …`: runs the central inventory service and administers its
 * tokens. `serve` runs until SIGINT/SIGTERM, then closes the server and the database cleanly.
 */
import { parseArgs } from 'node:util';
import { SCOPES, teamNameSchema, type Scope } from '../inventory/model';
import { buildApp } from '../inventory/server/app';
import { openStore } from '../inventory/store/kyselyStore';
import { hashToken, newToken } from '../inventory/tokens';
import type { RunEnv, RunResult } from './run';

export const INVENTORY_HELP = `Inventory service:
  nhi-lens inventory serve [--port 8787] [--host 127.0.0.1] [--db FILE|postgres://…] [--secure-cookie] [--quiet]
  nhi-lens inventory token create [--team T] --scope read,sync,admin [--label TEXT] [--db …]
  nhi-lens inventory token revoke ID [--db …]
  nhi-lens inventory team create NAME [--db …]
The database defaults to $NHI_LENS_INVENTORY_DB, else nhi-lens-inventory.db in the current directory.
`;

export class InventoryUsageError extends Error {}

function dbOf(value: string | undefined, env: RunEnv): string {
  return value ?? (env.env ?? process.env).NHI_LENS_INVENTORY_DB ?? 'nhi-lens-inventory.db';
}

const CLI_ACTOR = { id: 'cli', scopes: ['admin'] as Scope[] };

export async function inventoryCommand(args: string[], env: RunEnv): Promise<RunResult> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'serve':
      return serve(rest, env);
    case 'token':
      return token(rest, env);
    case 'team':
      return team(rest, env);
    default:
      throw new InventoryUsageError(`inventory needs serve, token or team\n${INVENTORY_HELP}`);
  }
}

async function serve(args: string[], env: RunEnv): Promise<RunResult> {
  const { values } = parseArgs({ args, options: { port: { type: 'string', default: '8787' }, host: { type: 'string', default: '127.0.0.1' }, db: { type: 'string' }, quiet: { type: 'boolean', default: false }, 'secure-cookie': { type: 'boolean', default: false } } });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InventoryUsageError('--port must be 0–65535');
  const store = await openStore(dbOf(values.db, env));
  const { applied } = await store.migrate();
  // Behind an https proxy, the dashboard's session cookie must be Secure.
  const app = await buildApp({ store, logger: values.quiet ? false : true, secureCookie: values['secure-cookie'] });
  const address = await app.listen({ port, host: values.host });
  // The one line scripts and tests wait for.
  process.stderr.write(`nhi-lens inventory listening on ${address}${applied.length ? ` (migrations applied: ${applied.join(', ')})` : ''}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  await store.close();
  return { exitCode: 0, stdout: '', stderr: 'nhi-lens inventory stopped\n' };
}

async function token(args: string[], env: RunEnv): Promise<RunResult> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { team: { type: 'string' }, scope: { type: 'string' }, label: { type: 'string' }, db: { type: 'string' } } });
  const store = await openStore(dbOf(values.db, env));
  try {
    await store.migrate();
    if (action === 'create') {
      const scopes = (values.scope ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      if (scopes.length === 0 || !scopes.every((s): s is Scope => (SCOPES as readonly string[]).includes(s))) throw new InventoryUsageError(`--scope must list ${SCOPES.join(', ')}`);
      if (values.team !== undefined && !teamNameSchema.safeParse(values.team).success) throw new InventoryUsageError('--team must be a lower-case team slug');
      if (values.team && !(await store.listTeams()).some((t) => t.name === values.team)) await store.createTeam(values.team, undefined, CLI_ACTOR);
      const secret = newToken();
      const record = await store.createToken(hashToken(secret), { team: values.team, scopes: scopes as Scope[], label: values.label }, CLI_ACTOR);
      // Printed once: only its hash is stored.
      return { exitCode: 0, stdout: `${secret}\n`, stderr: `token ${record.id} created (scopes ${scopes.join(',')}${values.team ? `, team ${values.team}` : ''}); it is shown only now\n` };
    }
    if (action === 'revoke') {
      const id = positionals[0];
      if (!id) throw new InventoryUsageError('token revoke needs the token id');
      await store.revokeToken(id, CLI_ACTOR);
      return { exitCode: 0, stdout: '', stderr: `token ${id} revoked\n` };
    }
    throw new InventoryUsageError('token needs create or revoke');
  } finally {
    await store.close();
  }
}

async function team(args: string[], env: RunEnv): Promise<RunResult> {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { db: { type: 'string' }, title: { type: 'string' } } });
  if (action !== 'create' || !positionals[0]) throw new InventoryUsageError('team create NAME');
  if (!teamNameSchema.safeParse(positionals[0]).success) throw new InventoryUsageError('the team name must be a lower-case slug');
  const store = await openStore(dbOf(values.db, env));
  try {
    await store.migrate();
    const t = await store.createTeam(positionals[0], values.title, CLI_ACTOR);
    return { exitCode: 0, stdout: `${t.name}\n`, stderr: '' };
  } finally {
    await store.close();
  }
}
