/** The explicit list of CI and infrastructure analyzers; the first whose `matches` accepts a file owns it. */
import type { CiAnalyzer } from './analyzers';
import { analyzer as github } from './github/analyzer';
import { analyzer as gitlab } from './gitlab/analyzer';
import { analyzer as azure } from './azure/analyzer';
import { analyzer as circleci } from './circleci/analyzer';
import { analyzer as bitbucket } from './bitbucket/analyzer';
import { analyzer as jenkins } from './jenkins/analyzer';
import { analyzer as dockerfile } from './containers/dockerfileAnalyzer';
import { analyzer as compose } from './containers/composeAnalyzer';
import { analyzer as kubernetes } from './kubernetes/analyzer';
import { analyzer as terraform } from './terraform/analyzer';
import { analyzer as docs } from './docs/analyzer';

export const ANALYZERS: readonly CiAnalyzer[] = [github, gitlab, azure, circleci, bitbucket, jenkins, dockerfile, compose, kubernetes, terraform, docs];

export function analyzerFor(path: string, text: string): CiAnalyzer | undefined {
  return ANALYZERS.find((a) => a.matches(path, text));
}
