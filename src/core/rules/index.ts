/**
 * The explicit registry of provider rules. Every rule is validated at load time (unique id,
 * keywords present, pattern compiles with the engine's flags); errors name the rule id.
 */
import type { ProviderRule } from './types';
import { rules as alibaba } from './providers/alibaba';
import { rules as anthropic } from './providers/anthropic';
import { rules as atlassian } from './providers/atlassian';
import { rules as auth0 } from './providers/auth0';
import { rules as aws } from './providers/aws';
import { rules as azure } from './providers/azure';
import { rules as bitbucket } from './providers/bitbucket';
import { rules as circleci } from './providers/circleci';
import { rules as cohere } from './providers/cohere';
import { rules as connectionStrings } from './providers/connection-strings';
import { rules as databricks } from './providers/databricks';
import { rules as datadog } from './providers/datadog';
import { rules as digitalocean } from './providers/digitalocean';
import { rules as discord } from './providers/discord';
import { rules as dockerhub } from './providers/dockerhub';
import { rules as doppler } from './providers/doppler';
import { rules as gcp } from './providers/gcp';
import { rules as github } from './providers/github';
import { rules as gitlab } from './providers/gitlab';
import { rules as groq } from './providers/groq';
import { rules as hashicorp } from './providers/hashicorp';
import { rules as heroku } from './providers/heroku';
import { rules as huggingface } from './providers/huggingface';
import { rules as jwt } from './providers/jwt';
import { rules as linear } from './providers/linear';
import { rules as mailchimp } from './providers/mailchimp';
import { rules as mailgun } from './providers/mailgun';
import { rules as newrelic } from './providers/newrelic';
import { rules as notion } from './providers/notion';
import { rules as npm } from './providers/npm';
import { rules as nuget } from './providers/nuget';
import { rules as okta } from './providers/okta';
import { rules as onepassword } from './providers/onepassword';
import { rules as openai } from './providers/openai';
import { rules as paypal } from './providers/paypal';
import { rules as privateKeys } from './providers/private-keys';
import { rules as pypi } from './providers/pypi';
import { rules as replicate } from './providers/replicate';
import { rules as rubygems } from './providers/rubygems';
import { rules as sendgrid } from './providers/sendgrid';
import { rules as sentry } from './providers/sentry';
import { rules as shopify } from './providers/shopify';
import { rules as slack } from './providers/slack';
import { rules as snowflake } from './providers/snowflake';
import { rules as square } from './providers/square';
import { rules as stripe } from './providers/stripe';
import { rules as telegram } from './providers/telegram';
import { rules as twilio } from './providers/twilio';

const families: ProviderRule[][] = [
  alibaba,
  anthropic,
  atlassian,
  auth0,
  aws,
  azure,
  bitbucket,
  circleci,
  cohere,
  databricks,
  datadog,
  digitalocean,
  discord,
  dockerhub,
  doppler,
  gcp,
  github,
  gitlab,
  groq,
  hashicorp,
  heroku,
  huggingface,
  linear,
  mailchimp,
  mailgun,
  newrelic,
  notion,
  npm,
  nuget,
  okta,
  onepassword,
  openai,
  paypal,
  pypi,
  replicate,
  rubygems,
  sendgrid,
  sentry,
  shopify,
  slack,
  snowflake,
  square,
  stripe,
  telegram,
  twilio,
];

/** Throws on the first invalid rule, naming it; run once at module load. */
export function validateRules(rules: ProviderRule[]): ProviderRule[] {
  const seen = new Set<string>();
  for (const rule of rules) {
    const where = `rule ${rule.id || '(no id)'}`;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id)) throw new Error(`${where}: id must be kebab-case`);
    if (seen.has(rule.id)) throw new Error(`${where}: duplicate id`);
    seen.add(rule.id);
    if (rule.keywords.length === 0) throw new Error(`${where}: needs at least one keyword (the prefilter)`);
    for (const k of rule.keywords) {
      if (k !== k.toLowerCase() || k.length < 2) throw new Error(`${where}: keyword "${k}" must be lower-case, 2+ chars`);
    }
    try {
      new RegExp(rule.pattern.source, mergeFlags(rule.pattern.flags, 'gd'));
    } catch (e) {
      throw new Error(`${where}: pattern does not compile: ${(e as Error).message}`);
    }
    if (!rule.remediation || !rule.title) throw new Error(`${where}: title and remediation are required`);
  }
  return rules;
}

export function mergeFlags(flags: string, extra: string): string {
  let out = flags;
  for (const f of extra) if (!out.includes(f)) out += f;
  return out;
}

/** Formats many providers share; a provider-specific rule on the same text wins over these. */
const generalFormats: ProviderRule[][] = [privateKeys, jwt, connectionStrings];

export const PROVIDER_RULES: readonly ProviderRule[] = validateRules([
  ...families.flat(),
  ...generalFormats.flat().map((r) => ({ ...r, generalFormat: true })),
]);
