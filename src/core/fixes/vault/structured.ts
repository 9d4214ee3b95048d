/**
 * JSON and YAML files where a store has an in-value reference syntax: CloudFormation templates
 * (Secrets Manager dynamic references) and Azure App Service / Functions settings (Key Vault
 * references). The literal is found in the parsed document, so the setting it belongs to is known.
 */
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { basename } from '../../syntax/language';
import type { Fix } from '../../types';
import { getMap, getPair, keyOf, scalarString, yamlParseRefusal } from '../../ci/yamlFile';
import { replace, type Literal } from './literal';
import { secretName } from './providers';
import { appServiceReference, cloudFormationReference, KEY_VAULT_NAME } from './references';

export interface Located {
  doc: Document.Parsed;
  scalar: Scalar;
  /** Ancestors from the document down to the scalar's parent (maps, sequences and pairs). */
  path: readonly unknown[];
  /** The secret is the scalar's entire value (not part of a longer string). */
  whole: boolean;
}

/** The value scalar holding the literal, in whichever document of the file holds it. */
export function locateScalar(lit: Literal): Located | undefined {
  if (yamlParseRefusal(lit.text)) return undefined;
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(lit.text, { uniqueKeys: false });
    if (!Array.isArray(parsed)) return undefined;
    docs = parsed as Document.Parsed[];
  } catch {
    return undefined;
  }
  for (const doc of docs) {
    let found: { scalar: Scalar; path: unknown[] } | undefined;
    visit(doc, {
      Scalar(key, node, path) {
        const r = node.range;
        if (key === 'key' || !r || r[0] > lit.start || r[1] < lit.end) return;
        found = { scalar: node, path: [...path] };
      },
    });
    if (!found) continue;
    if (doc.errors.length) return undefined;
    const block = found.scalar.type === 'BLOCK_LITERAL' || found.scalar.type === 'BLOCK_FOLDED';
    const whole = !block && String(found.scalar.value ?? '') === lit.text.slice(lit.start, lit.end);
    return { doc, ...found, whole };
  }
  return undefined;
}

function pairsOf(path: readonly unknown[]): Pair[] {
  return path.filter((n): n is Pair => isPair(n));
}

/** The setting the value belongs to: its key, or for `{ name: X, value: … }` entries, X. */
export function settingName(loc: Located): string | undefined {
  const pairs = pairsOf(loc.path);
  const last = pairs[pairs.length - 1];
  if (!last) return undefined;
  const key = keyOf(last);
  const owner = loc.path[loc.path.length - 2];
  if (/^(?:value|connectionString)$/i.test(key) && isMap(owner)) {
    const named = scalarString(getPair(owner, 'name')?.value) ?? scalarString(getPair(owner, 'Name')?.value);
    if (named) return named;
  }
  return key;
}

/** Edit replacing the whole scalar by `ref` as a string of the file's syntax. */
function scalarEdit(lit: Literal, loc: Located, ref: string, json: boolean) {
  const [s, e] = loc.scalar.range!;
  const quoted = json || loc.scalar.type === 'QUOTE_DOUBLE' ? JSON.stringify(ref) : `'${ref.replace(/'/g, "''")}'`;
  return replace(lit, s, e, quoted);
}

function isCloudFormation(doc: Document.Parsed): boolean {
  const root = doc.contents;
  if (!isMap(root)) return false;
  if (getPair(root, 'AWSTemplateFormatVersion')) return true;
  const resources = getMap(root, 'Resources');
  return !!resources?.items.some((p) => /^AWS::/.test(scalarString(getPair(p.value, 'Type')?.value) ?? ''));
}

/**
 * `Resources.<Id>.Properties.…` only: AWS resolves dynamic references in resource properties, not
 * in metadata (`AWS::CloudFormation::Init`), `UserData`, or custom resources, and not before an
 * intrinsic function (`Fn::…`, `!Sub`) sees the string, so those are left alone.
 */
function cloudFormationFix(lit: Literal, loc: Located, json: boolean): Fix | undefined {
  if (lit.provider !== 'aws-secrets-manager' || !loc.whole) return undefined;
  const p = loc.path;
  if (!(isPair(p[2]) && keyOf(p[2]) === 'Resources' && isPair(p[4]) && isMap(p[5]) && isPair(p[6]) && keyOf(p[6]) === 'Properties')) return undefined;
  const type = scalarString(getPair(p[5], 'Type')?.value) ?? '';
  if (/^Custom::|^AWS::CloudFormation::CustomResource$/.test(type)) return undefined;
  if (pairsOf(p).some((pair) => /^(?:UserData|Fn::.*|Metadata)$/.test(keyOf(pair)))) return undefined;
  if (loc.scalar.tag || p.some((n) => (isMap(n) || isSeq(n)) && (n as YAMLMap).tag)) return undefined;
  const name = secretName('aws-secrets-manager', settingName(loc), lit.finding.kind, lit.chosenName);
  const ref = cloudFormationReference(name);
  return {
    title: `Replace with an AWS Secrets Manager reference (${ref})`,
    edits: [scalarEdit(lit, loc, ref, json)],
    placeholders: [name],
  };
}

/**
 * Where App Service and Functions read settings: `appSettings` / `connectionStrings` entries of an
 * ARM template (`{ name, value }`, `{ name, connectionString }`), the `properties` of a
 * `Microsoft.Web/sites/config` `appsettings` resource, the portal's "Advanced edit" list
 * (`[{ name, value, slotSetting }]`), and `Values` in `local.settings.json`.
 */
function isAppSetting(path: string, loc: Located): boolean {
  const p = loc.path;
  const pairs = pairsOf(p);
  const last = pairs[pairs.length - 1];
  if (!last) return false;
  const key = keyOf(last);
  const owner = p[p.length - 2];
  const list = p[p.length - 3];
  const listPair = p[p.length - 4];
  if (isMap(owner) && isSeq(list)) {
    if (/^value$/i.test(key) && isPair(listPair) && /^appSettings$/i.test(keyOf(listPair))) return true;
    if (/^connectionString$/i.test(key) && isPair(listPair) && /^connectionStrings$/i.test(keyOf(listPair))) return true;
    if (/^value$/i.test(key) && list === loc.doc.contents && getPair(owner, 'slotSetting')) return true;
  }
  if (isMap(owner) && isPair(p[p.length - 3]) && isMap(p[p.length - 4])) {
    const holder = keyOf(p[p.length - 3] as Pair);
    const resource = p[p.length - 4] as YAMLMap;
    if (holder === 'properties' && /appsettings['")\]]*$/i.test(scalarString(getPair(resource, 'name')?.value) ?? '') && /(?:^|\/)config$/i.test(scalarString(getPair(resource, 'type')?.value) ?? '')) return true;
    if (holder === 'Values' && basename(path).toLowerCase() === 'local.settings.json' && p.length === 5) return true;
  }
  return false;
}

function appServiceFix(lit: Literal, loc: Located, json: boolean): Fix | undefined {
  if (lit.provider !== 'azure-key-vault' || !loc.whole || !isAppSetting(lit.finding.path, loc)) return undefined;
  const name = secretName('azure-key-vault', settingName(loc), lit.finding.kind, lit.chosenName);
  const ref = appServiceReference(name);
  return {
    title: `Replace with an Azure Key Vault reference (${ref})`,
    edits: [scalarEdit(lit, loc, ref, json)],
    placeholders: [KEY_VAULT_NAME, name],
  };
}

/** CloudFormation (YAML or JSON) or App Service settings (JSON); undefined for anything else. */
export function structuredFix(lit: Literal, json: boolean): Fix | undefined {
  const loc = locateScalar(lit);
  if (!loc || !isScalar(loc.scalar)) return undefined;
  if (isCloudFormation(loc.doc)) return cloudFormationFix(lit, loc, json);
  return json ? appServiceFix(lit, loc, json) : undefined;
}
