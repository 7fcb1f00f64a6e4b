/**
 * `views.open` as Slack documents it: a trigger_id from a slash command or click, used once and
 * within 3 seconds (`invalid_trigger_id` / `expired_trigger_id`), and a modal view whose title,
 * submit and close are plain_text of at most 24 characters, with 1–100 blocks, input blocks
 * each holding an element with an action_id (`invalid_arguments` otherwise).
 */
import type { Args, Result } from './methods.js';
import type { FakeSlackState } from './state.js';

const TRIGGER_LIFETIME_MS = 3000;

const fail = (error: string, messages?: string[]): Result => ({ ok: false, error, ...(messages ? { response_metadata: { messages } } : {}) });

function plainText(v: unknown, max: number): boolean {
  const t = v as { type?: unknown; text?: unknown } | undefined;
  return t?.type === 'plain_text' && typeof t.text === 'string' && t.text.length >= 1 && t.text.length <= max;
}

function viewProblems(view: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (view.type !== 'modal') problems.push('[ERROR] must be a modal [json-pointer:/view/type]');
  if (!plainText(view.title, 24)) problems.push('[ERROR] must be plain_text of at most 24 characters [json-pointer:/view/title]');
  for (const key of ['submit', 'close']) {
    if (view[key] !== undefined && !plainText(view[key], 24)) problems.push(`[ERROR] must be plain_text of at most 24 characters [json-pointer:/view/${key}]`);
  }
  const blocks = view.blocks;
  if (!Array.isArray(blocks) || blocks.length < 1 || blocks.length > 100) {
    problems.push('[ERROR] must provide 1 to 100 blocks [json-pointer:/view/blocks]');
    return problems;
  }
  const inputs = blocks.filter((b: { type?: unknown }) => b.type === 'input') as { block_id?: unknown; label?: unknown; element?: { type?: unknown; action_id?: unknown } }[];
  if (inputs.length > 0 && !view.submit) problems.push('[ERROR] a view with inputs needs submit [json-pointer:/view/submit]');
  inputs.forEach((b, n) => {
    if (!plainText(b.label, 2000)) problems.push(`[ERROR] must be plain_text [json-pointer:/view/blocks/${n}/label]`);
    if (typeof b.element?.type !== 'string' || typeof b.element.action_id !== 'string') {
      problems.push(`[ERROR] must have an element with an action_id [json-pointer:/view/blocks/${n}/element]`);
    }
  });
  return problems;
}

export const VIEW_METHODS = {
  'views.open': (args: Args, _ws: unknown, state: FakeSlackState): Result => {
    const triggerId = typeof args.trigger_id === 'string' ? args.trigger_id : '';
    const trigger = state.triggers.get(triggerId);
    if (!trigger || trigger.used) return fail('invalid_trigger_id');
    if (Date.now() - trigger.at > TRIGGER_LIFETIME_MS) return fail('expired_trigger_id');
    const view = (typeof args.view === 'string' ? JSON.parse(args.view) : args.view) as Record<string, unknown> | undefined;
    if (!view || typeof view !== 'object') return fail('invalid_arguments', ['[ERROR] missing required field: view']);
    const problems = viewProblems(view);
    if (problems.length > 0) return fail('invalid_arguments', problems);
    trigger.used = true;
    const id = `V${state.nextTs().replace('.', '')}`;
    const opened = {
      id,
      team_id: null,
      type: 'modal',
      title: view.title,
      ...(view.submit ? { submit: view.submit } : {}),
      ...(view.close ? { close: view.close } : {}),
      blocks: view.blocks,
      callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
      private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
      external_id: '',
      state: { values: {} },
      hash: `${Date.now()}.${id}`,
      clear_on_close: false,
      notify_on_close: false,
      root_view_id: id,
      previous_view_id: null,
      app_id: 'A0FAKEAPP',
      bot_id: 'B0FAKEBOT',
    };
    state.views.push({ id, triggerId, user: trigger.user, view: opened });
    state.changed();
    return { ok: true, view: opened };
  },
};
