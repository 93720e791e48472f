/**
 * Answering interactions: slash commands, button presses and autocomplete. The answer
 * goes out as the interaction's initial callback whenever the core is quick (one round
 * trip, outside the global REST limit); a slow core gets a deferral first, so Discord's
 * 3-second deadline is always met.
 */
import {
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessagePayload,
  type ModalSubmitInteraction,
  type RepliableInteraction,
} from 'discord.js';
import type { Dispatcher } from '../../core/dispatcher.ts';
import { type Locale, t, toLocale } from '../../core/i18n.ts';
import type { CoreLogger } from '../../core/logger.ts';
import { apology, notice } from '../../core/reply.ts';
import { renderModal, toFormRequest } from './modal.ts';
import { clip, type DiscordMessage, renderMessage } from './render.ts';
import { toActionRequest, toAutocompleteRequest, toCommandRequest } from './to-request.ts';

export interface InteractionTiming {
  /** Without an answer by then, the interaction is deferred (Discord allows 3 s for the first callback). */
  deferAfterMs: number;
  /**
   * Autocomplete cannot be deferred; past this it offers nothing rather than miss the window
   * (Discord's 3 s include the network both ways, so the core gets a third of them).
   */
  autocompleteMs: number;
}

export const DEFAULT_TIMING: InteractionTiming = { deferAfterMs: 1500, autocompleteMs: 1000 };

const MAX_CHOICES = 25;
const CHOICE_LENGTH = 100;

/**
 * The rendered body is API JSON already, so it goes to discord.js as a resolved
 * MessagePayload and is sent as it is. Resolving it again would re-case every key and
 * look up several modules per call, which costs more per answer than everything the
 * core does for it.
 */
function prepared(target: Interaction, body: NonNullable<MessagePayload['body']>): MessagePayload {
  const payload = new MessagePayload(target, {});
  payload.body = body;
  payload.files = [];
  return payload;
}

function replyBody(interaction: Interaction, message: DiscordMessage): MessagePayload {
  return prepared(interaction, { embeds: message.embeds, components: message.components, flags: message.flags, allowed_mentions: message.allowed_mentions });
}

/** Edits cannot change a message's flags; ephemerality is fixed when it is created. */
function editBody(interaction: Interaction, message: DiscordMessage): MessagePayload {
  return prepared(interaction, { embeds: message.embeds, components: message.components, allowed_mentions: message.allowed_mentions });
}

export class InteractionHandler {
  /** What the last answer to each command was: a deferral has to choose ephemeral or not before the answer exists. */
  private readonly lastEphemeral = new Map<string, boolean>();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly logger: CoreLogger,
    private readonly defaultLocale: Locale,
    private readonly timing: InteractionTiming = DEFAULT_TIMING,
  ) {}

  async handle(interaction: Interaction, raw: APIInteraction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) await this.autocomplete(interaction, raw as APIApplicationCommandAutocompleteInteraction);
      else if (interaction.isChatInputCommand()) await this.command(interaction, raw as APIChatInputApplicationCommandInteraction);
      else if (interaction.isButton()) await this.button(interaction, raw as APIMessageComponentInteraction);
      else if (interaction.isModalSubmit()) await this.modalSubmit(interaction, raw as APIModalSubmitInteraction);
    } catch (error) {
      this.logger.error(
        { err: error, interaction: interaction.id, type: interaction.type, guild: interaction.guildId, user: interaction.user.id },
        'discord interaction failed',
      );
      if (interaction.isRepliable()) await this.apologise(interaction);
    }
  }

  private async command(interaction: ChatInputCommandInteraction, raw: APIChatInputApplicationCommandInteraction): Promise<void> {
    const request = toCommandRequest(raw, this.defaultLocale);
    if (!request) throw new Error('command interaction without a user or channel');
    const key = `${request.command} ${request.subcommand ?? ''}`;
    const guess = this.lastEphemeral.get(key) ?? false;
    const { value: reply, deferred } = await this.inTime(this.dispatcher.command(request), () => interaction.deferReply(guess ? { flags: 'Ephemeral' } : {}));
    const message = renderMessage(reply);
    const ephemeral = message.flags !== 0;
    this.lastEphemeral.set(key, ephemeral);
    if (!deferred) {
      await interaction.reply(replyBody(interaction, message));
    } else if (ephemeral === guess) {
      await interaction.editReply(editBody(interaction, message));
    } else {
      // The placeholder went out with the wrong visibility: the answer follows with the right one, the placeholder goes.
      await interaction.followUp(replyBody(interaction, message));
      await interaction
        .deleteReply()
        .catch((error: unknown) => this.logger.warn({ err: error, interaction: interaction.id }, 'discord placeholder not deleted'));
    }
  }

  private async button(interaction: ButtonInteraction, raw: APIMessageComponentInteraction): Promise<void> {
    const request = toActionRequest(raw, this.defaultLocale);
    if (!request) {
      await interaction.reply(replyBody(interaction, renderMessage(notice(t(toLocale(raw.locale, this.defaultLocale), 'error.unknownAction')))));
      return;
    }
    const { value: outcome, deferred } = await this.inTime(this.dispatcher.action(request), () => interaction.deferUpdate());
    if (outcome.form) {
      // A modal can only be the first answer; after a deferral the presser is told how to report by text.
      if (!deferred) await interaction.showModal(renderModal(outcome.form));
      else await interaction.followUp(replyBody(interaction, renderMessage({ ...outcome.form.instead, visibility: 'requester' })));
      return;
    }
    if (outcome.update) {
      const message = editBody(interaction, renderMessage(outcome.update));
      if (deferred) await interaction.editReply(message);
      else await interaction.update(message);
    }
    if (outcome.reply) {
      // A press's own reply is for the presser alone, whatever the handler marked it.
      const message = replyBody(interaction, renderMessage({ ...outcome.reply, visibility: 'requester' }));
      if (interaction.replied || interaction.deferred) await interaction.followUp(message);
      else await interaction.reply(message);
    }
    if (!interaction.replied && !interaction.deferred) await interaction.deferUpdate();
  }

  /** A form's submission: its answer is for the submitter alone. */
  private async modalSubmit(interaction: ModalSubmitInteraction, raw: APIModalSubmitInteraction): Promise<void> {
    const request = toFormRequest(raw, this.defaultLocale);
    const locale = toLocale(raw.locale, this.defaultLocale);
    if (!request) {
      await interaction.reply(replyBody(interaction, renderMessage(notice(t(locale, 'error.unknownAction')))));
      return;
    }
    const { value: outcome, deferred } = await this.inTime(this.dispatcher.action(request), () => interaction.deferReply({ flags: 'Ephemeral' }));
    const message = renderMessage({ ...(outcome.reply ?? notice(t(locale, 'error.unknownAction'))), visibility: 'requester' });
    if (deferred) await interaction.editReply(editBody(interaction, message));
    else await interaction.reply(replyBody(interaction, message));
  }

  private async autocomplete(interaction: AutocompleteInteraction, raw: APIApplicationCommandAutocompleteInteraction): Promise<void> {
    const request = toAutocompleteRequest(raw, this.defaultLocale);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<[]>((resolve) => {
      timer = setTimeout(() => resolve([]), this.timing.autocompleteMs);
    });
    const choices = request ? await Promise.race([this.dispatcher.autocomplete(request), late]) : [];
    clearTimeout(timer);
    await interaction.respond(
      choices.slice(0, MAX_CHOICES).map((choice) => ({ name: clip(choice.name, CHOICE_LENGTH), value: choice.value.slice(0, CHOICE_LENGTH) })),
    );
  }

  /** Waits for the core; if it has not answered within the budget, `defer` runs meanwhile. */
  private async inTime<T>(work: Promise<T>, defer: () => Promise<unknown>): Promise<{ value: T; deferred: boolean }> {
    let deferral: Promise<unknown> | undefined;
    const timer = setTimeout(() => {
      deferral = defer();
      // Awaited below; this only keeps a failure from counting as unhandled while the core is still busy.
      deferral.catch(() => undefined);
    }, this.timing.deferAfterMs);
    let value: T;
    try {
      value = await work;
    } finally {
      clearTimeout(timer);
    }
    if (!deferral) return { value, deferred: false };
    await deferral;
    return { value, deferred: true };
  }

  private async apologise(interaction: RepliableInteraction): Promise<void> {
    const message = replyBody(interaction, renderMessage(apology(toLocale(interaction.locale, this.defaultLocale))));
    try {
      if (interaction.replied || interaction.deferred) await interaction.followUp(message);
      else await interaction.reply(message);
    } catch (error) {
      this.logger.error({ err: error, interaction: interaction.id }, 'discord apology not sent');
    }
  }
}
