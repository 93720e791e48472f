/**
 * A Slack slash command or button press, from Bolt's arguments to the dispatcher and back:
 * the answer rides in the ack when it is ready within the budget, else follows through
 * response_url; a failure gets the apology, only the requester sees it.
 */
import type { ServerResponse } from 'node:http';
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs, SlackCommandMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Dispatcher } from '../../core/dispatcher.ts';
import { UserError } from '../../core/errors.ts';
import { type Locale, t, toLocale } from '../../core/i18n.ts';
import type { CoreLogger } from '../../core/logger.ts';
import { apology, notice, type Reply } from '../../core/reply.ts';
import type { User } from '../../core/request.ts';
import { ackAnswer, responseOf } from './http-ack.ts';
import { parseViewSubmission, renderView, toSubmissionRequest } from './modal.ts';
import { type CommandResponse, commandResponse, renderMessage } from './render.ts';
import { parseButtonPress, parseSlashCommand, type SlashCommandInput, toActionRequest, toCommandRequest } from './to-request.ts';
import type { UserDirectory } from './user-directory.ts';

/** Answers later than this go out through response_url after an empty ack (Slack allows 3 s). */
const ACK_BUDGET_MS = 2000;

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
export type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export interface SlackInteractionOptions {
  dispatcher: Dispatcher;
  directory: UserDirectory;
  logger: CoreLogger;
  defaultLocale: Locale;
}

export class SlackInteractions {
  private readonly dispatcher: Dispatcher;
  private readonly directory: UserDirectory;
  private readonly logger: CoreLogger;
  private readonly defaultLocale: Locale;

  constructor(options: SlackInteractionOptions) {
    ({ dispatcher: this.dispatcher, directory: this.directory, logger: this.logger, defaultLocale: this.defaultLocale } = options);
  }

  async command({ command, ack, respond, context: bolt }: CommandArgs): Promise<void> {
    const answer = new SlashAnswer(ack, respond, (error) => this.logger.error({ err: error, ...context }, 'slack ack failed'), responseOf(bolt));
    const context = { trigger: command.trigger_id, command: command.command, team: command.team_id, channel: command.channel_id, user: command.user_id };
    let locale = this.defaultLocale;
    try {
      // A cached profile is taken without an await: most commands come from people seen within the hour.
      const profile = this.directory.cached(command.user_id) ?? (await this.directory.forDisplay(command.user_id));
      locale = toLocale(profile?.locale, this.defaultLocale);
      let input: SlashCommandInput;
      try {
        input = parseSlashCommand(command, this.dispatcher.commands);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        await answer.send(commandResponse(notice(t(locale, error.key, error.params))));
        return;
      }
      const user: User = {
        id: command.user_id,
        displayName: profile?.realName || input.userName,
        locale,
        // users.info for the admin flag only when the command needs it: most commands cost no Web API call.
        canManage: input.needsManage ? await this.directory.canManage(command.user_id) : false,
      };
      const reply = await this.dispatcher.command(toCommandRequest(input, user, command));
      await answer.send(commandResponse(reply));
    } catch (error) {
      this.logger.error({ err: error, ...context }, 'slack command failed');
      await answer
        .send(commandResponse(apology(locale)))
        .catch((sendError: unknown) => this.logger.error({ err: sendError, ...context }, 'slack apology not sent'));
    }
  }

  async action({ body, action, ack, respond, client }: ActionArgs): Promise<void> {
    const press = parseButtonPress(body, action);
    if (!press) {
      await ack();
      this.logger.debug({ actionId: action.action_id, type: action.type }, 'slack action ignored');
      return;
    }
    // The ack waits for the dispatch (within the budget), so a press Slack saw acknowledged has
    // had its answer written: acking first would let a crash lose presses that looked accepted.
    const acked = budgetedAck(() => ack());
    const context = { trigger: body.trigger_id, action: press.action, community: press.where.community, channel: press.where.channel, user: press.userId };
    let locale = this.defaultLocale;
    const send = async (reply: Reply, replace: boolean) => {
      const message = renderMessage(reply);
      if (press.responseUrl) {
        await respond(replace ? { replace_original: true, ...message } : { response_type: 'ephemeral', replace_original: false, ...message });
      } else if (replace && press.messageTs) {
        await client.chat.update({ channel: press.where.channel, ts: press.messageTs, ...message });
      } else {
        await client.chat.postEphemeral({ channel: press.where.channel, user: press.userId, ...message });
      }
    };
    try {
      const profile = this.directory.cached(press.userId) ?? (await this.directory.forDisplay(press.userId));
      locale = toLocale(profile?.locale, this.defaultLocale);
      const user: User = { id: press.userId, displayName: profile?.realName || press.userName, locale, canManage: false };
      const outcome = await this.dispatcher.action(toActionRequest(press, user, body));
      await acked.now();
      // The trigger id opens a modal for 3 seconds from the press; the ack went first, within them.
      if (outcome.form) await client.views.open({ trigger_id: body.trigger_id, view: renderView(outcome.form, press.where) });
      if (outcome.update) await send(outcome.update, true);
      if (outcome.reply) await send(outcome.reply, false);
    } catch (error) {
      await acked.now().catch(() => undefined);
      this.logger.error({ err: error, ...context }, 'slack action failed');
      await send(apology(locale), false).catch((sendError: unknown) => this.logger.error({ err: sendError, ...context }, 'slack apology not sent'));
    }
  }
}

/**
 * A modal's submission: the ack closes the modal once the core has the report, and the
 * answer goes to the submitter alone, as an ephemeral message in the channel of the press.
 */
export async function viewSubmission(interactions: SlackInteractionOptions, { body, ack, client }: ViewArgs): Promise<void> {
  const submission = parseViewSubmission(body);
  if (!submission) {
    await ack();
    interactions.logger.debug({ callbackId: body.view.callback_id }, 'slack view ignored');
    return;
  }
  const context = { trigger: body.trigger_id, action: submission.action, community: submission.where.community, channel: submission.where.channel, user: submission.userId };
  const acked = budgetedAck(() => ack());
  let locale = interactions.defaultLocale;
  let reply: Reply;
  try {
    const profile = interactions.directory.cached(submission.userId) ?? (await interactions.directory.forDisplay(submission.userId));
    locale = toLocale(profile?.locale, interactions.defaultLocale);
    const user: User = { id: submission.userId, displayName: profile?.realName || submission.userName, locale, canManage: false };
    reply = (await interactions.dispatcher.action(toSubmissionRequest(submission, user, body))).reply ?? notice(t(locale, 'error.unknownAction'));
  } catch (error) {
    interactions.logger.error({ err: error, ...context }, 'slack view submission failed');
    reply = apology(locale);
  }
  await acked.now().catch(() => undefined);
  await client.chat
    .postEphemeral({ channel: submission.where.channel, user: submission.userId, ...renderMessage(reply) })
    .catch((error: unknown) => interactions.logger.error({ err: error, ...context }, 'slack view answer not sent'));
}

/**
 * A slash command's answer goes in the ack when it is ready in time (one round trip);
 * otherwise an empty ack goes out at the budget and the answer follows via response_url.
 */
class SlashAnswer {
  private started = false;
  private early: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ack: CommandArgs['ack'],
    private readonly respond: CommandArgs['respond'],
    onAckError: (error: unknown) => void,
    private readonly httpResponse?: ServerResponse,
  ) {
    this.timer = setTimeout(() => {
      this.started = true;
      this.early = ack().catch(onAckError);
    }, ACK_BUDGET_MS);
  }

  async send(message: CommandResponse): Promise<void> {
    clearTimeout(this.timer);
    if (!this.started) {
      this.started = true;
      await ackAnswer(this.ack, this.httpResponse, message);
      return;
    }
    await this.early;
    await this.respond(message);
  }
}

/** An ack sent when `now()` is called or when the budget runs out, whichever comes first; once. */
function budgetedAck(ack: () => Promise<void>): { now: () => Promise<void> } {
  let sent: Promise<void> | undefined;
  const send = () => {
    sent ??= ack();
    return sent;
  };
  const timer = setTimeout(() => void send().catch(() => undefined), ACK_BUDGET_MS);
  return {
    now: () => {
      clearTimeout(timer);
      return send();
    },
  };
}
