import type { OwaspNhiId } from './types';

/** OWASP Non-Human Identities Top 10 – 2025. https://owasp.org/www-project-non-human-identities-top-10/2025/ */
export const OWASP_NHI: Record<OwaspNhiId, { title: string; url: string }> = {
  NHI1: { title: 'Improper Offboarding', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/1-improper-offboarding/' },
  NHI2: { title: 'Secret Leakage', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/2-secret-leakage/' },
  NHI3: { title: 'Vulnerable Third-Party NHI', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/3-vulnerable-third-party-nhi/' },
  NHI4: { title: 'Insecure Authentication', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/4-insecure-authentication/' },
  NHI5: { title: 'Overprivileged NHI', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/5-overprivileged-nhi/' },
  NHI6: { title: 'Insecure Cloud Deployment Configurations', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/6-insecure-cloud-deployment-configurations/' },
  NHI7: { title: 'Long-Lived Secrets', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/7-long-lived-secrets/' },
  NHI8: { title: 'Environment Isolation', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/8-environment-isolation/' },
  NHI9: { title: 'NHI Reuse', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/9-nhi-reuse/' },
  NHI10: { title: 'Human Use of NHI', url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/10-human-use-of-nhi/' },
};

export function owaspLabel(id: OwaspNhiId): string {
  return `${id}:2025 ${OWASP_NHI[id].title}`;
}
