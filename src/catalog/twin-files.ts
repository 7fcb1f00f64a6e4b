import type { WorkspaceOwner } from '../core/domain.js';
import type { TwinFiles } from '../core/services.js';
import { fetchGuarded, type AttachmentPolicy } from '../engine/attachments.js';
import { LIMITS } from '../personas/index.js';
import type { CustomTwinService } from './custom-twins.js';

/**
 * Persona files for the platforms: export, and import of a file a user attached (fetched from
 * the platform's URL under the chat attachments' SSRF guard, capped at the import limit).
 */
export function createTwinFiles(options: { attachments: AttachmentPolicy }, deps: { twins: CustomTwinService }): TwinFiles {
  return {
    exportFile: (viewer, ref, format) => deps.twins.exportFile(viewer, ref, format),
    async importUrl(owner: WorkspaceOwner, file, add) {
      const policy = { ...options.attachments, maxBytes: LIMITS.fileBytes };
      const fetched = await fetchGuarded(file.url, 'file', policy, undefined, file.headers);
      const contentType = file.contentType ?? fetched.type ?? (file.filename.toLowerCase().endsWith('.png') ? 'image/png' : 'application/json');
      const result = await deps.twins.importFile(owner, { contentType, bytes: fetched.body }, add);
      return { twins: result.twins, skipped: result.skipped };
    },
  };
}
