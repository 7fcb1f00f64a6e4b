/**
 * Routes interactions to their handlers. Anything unexpected still gets an ephemeral sentence,
 * so a user never watches "The application did not respond".
 */
import type { Interaction } from 'discord.js';
import { askCommand } from './ask.js';
import { autocomplete } from './autocomplete.js';
import type { AdapterContext } from '../context.js';
import { replyError } from './respond.js';
import { twinButton, twinCommand, twinModal } from './twin.js';

export function createInteractionHandler(ctx: AdapterContext): (i: Interaction) => Promise<void> {
  return async (i) => {
    try {
      if (i.isAutocomplete()) {
        await autocomplete(ctx, i);
      } else if (i.isChatInputCommand()) {
        if (i.commandName === 'twin') await twinCommand(ctx, i);
        else if (i.commandName === 'ask') await askCommand(ctx, i);
        else await i.reply({ content: 'That command is not known here.', flags: 64 });
      } else if (i.isButton()) {
        await twinButton(ctx, i);
      } else if (i.isModalSubmit()) {
        if (!(await twinModal(ctx, i))) await i.reply({ content: 'That form is not known here.', flags: 64 });
      }
    } catch (err) {
      if (i.isChatInputCommand() || i.isButton() || i.isModalSubmit()) await replyError(i, err, ctx.logger.child({ interactionId: i.id }));
      else ctx.logger.error({ err, interactionId: i.id }, 'discord: interaction handler failed');
    }
  };
}
