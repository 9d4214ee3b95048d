import * as assert from 'node:assert/strict';
import { analyzeText } from '../../../src/core/analyzeFile';
import { Fake } from '../../../src/core/rules/fake';
import { analyze, assertFixResolves, rulesOf } from '../../helpers/ci';

const f = new Fake(0x7e44);
const keyId = () => 'AKIA' + f.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
const ci = (text: string) => rulesOf('infra/main.tf', text).filter((r) => r.startsWith('tf-'));

describe('Terraform analyzer', () => {
  describe('tf-aws-static-keys', () => {
    it('flags access keys passed to the AWS provider through variables, and removes them with their variables', () => {
      const text = [
        'variable "aws_access_key" {}', //            0
        'variable "aws_secret_key" {', //            1
        '  type      = string', //                   2
        '  sensitive = true', //                     3
        '}', //                                      4
        '', //                                       5
        'provider "aws" {', //                       6
        '  region     = "eu-west-1"', //             7
        '  access_key = var.aws_access_key', //      8
        '  secret_key = var.aws_secret_key # CI', // 9
        '}', //                                      10
        '',
      ].join('\n');
      const found = analyze('infra/main.tf', text).filter((x) => x.ruleId === 'tf-aws-static-keys');
      assert.equal(found.length, 1);
      assert.equal(found[0].range.startLine, 9);
      assert.equal(found[0].identity, 'aws_secret_key');
      assert.equal(found[0].owasp, 'NHI7');
      const after = assertFixResolves('infra/main.tf', text, 'tf-aws-static-keys', [0, 1, 2, 3, 4, 8, 9]);
      assert.match(after, /provider "aws" \{\n {2}region {5}= "eu-west-1"\n\}/);
    });

    it('flags literal keys in an S3 backend and fixes them', () => {
      const text = `terraform {\n  backend "s3" {\n    bucket     = "state"\n    access_key = "${keyId()}"\n    secret_key = "${f.base64(40)}"\n  }\n}\n`;
      const found = analyze('main.tf', text).filter((x) => x.ruleId === 'tf-aws-static-keys');
      assert.deepEqual(found.map((x) => x.range.startLine), [4]);
      assertFixResolves('main.tf', text, 'tf-aws-static-keys', [3, 4]);
    });

    it('says when static keys are only used to assume a role', () => {
      const text = `provider "aws" {\n  access_key = "${keyId()}"\n  secret_key = "${f.base64(40)}"\n  assume_role {\n    role_arn = "arn:aws:iam::123456789012:role/deploy"\n  }\n}\n`;
      const [finding] = analyze('main.tf', text).filter((x) => x.ruleId === 'tf-aws-static-keys');
      assert.match(finding.title, /used to assume a role/);
    });

    it('does not flag role assumption, OIDC web identity, profiles or LocalStack', () => {
      const text = [
        'provider "aws" {',
        '  region = "us-east-1"',
        '  assume_role_with_web_identity {',
        '    role_arn                = "arn:aws:iam::123456789012:role/ci"',
        '    web_identity_token_file = "/var/run/secrets/token"',
        '  }',
        '}',
        'provider "aws" {',
        '  alias   = "sso"',
        '  profile = "platform"',
        '}',
        'provider "aws" {',
        '  alias                       = "local"',
        '  access_key                  = "test"',
        '  secret_key                  = "test"',
        '  skip_credentials_validation = true',
        '  endpoints {',
        '    s3 = "http://localhost:4566"',
        '  }',
        '}',
        'provider "aws" {',
        '  alias      = "empty"',
        '  access_key = null',
        '  secret_key = ""',
        '}',
        'resource "aws_s3_bucket" "b" {',
        '  bucket = "secret_key = var.x" # a string, not an attribute',
        '}',
      ].join('\n');
      assert.deepEqual(ci(text), []);
    });

    it('keeps braces inside strings, heredocs and comments out of the block structure', () => {
      const text = [
        'locals {',
        '  policy = <<EOT',
        '{ "provider": "aws" }',
        'EOT',
        '  s = "${jsonencode({ a = "}" })}"',
        '}',
        '# provider "aws" { access_key = var.x }',
        '/* provider "aws" {',
        '  secret_key = var.y',
        '} */',
        'provider "aws" {',
        '  secret_key = data.aws_ssm_parameter.key.value',
        '}',
      ].join('\n');
      const found = analyze('main.tf', text).filter((x) => x.ruleId === 'tf-aws-static-keys');
      assert.deepEqual(found.map((x) => [x.range.startLine, x.confidence, !!x.fixes]), [[11, 'medium', false]]);
    });
  });

  describe('tf-gcp-service-account-key', () => {
    it('flags a key file given to the google provider and removes it', () => {
      const text = 'provider "google" {\n  project     = "p"\n  credentials = file("sa-key.json")\n}\n';
      assert.deepEqual(ci(text), ['tf-gcp-service-account-key']);
      assertFixResolves('main.tf', text, 'tf-gcp-service-account-key', [2]);
    });

    it('does not flag ADC, impersonation or a Workload Identity Federation config', () => {
      const text = [
        'provider "google" {',
        '  project                     = "p"',
        '  impersonate_service_account = "tf@p.iam.gserviceaccount.com"',
        '}',
        'provider "google-beta" {',
        '  credentials = file("wif-config.json")',
        '}',
      ].join('\n');
      assert.deepEqual(ci(text), []);
    });
  });

  describe('tf-azure-client-secret', () => {
    it('flags a client secret and switches to OIDC', () => {
      const text = 'variable "client_secret" {\n  sensitive = true\n}\nprovider "azurerm" {\n  features {}\n  client_id     = var.client_id\n  client_secret = var.client_secret\n  tenant_id     = var.tenant_id\n}\n';
      assert.deepEqual(ci(text), ['tf-azure-client-secret']);
      const after = assertFixResolves('main.tf', text, 'tf-azure-client-secret', [0, 1, 2, 6]);
      assert.match(after, /\n {2}use_oidc = true\n/);
    });

    it('offers no fix when the secret comes from a variable declared elsewhere', () => {
      const text = 'provider "azurerm" {\n  features {}\n  client_secret = var.client_secret\n}\n';
      const [finding] = analyze('main.tf', text).filter((x) => x.ruleId === 'tf-azure-client-secret');
      assert.equal(finding.fixes, undefined);
    });

    it('does not flag OIDC or managed identity', () => {
      const text = 'provider "azurerm" {\n  features {}\n  use_oidc  = true\n  client_id = var.client_id\n}\nterraform {\n  backend "azurerm" {\n    use_msi = true\n  }\n}\n';
      assert.deepEqual(ci(text), []);
    });
  });

  describe('tf-long-lived-key-resource', () => {
    it('flags resources that mint long-lived keys, not roles', () => {
      const text = 'resource "aws_iam_access_key" "ci" {\n  user = aws_iam_user.ci.name\n}\nresource "google_service_account_key" "k" {\n  service_account_id = "x"\n}\nresource "aws_iam_role" "ci" {\n  name = "ci"\n}\n';
      const found = analyze('iam.tf', text).filter((x) => x.ruleId === 'tf-long-lived-key-resource');
      assert.deepEqual(found.map((x) => x.range), [
        { startLine: 0, startColumn: 0, endLine: 0, endColumn: 34 },
        { startLine: 3, startColumn: 0, endLine: 3, endColumn: 41 },
      ]);
    });
  });

  it('records the variables that carry credentials as identity uses', () => {
    const text = 'provider "aws" {\n  access_key = var.aws_access_key\n  secret_key = var.aws_secret_key\n}\nprovider "azurerm" {\n  alias         = "hub"\n  client_secret = var.hub_secret\n}\n';
    const { uses } = analyzeText(text, 'envs/prod/main.tf');
    assert.deepEqual(uses.map((u) => [u.key, u.kind, u.job, u.step, u.range.startLine, u.range.startColumn]), [
      ['terraform:ci-variable:aws_access_key', 'ci-variable', 'provider.aws', 'access_key', 1, 19],
      ['terraform:ci-variable:aws_secret_key', 'ci-variable', 'provider.aws', 'secret_key', 2, 19],
      ['terraform:ci-variable:hub_secret', 'ci-variable', 'provider.azurerm.hub', 'client_secret', 6, 22],
    ]);
  });

  it('survives unbalanced and truncated input', () => {
    for (const text of ['provider "aws" {\n  access_key = var.a\n', '}\n}\nprovider "aws" {\n  secret_key = "\n', 'x = <<EOF\nno end']) {
      assert.doesNotThrow(() => analyze('main.tf', text));
    }
    assert.deepEqual(ci('provider "aws" {\n  secret_key = var.a\n'), ['tf-aws-static-keys']);
  });

  it('ignores files that are not .tf', () => {
    assert.deepEqual(ci(''), []);
    assert.deepEqual(rulesOf('main.tf.json', '{"provider":{"aws":{"secret_key":"x"}}}').filter((r) => r.startsWith('tf-')), []);
  });
});

describe('Terraform: literal credentials become sensitive variables', () => {
  it('replaces the literal with var.<name> and declares it once, sensitive', async () => {
    const { assertFixResolves } = await import('../../helpers/ci');
    const { Secrets } = await import('../../helpers/text');
    const pw = new Secrets(41).password();
    const text = ['resource "aws_db_instance" "db" {', '  engine   = "postgres"', `  password = "${pw}"`, '}', ''].join('\n');
    const after = assertFixResolves('infra/main.tf', text, 'generic-password', [2]);
    const expected = ['resource "aws_db_instance" "db" {', '  engine   = "postgres"', '  password = var.password', '}', '', 'variable "password" {', '  type      = string', '  sensitive = true', '}', ''].join('\n');
    if (after !== expected) throw new Error(after);
  });
});
