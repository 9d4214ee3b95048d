/**
 * Long-lived cloud credentials in Azure Pipelines where federation exists: AWS access keys,
 * service-principal client secrets (`az login --service-principal -p`, ARM_CLIENT_SECRET,
 * Connect-AzAccount), Google service-account key files.
 */
import type { Pair } from 'yaml';
import type { Fix } from '../../types';
import type { CiCandidate } from '../types';
import { keyOf, offsetRange, pairRange, type YamlFile } from '../yamlFile';
import { azureCliFix, loginSpan } from './fixes';
import { macroRefs, nodeSpan, type AzPipeline, type AzStep } from './model';
import * as R from './rules';
import { scriptLines } from './scriptLines';

const AWS_SECRET_ENV = /^AWS_SECRET_ACCESS_KEY$/i;
const AZURE_SECRET_ENV = /^(?:ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET)$/i;
const GCP_KEY_ENV = /^(?:GOOGLE_CREDENTIALS|GCLOUD_SERVICE_KEY|GCLOUD_KEY|GCP_SA_KEY|GCP_SERVICE_ACCOUNT_KEY|GCP_CREDENTIALS|GCP_KEY|GOOGLE_CLOUD_KEYFILE_JSON|GOOGLE_SERVICE_ACCOUNT_KEY)$/i;
/** Secrets a service connection hands to its task (addSpnToEnvironment): not a stored secret. */
const FROM_CONNECTION = /(?:\$\{?|\$env:|%)(?:servicePrincipalKey|idToken)\b/i;

/** A value that refers to a stored secret (`$(x)`, `$x`, `${{ … }}`) rather than holding it. */
function referenceIn(f: YamlFile, pair: Pair): string | undefined {
  const span = nodeSpan(pair.value);
  if (!span) return undefined;
  const src = f.text.slice(span[0], span[1]);
  if (FROM_CONNECTION.test(src)) return undefined;
  const macro = macroRefs(f, span[0], span[1])[0];
  if (macro) return macro.name;
  const m = /\$\{\{\s*(?:variables|parameters)\.([\w.-]+)\s*\}\}|\$\{?([A-Za-z_]\w*)/.exec(src);
  return m ? m[1] ?? m[2] : undefined;
}

interface Hit {
  meta: typeof R.AZ_AWS_STATIC_KEYS;
  pair: Pair;
  identity: string;
  message: string;
}

/** Env/variable pairs (`AWS_SECRET_ACCESS_KEY: $(x)`) that hand a static cloud key to steps. */
export function cloudKeyPairs(f: YamlFile, p: AzPipeline): Hit[] {
  const pairs: Pair[] = [...p.steps.flatMap((s) => s.env?.items ?? []), ...p.variables.filter((v) => v.pair).map((v) => v.pair!)];
  const listVars = p.variables.filter((v) => v.item);
  const hits: Hit[] = [];
  const check = (name: string, pair: Pair, identity: string | undefined) => {
    if (!identity) return;
    if (AWS_SECRET_ENV.test(name)) hits.push({ meta: R.AZ_AWS_STATIC_KEYS, pair, identity, message: `Long-lived AWS secret access key (${identity}) where OIDC federation is available` });
    else if (AZURE_SECRET_ENV.test(name)) hits.push({ meta: R.AZ_CLIENT_SECRET, pair, identity, message: `Service-principal client secret (${identity}) in ${name} where workload identity federation is available` });
    else if (GCP_KEY_ENV.test(name) || (/^GOOGLE_APPLICATION_CREDENTIALS$/i.test(name) && /secureFilePath/i.test(f.text.slice(...nodeSpan(pair.value)!))))
      hits.push({ meta: R.AZ_GCP_KEY, pair, identity, message: `Google service-account key (${identity}) where Workload Identity Federation is available` });
  };
  for (const pair of pairs) check(keyOf(pair), pair, referenceIn(f, pair));
  for (const v of listVars) {
    const valuePair = v.item!.items.find((x) => keyOf(x) === 'value');
    if (valuePair) check(v.name, valuePair, referenceIn(f, valuePair));
  }
  return hits;
}

const AZ_LOGIN = /\baz\s+login\b/i;

/** Script-level uses: az login with a secret, Connect-AzAccount, aws configure, gcloud key files. */
export function scriptCloudKeys(f: YamlFile, p: AzPipeline, step: AzStep, out: CiCandidate[], envFixes: Map<Pair, Fix>): void {
  for (const node of step.scripts) {
    const lines = scriptLines(f, node);
    for (let i = 0; i < lines.length; i++) {
      const { text, start } = lines[i];
      if (/^\s*(?:#|rem\b|::)/i.test(text)) continue;
      if (AZ_LOGIN.test(text)) {
        const span = loginSpan(lines, i);
        const cmd = lines.slice(span.first, span.last + 1).map((l) => l.text).join('\n');
        if (!/--service-principal\b/i.test(cmd) || /--federated-token\b|--identity\b/i.test(cmd)) continue;
        const secret = /(?:\s-p|--password|--secret|--client-secret)(?:\s+|=)("[^"]*"|'[^']*'|\S+)/i.exec(cmd);
        if (!secret || FROM_CONNECTION.test(secret[1])) continue;
        const identity = /\$\(([\w.-]+)\)/.exec(secret[1])?.[1] ?? /\$\{?(?:env:)?([A-Za-z_]\w*)/.exec(secret[1])?.[1] ?? /%(\w+)%/.exec(secret[1])?.[1];
        const fix = azureCliFix(f, p, step, span);
        const col = AZ_LOGIN.exec(text)!.index;
        out.push({
          meta: R.AZ_CLIENT_SECRET,
          range: offsetRange(f, start + col, start + text.length),
          identity,
          message: `az login with a service-principal secret${identity ? ` (${identity})` : ''} where workload identity federation is available${fix ? '' : ' (no automatic fix: the step cannot be turned into an AzureCLI@2 task safely — move it to AzureCLI@2 with a workload identity service connection by hand)'}`,
          fixes: fix ? [fix] : undefined,
        });
        // The secret's env entry is removed by the same fix: offer it there too.
        if (fix && step.env) for (const e of step.env.items) if (identity && keyOf(e) === identity) envFixes.set(e, fix);
        i = span.last;
        continue;
      }
      const connect = /\bConnect-AzAccount\b/i.exec(text);
      if (connect) {
        const span = loginSpan(lines, i);
        const cmd = lines.slice(span.first, span.last + 1).map((l) => l.text).join('\n');
        if (/-ServicePrincipal\b/i.test(cmd) && /-Credential\b/i.test(cmd) && !/-FederatedToken\b|-Identity\b/i.test(cmd) && !FROM_CONNECTION.test(node.value as string)) {
          out.push({ meta: R.AZ_CLIENT_SECRET, range: offsetRange(f, start + connect.index, start + text.length), message: 'Connect-AzAccount with a service-principal secret where workload identity federation is available (use AzurePowerShell@5 on a workload identity service connection)', fingerprintSource: `${p.name}:${text.trim()}` });
        }
        continue;
      }
      const aws = /\baws\s+configure\s+set\s+(?:[\w.]+\.)?aws_secret_access_key\s+(\S+)|\bSet-AWSCredential\b[^\n]*-SecretKey\s+(\S+)|\bAWS_SECRET_ACCESS_KEY\s*=\s*["']?\$\(([\w.-]+)\)/i.exec(text);
      if (aws) {
        const ref = aws[3] ?? /\$\(([\w.-]+)\)|\$\{?(?:env:)?([A-Za-z_]\w*)/.exec(aws[1] ?? aws[2] ?? '')?.slice(1).find(Boolean);
        if (!/\$\((?:echo|aws|jq|cat)\b/.test(text)) out.push({ meta: R.AZ_AWS_STATIC_KEYS, range: offsetRange(f, start + aws.index, start + aws.index + aws[0].length), identity: ref, message: `Long-lived AWS secret access key${ref ? ` (${ref})` : ''} configured in a script where OIDC federation is available` });
        continue;
      }
      const azEnv = /\b(?:ARM_CLIENT_SECRET|AZURE_CLIENT_SECRET)\s*=\s*["']?\$\(([\w.-]+)\)/i.exec(text);
      if (azEnv && !FROM_CONNECTION.test(azEnv[1])) {
        out.push({ meta: R.AZ_CLIENT_SECRET, range: offsetRange(f, start + azEnv.index, start + azEnv.index + azEnv[0].length), identity: azEnv[1], message: `Service-principal client secret (${azEnv[1]}) exported in a script where workload identity federation is available` });
        continue;
      }
      const gcloud = /\bgcloud\s+auth\s+activate-service-account\b[^\n]*--key-file/i.exec(text);
      if (gcloud) out.push({ meta: R.AZ_GCP_KEY, range: offsetRange(f, start + gcloud.index, start + gcloud.index + gcloud[0].length), message: 'gcloud authenticates with a service-account key file where Workload Identity Federation is available', fingerprintSource: `${p.name}:${text.trim()}` });
    }
  }
}

export function pairCandidate(f: YamlFile, hit: Hit, fix?: Fix): CiCandidate {
  return { meta: hit.meta, range: pairRange(f, hit.pair), identity: hit.identity, message: hit.message, fixes: fix ? [fix] : undefined };
}
