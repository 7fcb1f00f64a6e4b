/**
 * What an adapter supplies to render a reply: where its messages go (post, edit, remove, and
 * optionally a native append-only stream), its limits, its style, and how its errors read.
 */
import type { ReplyStyle } from './compose.js';

export type WriteOp = 'post' | 'edit' | 'remove' | 'start' | 'append' | 'stop';

export type FailureKind =
  /** Rate limited: the budget holds `op` off for `retryAfterMs`, then the newest text goes. */
  | 'ratelimited'
  /** Network trouble or a platform-side failure: back off and try again. */
  | 'retry'
  /** The message is gone (deleted by someone): post it again. */
  | 'gone'
  /** The sink's identity is gone (a deleted webhook): `replace()` the sink and post anew. */
  | 'lost'
  /** The native stream ended on the platform's side: the message continues by edits. */
  | 'stream_closed'
  /** Native streaming is not offered here: use post and edit. */
  | 'unavailable'
  /** The platform's limit is lower than ours: split smaller. */
  | 'too_long'
  /** Refused for good. */
  | 'fatal';

export interface Failure {
  kind: FailureKind;
  retryAfterMs?: number | undefined;
  /** The platform's error code or name, for logs. */
  code?: string | number | undefined;
}

export interface NativeStream {
  /** Whether to open new parts as native streams now. */
  available(): boolean;
  /** Refused as unavailable: stop trying (the adapter may remember this per team). */
  disable(reason: string): void;
  start(text: string, index: number): Promise<string>;
  append(id: string, delta: string, index: number): Promise<void>;
  stop(id: string, index: number): Promise<void>;
}

export interface ReplySink {
  /** Key of the shared write budget (a channel, a team). */
  readonly budgetKey: string;
  readonly limits: {
    maxChars: number;
    /** Minimum time between two content changes of one message. */
    editIntervalMs: number;
  };
  readonly style: ReplyStyle;
  post(content: string, index: number): Promise<string>;
  edit(id: string, content: string, index: number): Promise<void>;
  remove(id: string, index: number): Promise<void>;
  readonly stream?: NativeStream | undefined;
  /** Reads a thrown platform error. */
  classify(err: unknown): Failure;
  /** After a 'lost' failure: a sink to finish the reply with (recreated identity, or a fallback), or null. */
  replace?(): Promise<ReplySink | null>;
}
