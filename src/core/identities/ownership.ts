/**
 * Ownership as code: `.nhi-lens/identities.yaml` declares the workspace's machine identities —
 * matched by CI secret or variable name, credentials id or fingerprint — with owner, team,
 * purpose, rotation period, last rotation and expiry. Reviewed like code; synced to the inventory.
 */
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { z } from 'zod';
import { parseValidatedYaml } from '../config/validatedYaml';
import type { Range } from '../types';

export const OWNERSHIP_FILE = '.nhi-lens/identities.yaml';

// A real calendar date: Date.parse rolls 2027-02-30 over to March, so compare the round trip.
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine((s) => {
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'is not a valid date');

export const declarationSchema = z
  .object({
    /** CI secret or variable name, or Jenkins credentials id. */
    name: z.string().min(1).optional().describe('CI secret or variable name, or Jenkins credentials id, e.g. DEPLOY_TOKEN'),
    /** Keyed fingerprint of a literal credential. */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/, 'must be a 64-character hex fingerprint').optional().describe('Keyed fingerprint of a literal credential (from nhi-lens scan --format json)'),
    /** Restrict a name to one platform (github, gitlab, azure, circleci, bitbucket, jenkins, kubernetes…). */
    platform: z.string().min(1).optional().describe('Only match the name on this platform: github, gitlab, azure, circleci, bitbucket, jenkins, kubernetes'),
    /** Person accountable for it (e-mail or handle). */
    owner: z.string().min(1).describe('Person accountable for it (e-mail or handle)'),
    team: z.string().min(1).describe('Owning team'),
    purpose: z.string().min(1).describe('What it is for'),
    environments: z.array(z.string().min(1)).default([]).describe('Environments it may be used in'),
    /** Rotation period in days. */
    rotationDays: z.number().int().positive().max(3650).default(90).describe('Rotation period in days'),
    lastRotated: isoDate.optional().describe('Date of the last rotation, YYYY-MM-DD'),
    expires: isoDate.optional().describe('Expiry date, YYYY-MM-DD'),
  })
  .strict()
  .refine((d) => d.name || d.fingerprint, { message: 'needs a name or a fingerprint to match identities' });

export const ownershipSchema = z
  .object({
    version: z.literal(1).default(1),
    /** Report identities expiring within this many days. */
    expiringWithinDays: z.number().int().min(0).max(3650).default(30).describe('Report identities expiring within this many days'),
    identities: z.array(declarationSchema).default([]).describe('Machine identities of this workspace and who owns them'),
  })
  .strict();

export type Declaration = z.infer<typeof declarationSchema>;

export interface LocatedDeclaration extends Declaration {
  /** Where the declaration starts (its list item), and where its date fields are. */
  range: Range;
  fieldRanges: Partial<Record<'lastRotated' | 'expires' | 'name', Range>>;
}

export interface Ownership {
  file: string;
  expiringWithinDays: number;
  declarations: LocatedDeclaration[];
}

function rangeOf(node: unknown, lines: { linePos(o: number): { line: number; col: number } }): Range | undefined {
  const r = (node as { range?: number[] } | null)?.range;
  if (!r) return undefined;
  const s = lines.linePos(r[0]);
  const e = lines.linePos(r[1]);
  return { startLine: s.line - 1, startColumn: s.col - 1, endLine: e.line - 1, endColumn: e.col - 1 };
}

/** Parses and validates; throws ConfigError naming the file, line and field. */
export function parseOwnership(text: string, file: string): Ownership {
  const { data, doc, lines } = parseValidatedYaml(text, file, ownershipSchema);
  const declarations = data.identities.map((d, i) => {
    const item = doc.getIn(['identities', i], true);
    const fieldRanges: LocatedDeclaration['fieldRanges'] = {};
    for (const k of ['lastRotated', 'expires', 'name'] as const) {
      const r = rangeOf(doc.getIn(['identities', i, k], true), lines);
      if (r) fieldRanges[k] = r;
    }
    return { ...d, range: rangeOf(item, lines) ?? { startLine: 0, startColumn: 0, endLine: 0, endColumn: 0 }, fieldRanges };
  });
  return { file, expiringWithinDays: data.expiringWithinDays, declarations };
}

/** Loads `<root>/.nhi-lens/identities.yaml` when present. */
export async function loadOwnership(root: string): Promise<Ownership | undefined> {
  const file = nodePath.join(root, OWNERSHIP_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return parseOwnership(text, file);
}
