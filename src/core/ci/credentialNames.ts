/**
 * Does a variable name hold a credential? Pipelines refer to secrets by name only (`$(dbPassword)`,
 * `${NPM_TOKEN}`, `credentials('deploy-key')`), so the name is the evidence. One answer for every
 * analyzer: the generic rules' name classifier plus the names CI adds (PATs, webhooks, key ids…).
 */
import { classifyName, nameWords } from '../detect/generic';

/** Shell and tool variables that only look like credentials. */
const NEVER = new Set(['pwd', 'oldpwd', 'key', 'keys', 'pass', 'auth']);
/** Predefined variables of CI platforms written with dots (`System.AccessToken`, `Build.SourceBranch`). */
const DOTTED_PREDEFINED = /^(?:system|build|agent|pipeline|release|environment|resources|strategy|checks|task)\./i;

export function isCredentialName(name: string): boolean {
  if (!name || DOTTED_PREDEFINED.test(name)) return false;
  const words = nameWords(name);
  const joined = words.join('');
  if (words.length === 0 || NEVER.has(joined)) return false;
  if (words.includes('pat')) return true; // personal access token
  if (words.includes('webhook')) return !words.some((w) => w === 'name' || w === 'id' || w === 'enabled' || w === 'events');
  if (/(?:connection|conn)str(?:ing)?/.test(joined)) return true; // usually carries a password
  if (/^(?:.*_)?secret_?id$/i.test(name.replace(/[-.]/g, '_'))) return true; // Vault AppRole secret_id
  if (words.includes('auth') && (words.includes('config') || words.includes('json'))) return true; // DOCKER_AUTH_CONFIG
  return classifyName(name) !== undefined;
}

/** A credential named for a person rather than for automation (`ANA_PAT`, `PERSONAL_TOKEN`). */
export function isPersonalCredentialName(name: string): boolean {
  const words = nameWords(name);
  return isCredentialName(name) && (words.includes('personal') || words.includes('pat'));
}
