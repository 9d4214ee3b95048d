/**
 * Azure Pipelines and CircleCI names: the shared credential-name test, minus each platform's
 * predefined variables.
 */
import { isCredentialName, isPersonalCredentialName } from '../credentialNames';

/** System variables of the CI platform: per-run tokens or metadata, not standing identities. */
const SYSTEM_PREFIX = /^(?:system|build|agent|pipeline|release|environment|resources|strategy|checks|task|tf)[._]/i;

/** Predefined variables (`System.AccessToken`, `Build.BuildId`…). */
export function isPredefined(name: string): boolean {
  return SYSTEM_PREFIX.test(name);
}

export function looksLikeCredential(name: string): boolean {
  return !SYSTEM_PREFIX.test(name) && isCredentialName(name);
}

/** Names that point at a person's own credential rather than an automation identity. */
export function looksPersonal(name: string): boolean {
  return !SYSTEM_PREFIX.test(name) && isPersonalCredentialName(name);
}
