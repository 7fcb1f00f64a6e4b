import type { WorkspaceOwner } from '../core/domain.js';
import { validationError } from '../core/errors.js';
import type { TwinFiles } from '../core/services.js';
import { fetchGuarded, type AttachmentPolicy } from '../engine/attachments.js';
import { LIMITS } from '../personas/index.js';
import type { CustomTwinService } from './custom-twins.js';
import { TwinCreateInput } from './twin-input.js';

/**
 * Persona files for the platforms: export, and import of a file a user attached (fetched from
 * the platform's URL under the chat attachments' SSRF guard, capped at the import limit); and
 * creation from a platform form, validated by the same schema as POST /api/v2/twins.
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
    async create(owner, fields, add) {
      const parsed = TwinCreateInput.safeParse({
        name: fields.name,
        ...(fields.description?.trim() ? { description: fields.description.trim() } : {}),
        ...(fields.avatarUrl?.trim() ? { avatar_url: fields.avatarUrl.trim() } : {}),
        persona: { prompt: fields.prompt, ...(fields.examples && fields.examples.length > 0 ? { examples: fields.examples } : {}) },
        add_to_workspace: { participation_mode: add.participationMode ?? 'on-demand' },
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        // `persona.examples.3` names the list, not the index: the form has one field for all lines.
        const field = issue.path.filter((p) => typeof p === 'string').join('.');
        throw validationError(field, issue.message);
      }
      return deps.twins.create(owner, parsed.data);
    },
  };
}
