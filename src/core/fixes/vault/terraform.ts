/**
 * Terraform (`.tf`): the literal becomes a reference to a data source of the store's provider, and
 * the data block is added at the end of the file (data sources, from each provider's registry docs):
 * - AWS `aws_secretsmanager_secret_version` (`secret_id`) → `.secret_string`
 * - HashiCorp Vault `vault_kv_secret_v2` (`mount`, `name`) → `.data["<field>"]`
 * - Azure `azurerm_key_vault_secret` (`name`, `key_vault_id`) → `.value`, the vault from an
 *   `azurerm_key_vault` block of the file or a new `data "azurerm_key_vault"`
 * - Google `google_secret_manager_secret_version` (`secret`) → `.secret_data`
 * - 1Password `onepassword_item` (`vault` = a vault UUID, `title`) → `.password`, the vault UUID from a
 *   `data "onepassword_vault"` looked up by name
 * Data sources put the value in the state, as the providers' docs warn; the state must be protected.
 *
 * App settings and connection strings of an Azure web or function app are the exception for Azure:
 * there the App Service Key Vault reference keeps the value out of Terraform altogether.
 */
import type { Fix, TextEdit } from '../../types';
import { parseHcl, type HclAttribute, type HclBlock, type HclBody } from '../../ci/terraform/hcl';
import { appendBlock, replace, type Literal } from './literal';
import { secretName, VAULT_PROVIDER_LABELS, type VaultProvider } from './providers';
import { appServiceReference, KEY_VAULT_NAME, OP_FIELD, VAULT_FIELD, VAULT_KV_MOUNT } from './references';

interface Site {
  attr: HclAttribute;
  /** Blocks from the outermost down to the one holding the attribute. */
  blocks: HclBlock[];
}

function findAttribute(body: HclBody, start: number, end: number, blocks: HclBlock[] = []): Site | undefined {
  for (const b of body.blocks) {
    if (b.typeStart > start || b.end < end) continue;
    const inner = findAttribute(b, start, end, [...blocks, b]);
    if (inner) return inner;
  }
  const attr = body.attributes.find((a) => a.exprStart <= start && a.exprEnd >= end);
  return attr ? { attr, blocks } : undefined;
}

const AZURE_APP = /^azurerm_(?:(?:linux|windows)_(?:web|function)_app(?:_slot)?|app_service(?:_slot)?|function_app(?:_slot)?)$/;

/** HCL block lines with the `=` aligned as `terraform fmt` does. */
function hclBlock(type: string, label: string, attrs: Array<[string, string]>, nl: string): string {
  const width = Math.max(...attrs.map(([k]) => k.length));
  return [`data "${type}" "${label}" {`, ...attrs.map(([k, v]) => `  ${k.padEnd(width)} = ${v}`), '}'].join(nl) + nl;
}

/** `github-token` → `github_token`: a Terraform identifier. */
function identifier(name: string): string {
  const id = name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/-/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

function dataBlocks(body: HclBody, type: string): HclBlock[] {
  return body.blocks.filter((b) => b.type === 'data' && b.labels[0] === type);
}

/** The first free label for a new data block, or the label of one that already reads this secret. */
function labelFor(body: HclBody, type: string, wanted: string, nameAttr: string, name: string): { label: string; exists: boolean } {
  const existing = dataBlocks(body, type);
  for (let i = 1; ; i++) {
    const label = i === 1 ? wanted : `${wanted}_${i}`;
    const b = existing.find((x) => x.labels[1] === label);
    if (!b) return { label, exists: false };
    const attr = b.attributes.find((a) => a.name === nameAttr);
    if (attr && attr.expr.trim() === JSON.stringify(name)) return { label, exists: true };
  }
}

const RESOURCE_GROUP_NAME = '<RESOURCE_GROUP_NAME>';
const OP_VAULT_NAME = '<VAULT_NAME>';

interface Reference {
  expr: string;
  blocks: string[];
  placeholders: string[];
}

/** The data-source expression for `name` and the blocks the file still needs for it. */
function reference(lit: Literal, body: HclBody, provider: VaultProvider, name: string): Reference {
  const q = JSON.stringify;
  const nl = lit.nl;
  const want = identifier(name);
  const one = (type: string, nameAttr: string, attrs: Array<[string, string]>, attribute: string, placeholders: string[], extra: string[] = []): Reference => {
    const { label, exists } = labelFor(body, type, want, nameAttr, name);
    return { expr: `data.${type}.${label}.${attribute}`, blocks: exists ? extra : [hclBlock(type, label, attrs, nl), ...extra], placeholders };
  };
  switch (provider) {
    case 'aws-secrets-manager':
      return one('aws_secretsmanager_secret_version', 'secret_id', [['secret_id', q(name)]], 'secret_string', [name]);
    case 'gcp-secret-manager':
      return one('google_secret_manager_secret_version', 'secret', [['secret', q(name)]], 'secret_data', [name]);
    case 'hashicorp-vault':
      return one('vault_kv_secret_v2', 'name', [['mount', q(VAULT_KV_MOUNT)], ['name', q(name)]], `data[${q(VAULT_FIELD)}]`, [VAULT_KV_MOUNT, name, VAULT_FIELD]);
    case 'azure-key-vault': {
      // An existing `azurerm_key_vault` (data source or resource) is the vault; else look one up by name.
      const vault = body.blocks.find((b) => (b.type === 'data' || b.type === 'resource') && b.labels[0] === 'azurerm_key_vault' && b.labels[1]);
      const vaultId = vault ? `${vault.type === 'data' ? 'data.' : ''}azurerm_key_vault.${vault.labels[1]}.id` : 'data.azurerm_key_vault.key_vault.id';
      const extra = vault ? [] : [hclBlock('azurerm_key_vault', 'key_vault', [['name', q(KEY_VAULT_NAME)], ['resource_group_name', q(RESOURCE_GROUP_NAME)]], nl)];
      return one('azurerm_key_vault_secret', 'name', [['name', q(name)], ['key_vault_id', vaultId]], 'value', vault ? [name] : [KEY_VAULT_NAME, RESOURCE_GROUP_NAME, name], extra);
    }
    case '1password': {
      const vault = dataBlocks(body, 'onepassword_vault')[0];
      const vaultRef = `data.onepassword_vault.${vault?.labels[1] ?? 'vault'}.uuid`;
      const extra = vault ? [] : [hclBlock('onepassword_vault', 'vault', [['name', q(OP_VAULT_NAME)]], nl)];
      return one('onepassword_item', 'title', [['vault', vaultRef], ['title', q(name)]], OP_FIELD, vault ? [name] : [OP_VAULT_NAME, name], extra);
    }
  }
}

/** Key a whole string is assigned to on its line (`KEY = "…"` in a map), else the attribute's name. */
function keyOf(lit: Literal, site: Site, quoted: boolean): string {
  const { startLine, startColumn } = lit.finding.range;
  const m = quoted ? /([A-Za-z_][\w-]*|"[^"\\]*")\s*=\s*"$/.exec(lit.idx.lineText(startLine).slice(0, startColumn)) : null;
  return m ? m[1].replace(/^"|"$/g, '') : site.attr.name;
}

/** App settings map or connection_string block of an Azure web/function app. */
function appServiceSetting(lit: Literal, site: Site): string | undefined {
  const resource = site.blocks[0];
  if (!resource || resource.type !== 'resource' || !AZURE_APP.test(resource.labels[0] ?? '')) return undefined;
  const inner = site.blocks[site.blocks.length - 1];
  if (site.blocks.length === 1 && site.attr.name === 'app_settings') {
    const key = keyOf(lit, site, true);
    return key === 'app_settings' ? undefined : key;
  }
  if (site.blocks.length === 2 && inner.type === 'connection_string' && site.attr.name === 'value') {
    const n = inner.attributes.find((a) => a.name === 'name')?.expr.trim();
    return n && /^"[^"\\$%]*"$/.test(n) ? n.slice(1, -1) : undefined;
  }
  return undefined;
}

export function terraformFix(lit: Literal): Fix | undefined {
  const { text, start, end } = lit;
  const body = parseHcl(text);
  const site = findAttribute(body, start, end);
  if (!site) return undefined;
  const top = site.blocks[0]?.type;
  // Variable defaults, outputs (they would need `sensitive = true`) and `terraform {}` settings cannot take it.
  if (!top || top === 'variable' || top === 'output' || top === 'terraform') return undefined;
  const expr = site.attr.expr;
  const heredoc = /^<<-?[A-Za-z_]\w*/.test(expr);
  // A whole quoted string becomes the expression; part of a string (or heredoc) interpolates it.
  const quoted = !heredoc && text[start - 1] === '"' && text[end] === '"' && text[start - 2] !== '\\';
  const inString = heredoc || /^"(?:[^"\\]|\\.)*"$/.test(expr);

  const setting = lit.provider === 'azure-key-vault' && quoted ? appServiceSetting(lit, site) : undefined;
  if (setting !== undefined) {
    const name = secretName('azure-key-vault', setting, lit.finding.kind, lit.chosenName);
    const ref = appServiceReference(name);
    return { title: `Replace with an Azure Key Vault reference (${ref})`, edits: [replace(lit, start, end, ref)], placeholders: [KEY_VAULT_NAME, name] };
  }

  if (!quoted && !inString) return undefined;
  const name = secretName(lit.provider, keyOf(lit, site, quoted), lit.finding.kind, lit.chosenName);
  const ref = reference(lit, body, lit.provider, name);
  const edit: TextEdit = quoted ? replace(lit, start - 1, end + 1, ref.expr) : replace(lit, start, end, `\${${ref.expr}}`);
  const edits = [edit];
  if (ref.blocks.length) edits.push(appendBlock(lit, ref.blocks.join(lit.nl), lit.nl));
  return {
    title: `Read it from ${VAULT_PROVIDER_LABELS[lit.provider]} (${ref.expr})`,
    edits,
    placeholders: ref.placeholders,
  };
}
