/** Public API of the NHI Lens engine (no `vscode` imports anywhere under src/core). */
export * from './types';
export { OWASP_NHI, owaspLabel } from './owasp';
export { scanText, type ScanOptions } from './detect/engine';
export { fingerprint, redact, DEFAULT_FINGERPRINT_KEY } from './detect/fingerprint';
export { PROVIDER_RULES } from './rules';
export type { ProviderRule } from './rules/types';
