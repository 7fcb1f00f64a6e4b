/** What the repository must never track: installed dependencies (a symlink included). */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const inGit = (() => {
  try {
    execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!inGit)('the repository', () => {
  it('tracks no node_modules (checking out a tracked one replaces the installed directory)', () => {
    expect(execFileSync('git', ['ls-files', '--', 'node_modules', '**/node_modules'], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe('');
    expect(execFileSync('git', ['check-ignore', '--no-index', 'node_modules'], { cwd: ROOT, encoding: 'utf8' }).trim()).toBe('node_modules');
  });
});
