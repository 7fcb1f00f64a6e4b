import { describe, expect, it } from 'vitest';
import { askSplits, parseCommand } from '../../adapters/slack/commands/parse.js';

describe('parseCommand', () => {
  it('reads the simple subcommands', () => {
    expect(parseCommand('')).toEqual({ kind: 'help' });
    expect(parseCommand('help')).toEqual({ kind: 'help' });
    expect(parseCommand('LIST')).toEqual({ kind: 'list' });
    expect(parseCommand('why')).toEqual({ kind: 'why' });
    expect(parseCommand('browse')).toEqual({ kind: 'browse', query: null });
    expect(parseCommand('browse  Visionary ')).toEqual({ kind: 'browse', query: 'Visionary' });
    expect(parseCommand('browse machine learning')).toEqual({ kind: 'browse', query: 'machine learning' });
  });

  it('reads add with trailing options in any order, and multi-word names', () => {
    expect(parseCommand('add steve-jobs')).toEqual({ kind: 'add', ref: 'steve-jobs', mode: null, favorite: false });
    expect(parseCommand('add Steve Jobs observer favorite')).toEqual({ kind: 'add', ref: 'Steve Jobs', mode: 'observer', favorite: true });
    expect(parseCommand('add ada fav on-demand')).toEqual({ kind: 'add', ref: 'ada', mode: 'on-demand', favorite: true });
    expect(parseCommand('add "Active Listener" active')).toEqual({ kind: 'add', ref: 'Active Listener', mode: 'active', favorite: false });
    // A lone word is the name even when it looks like an option.
    expect(parseCommand('add active')).toEqual({ kind: 'add', ref: 'active', mode: null, favorite: false });
    expect(parseCommand('add')).toMatchObject({ kind: 'usage' });
  });

  it('reads remove and favorite', () => {
    expect(parseCommand('remove Marie Curie')).toEqual({ kind: 'remove', ref: 'Marie Curie' });
    expect(parseCommand('remove')).toMatchObject({ kind: 'usage' });
    expect(parseCommand('favorite ada')).toEqual({ kind: 'favorite', ref: 'ada', value: null });
    expect(parseCommand('unfavorite ada')).toEqual({ kind: 'favorite', ref: 'ada', value: false });
  });

  it('reads mode for the workspace, this channel, another channel, and clearing', () => {
    expect(parseCommand('mode steve jobs active')).toEqual({ kind: 'mode', ref: 'steve jobs', mode: 'active', scope: { kind: 'workspace' } });
    expect(parseCommand('mode ada observer channel')).toEqual({ kind: 'mode', ref: 'ada', mode: 'observer', scope: { kind: 'channel', channelId: null } });
    expect(parseCommand('mode ada ondemand <#C0123|general>')).toEqual({
      kind: 'mode',
      ref: 'ada',
      mode: 'on-demand',
      scope: { kind: 'channel', channelId: 'C0123' },
    });
    expect(parseCommand('mode ada default here')).toEqual({ kind: 'mode', ref: 'ada', mode: null, scope: { kind: 'channel', channelId: null } });
    expect(parseCommand('mode ada default')).toMatchObject({ kind: 'usage' });
    expect(parseCommand('mode ada loud')).toMatchObject({ kind: 'usage', message: expect.stringContaining('loud') });
    expect(parseCommand('mode ada')).toMatchObject({ kind: 'usage' });
  });

  it('unescapes Slack entities in command text', () => {
    expect(parseCommand('mode ada active &lt;#C9|x&gt;')).toMatchObject({ scope: { kind: 'channel', channelId: 'C9' } });
  });

  it('reads ask and rejects unknown subcommands', () => {
    expect(parseCommand('ask ada what is an engine?')).toMatchObject({ kind: 'ask' });
    expect(parseCommand('ask ada')).toMatchObject({ kind: 'usage' });
    expect(parseCommand('dance')).toMatchObject({ kind: 'usage', message: expect.stringContaining('dance') });
  });
});

describe('askSplits', () => {
  it('tries the longest name first and keeps the message intact', () => {
    expect(askSplits('steve jobs what is\nfocus?')).toEqual([
      { ref: 'steve jobs what is', message: 'focus?' },
      { ref: 'steve jobs what', message: 'is\nfocus?' },
      { ref: 'steve jobs', message: 'what is\nfocus?' },
      { ref: 'steve', message: 'jobs what is\nfocus?' },
    ]);
  });

  it('keeps the name on the first line', () => {
    expect(askSplits('ada\nwhat\nnow')).toEqual([{ ref: 'ada', message: 'what\nnow' }]);
  });

  it('honors quotes and a colon', () => {
    expect(askSplits('"Marie Curie" why radium?')).toEqual([{ ref: 'Marie Curie', message: 'why radium?' }]);
    expect(askSplits('marie curie: why radium? because: science')).toEqual([{ ref: 'marie curie', message: 'why radium? because: science' }]);
    expect(askSplits('"Marie Curie"')).toEqual([]);
  });

  it('reads discuss: topic, then optional twins after the last "with", then turns', () => {
    expect(parseCommand('discuss Is risk overrated?')).toEqual({ kind: 'discuss', topic: 'Is risk overrated?', twins: null, turns: null });
    expect(parseCommand('discuss Is risk overrated? with Paul Graham, warren-buffett and "Charlie Munger" turns 8')).toEqual({
      kind: 'discuss',
      topic: 'Is risk overrated?',
      twins: ['Paul Graham', 'warren-buffett', 'Charlie Munger'],
      turns: 8,
    });
    expect(parseCommand('discuss "Build with Rust?" with ada, grace')).toEqual({ kind: 'discuss', topic: 'Build with Rust?', twins: ['ada', 'grace'], turns: null });
    expect(parseCommand('discuss pricing turns:3')).toEqual({ kind: 'discuss', topic: 'pricing', twins: null, turns: 3 });
    // "without" is not "with"; a missing topic or a bad turn count is a usage sentence.
    expect(parseCommand('discuss life without rules')).toMatchObject({ topic: 'life without rules', twins: null });
    expect(parseCommand('discuss')).toMatchObject({ kind: 'usage' });
    expect(parseCommand('discuss x turns 21')).toMatchObject({ kind: 'usage', message: expect.stringContaining('1 to 20') });
    expect(parseCommand('discuss x turns many')).toMatchObject({ kind: 'usage' });
    expect(parseCommand('stop')).toEqual({ kind: 'stop' });
  });
});
