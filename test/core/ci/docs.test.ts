import * as assert from 'node:assert/strict';
import { analyze } from '../../helpers/ci';

const rule = 'docs-human-use-of-bot-credential';
const hits = (path: string, text: string) => analyze(path, text).filter((f) => f.ruleId === rule).map((f) => f.range.startLine);

describe('documentation: people told to use a machine identity (NHI10)', () => {
  it('reports instructions to log in as, or use the credentials of, a bot or service account', () => {
    const text = [
      '# Deploying by hand', // 0
      'To deploy manually, log in as the deploy-bot user with the password from 1Password.', // 1
      'Developers can use the CI bot’s token to call the API locally.', // 2
      'If SSO is down, ssh to the box using the shared account.', // 3
      'Ask ops for the service account password if you need prod access.', // 4
    ].join('\n');
    assert.deepEqual(hits('docs/deploy.md', text), [1, 3, 4]);
    assert.deepEqual(hits('docs/deploy.md', 'Developers can use the CI bot\'s token to call the API locally.'), [0]);
  });

  it('does not report automation set-up, people’s own accounts, or non-documentation files', () => {
    const text = [
      'Add the bot token as a repository secret named BOT_TOKEN.',
      'The workflow logs in as the deploy bot to push tags.',
      'Log in with your own account, then run make deploy.',
      'Our Slack bot answers questions about the API.',
      'NHI Lens reports instructions for people to log in as, or use the credentials of, a bot.',
      'Never log in as the deploy bot with its password.',
    ].join('\n');
    assert.deepEqual(hits('README.md', text), []);
    assert.deepEqual(hits('src/app.ts', '// log in as the deploy bot with the password'), []);
  });
});
