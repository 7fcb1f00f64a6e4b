import { AppError } from '../core/errors.js';
import type { Channel, WorkspaceOwner } from '../core/domain.js';
import { newId, stableId } from '../core/ids.js';
import type { InboundMessage } from '../core/messages.js';
import type { ChannelStore, TwinCatalog } from '../core/ports.js';
import { checkAttachmentUrl, type AttachmentPolicy } from '../engine/attachments.js';
import { DEFAULT_ASSISTANT } from '../core/default-twin.js';
import { apiChannelKey } from './api-channel.js';
import type { Principal } from './auth.js';
import type { ChatBodyInput } from './schemas.js';

export interface ChatInputDeps {
  channels: ChannelStore;
  catalog: TwinCatalog;
  attachments: AttachmentPolicy;
  imageMaxBytes: number;
}

/** The conversation a request belongs to: its channelId, or the user's default one. */
export function sessionIdFor(p: Principal, channelId: string | undefined): string {
  return channelId ?? stableId('api-session', p.customerId, p.userId);
}

/**
 * A caller may use their own workspace, or their customer's shared one by passing the customer
 * id as workspaceId; any other id is 404, as if it did not exist.
 */
export function workspaceFor(p: Principal, workspaceId: string | undefined): WorkspaceOwner {
  if (!workspaceId || workspaceId === p.userId) return { customerId: p.customerId, userId: p.userId };
  if (workspaceId === p.customerId) return { customerId: p.customerId, userId: p.customerId };
  throw new AppError('NOT_FOUND', `workspaceId: workspace ${workspaceId} not found`, { field: 'workspaceId' });
}

/** Validates what zod cannot (twin exists, image sizes, attachment hosts) and builds the InboundMessage. */
export async function toInbound(body: ChatBodyInput, p: Principal, deps: ChatInputDeps): Promise<{ inbound: InboundMessage; channel: Channel; sessionId: string }> {
  let personality: string | null = null;
  if (body.personality) {
    const twin = await deps.catalog.resolve(body.personality, p.customerId);
    if (!twin && body.personality !== DEFAULT_ASSISTANT.slug) {
      throw new AppError('TWIN_NOT_FOUND', `personality: no twin "${body.personality}" in the catalog`, { field: 'personality' });
    }
    personality = twin ? twin.id : DEFAULT_ASSISTANT.slug;
  }
  (body.images ?? []).forEach((img, i) => {
    const bytes = Math.floor((img.base64.length * 3) / 4);
    if (bytes > deps.imageMaxBytes) {
      throw new AppError('VALIDATION_ERROR', `images[${i}].base64: image is larger than ${deps.imageMaxBytes} bytes`, { field: `images[${i}].base64` });
    }
  });
  for (const [i, a] of (body.attachments ?? []).entries()) {
    if (a.size !== undefined && a.size > deps.attachments.maxBytes) {
      throw new AppError('VALIDATION_ERROR', `attachments[${i}].size: larger than ${deps.attachments.maxBytes} bytes`, { field: `attachments[${i}].size` });
    }
    await checkAttachmentUrl(a.url, `attachments[${i}].url`, deps.attachments);
  }
  const owner = workspaceFor(p, body.workspaceId);
  const sessionId = sessionIdFor(p, body.channelId);
  const channel = await deps.channels.ensure({
    platform: 'api',
    externalId: apiChannelKey(p, sessionId),
    customerId: owner.customerId,
    workspaceUserId: owner.userId,
  });
  const webSearch = body.messageType === 'research' || body.useFirecrawl === true;
  const inbound: InboundMessage = {
    platform: body.platform ?? 'api',
    messageId: newId(),
    channel: { id: channel.id, externalId: sessionId, threadId: body.threadId ?? null },
    owner,
    author: { id: p.userId, name: body.userId && body.userId !== p.userId ? body.userId : 'User' },
    text: body.message,
    personality,
    attachments: body.attachments ?? [],
    images: body.images ?? [],
    context: body.context ?? null,
    options: {
      model: body.model ?? null,
      messageType: body.messageType ?? 'chat',
      webSearch,
      debug: body.debug ?? false,
      maxTwins: null,
    },
    receivedAt: new Date().toISOString(),
  };
  return { inbound, channel, sessionId };
}
