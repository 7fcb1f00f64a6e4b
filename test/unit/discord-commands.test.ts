import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../adapters/discord/commands/definitions.js';

interface Option {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  choices?: { name: string; value: string }[];
  options?: Option[];
  autocomplete?: boolean;
}

/** The constraints Discord enforces on registration (a bad definition fails `discord register`). */
function checkOptions(options: Option[], path: string): void {
  expect(options.length, path).toBeLessThanOrEqual(25);
  let optionalSeen = false;
  for (const o of options) {
    const where = `${path} ${o.name}`;
    expect(o.name, where).toMatch(/^[-_\p{Ll}\p{N}]{1,32}$/u);
    expect(o.description.length, where).toBeGreaterThan(0);
    expect(o.description.length, where).toBeLessThanOrEqual(100);
    if (o.choices) {
      expect(o.choices.length, where).toBeLessThanOrEqual(25);
      expect(o.autocomplete, where).toBeFalsy();
    }
    if (o.type === 1) checkOptions(o.options ?? [], where);
    else {
      if (o.required) expect(optionalSeen, `${where}: required after optional`).toBe(false);
      else optionalSeen = true;
    }
  }
}

describe('commandDefinitions', () => {
  it('defines /twin with its subcommands and /ask, within Discord limits', () => {
    const defs = commandDefinitions();
    expect(defs.map((d) => d.name)).toEqual(['twin', 'ask']);
    for (const d of defs) {
      expect(d.description!.length).toBeLessThanOrEqual(100);
      checkOptions(d.options as Option[], d.name);
    }
    const subs = (defs[0]!.options as Option[]).map((o) => o.name);
    expect(subs).toEqual(['browse', 'add', 'remove', 'mode', 'favorite', 'list', 'why', 'discuss', 'stop', 'create', 'import', 'export']);
    const ask = defs[1]!.options as Option[];
    expect(ask.map((o) => [o.name, o.required, o.autocomplete ?? false])).toEqual([
      ['twin', true, true],
      ['message', true, false],
    ]);
  });
});
