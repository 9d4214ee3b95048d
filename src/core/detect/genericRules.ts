import type { RuleMeta } from './ruleMeta';
import { DOCKER_CONFIG_AUTH, GENERIC_PASSWORD, GENERIC_SECRET, NETRC_PASSWORD } from './generic';
import { KUBERNETES_SECRET_DATA } from '../syntax/kubernetes';

/** Rules that are not provider formats: generic name/value rules and container-format rules. */
export const GENERIC_RULES: readonly RuleMeta[] = [GENERIC_PASSWORD, GENERIC_SECRET, DOCKER_CONFIG_AUTH, NETRC_PASSWORD, KUBERNETES_SECRET_DATA];
