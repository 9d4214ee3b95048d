/**
 * Files read by a secret store's own tool, where the reference is plain text in place of the value:
 * `.env` files for `op run --env-file`, templates for `op inject`, templates for Vault Agent.
 */
import type { Fix } from '../../types';
import { assignedName } from '../envReference';
import { replace, type Literal } from './literal';
import { secretName } from './providers';
import { opReference, opTemplateReference, OP_FIELD, OP_VAULT, VAULT_FIELD, VAULT_KV_MOUNT, vaultAgentReference } from './references';

function lineAround(lit: Literal): { line: string; s: number; e: number } {
  const { startLine, startColumn: s, endColumn: e } = lit.finding.range;
  return { line: lit.idx.lineText(startLine), s, e };
}

/**
 * `.env` → `KEY=op://vault/item/field`: `op run --env-file=.env -- cmd` resolves references that
 * are a variable's whole value (1Password CLI, "Load secrets into the environment"). Only 1Password
 * has such a convention for `.env` files.
 */
export function dotenvFix(lit: Literal): Fix | undefined {
  if (lit.provider !== '1password') return undefined;
  const { line, s, e } = lineAround(lit);
  const m = /^\s*(?:export\s+)?([A-Za-z_][\w.-]*)\s*=\s*(["']?)$/.exec(line.slice(0, s));
  if (!m) return undefined;
  const q = m[2];
  const rest = line.slice(e);
  if (!(q ? rest.startsWith(q) && /^\s*(?:#.*)?$/.test(rest.slice(1)) : /^(?:\s+#.*|\s*)$/.test(rest))) return undefined;
  const name = secretName('1password', m[1], lit.finding.kind, lit.chosenName);
  const ref = opReference(name);
  return {
    title: `Replace with a 1Password secret reference (${ref}), resolved by op run --env-file`,
    edits: [replace(lit, lit.start, lit.end, ref)],
    placeholders: [OP_VAULT, name, OP_FIELD],
  };
}

/** `config.yml.tpl`: the naming 1Password's `op inject` examples use for a template of another file. */
export function isOpInjectTemplate(basename: string): boolean {
  // Two extensions: Helm's `_helpers.tpl` partials are Go templates `op inject` must not touch.
  return /.\.[a-z0-9]+\.tpl$/i.test(basename);
}

/** `{{ op://vault/item/field }}` anywhere in a template that `op inject -i x.tpl -o x` renders. */
export function opInjectFix(lit: Literal): Fix | undefined {
  if (lit.provider !== '1password') return undefined;
  const { line, s } = lineAround(lit);
  const name = secretName('1password', assignedName(line, s), lit.finding.kind, lit.chosenName);
  return {
    title: `Replace with a 1Password secret reference (${opTemplateReference(name)}), resolved by op inject`,
    edits: [replace(lit, lit.start, lit.end, opTemplateReference(name))],
    placeholders: [OP_VAULT, name, OP_FIELD],
  };
}

/** `{{ with secret "secret/data/name" }}{{ .Data.data.value }}{{ end }}` in a Vault Agent (`.ctmpl`) template. */
export function vaultAgentFix(lit: Literal): Fix | undefined {
  if (lit.provider !== 'hashicorp-vault') return undefined;
  const { line, s } = lineAround(lit);
  const name = secretName('hashicorp-vault', assignedName(line, s), lit.finding.kind, lit.chosenName);
  return {
    title: `Replace with a Vault Agent template reference (secret "${VAULT_KV_MOUNT}/data/${name}", field ${VAULT_FIELD})`,
    edits: [replace(lit, lit.start, lit.end, vaultAgentReference(name))],
    placeholders: [VAULT_KV_MOUNT, name, VAULT_FIELD],
  };
}
