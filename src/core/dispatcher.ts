import { LRUCache } from 'lru-cache';
import { cutUserText } from './log-text.ts';
import { type ActionHandler, type Command, optionsOf, subcommandOf } from './command.ts';
import { StoreError, UserError } from './errors.ts';
import { type Locale, type MessageKey, t } from './i18n.ts';
import type { CoreLogger } from './logger.ts';
import { type ActionOutcome, apology, notice, type Reply, userText } from './reply.ts';
import type { ActionRequest, AutocompleteChoice, AutocompleteRequest, CommandRequest, Platform } from './request.ts';
import type { Study } from './study.ts';

export type Outcome = 'ok' | 'user_error' | 'error';

/** Hooks for metrics; the core does not know which metrics library is behind them. */
export interface DispatchObserver {
  commandHandled?(name: string, outcome: Outcome, seconds: number): void;
  actionHandled?(name: string, outcome: Outcome, seconds: number): void;
  storeError?(operation: string): void;
  answerRecorded?(platform: Platform): void;
}

const PERMISSION_KEY: Record<Platform, MessageKey> = { discord: 'perm.discord', slack: 'perm.slack', console: 'perm.console' };

/**
 * The single place where requests meet handlers. Errors are caught here once:
 * a UserError becomes its message, a StoreError a short apology, anything else
 * is logged with context and the user gets a generic apology.
 */
export class Dispatcher {
  /** Replies of pure commands (`/define kubelet` in Korean), by command, options and language. */
  private readonly pureReplies = new LRUCache<string, Reply>({ max: 1000, maxSize: 2_000_000, sizeCalculation: (_reply, key) => key.length + 1000 });

  constructor(
    readonly commands: readonly Command[],
    readonly study: Study,
    private readonly logger: CoreLogger,
    private readonly observer: DispatchObserver = {},
  ) {}

  find(name: string): Command | undefined {
    return this.commands.find((command) => command.name === name);
  }

  async command(request: CommandRequest): Promise<Reply> {
    const started = performance.now();
    let outcome: Outcome = 'ok';
    try {
      const command = this.find(request.command);
      if (!command) throw new UserError('error.unknownCommand', { command: userText(request.command.slice(0, 40)) });
      const resolved = this.resolveSubcommand(command, request);
      this.checkOptions(command, resolved);
      if (!command.pure) return await command.handle(resolved, this.study);
      const key = JSON.stringify([resolved.command, resolved.subcommand ?? '', resolved.options, resolved.user.locale]);
      const known = this.pureReplies.get(key);
      if (known) return known;
      const reply = deepFreeze(await command.handle(resolved, this.study));
      this.pureReplies.set(key, reply);
      return reply;
    } catch (error) {
      outcome = error instanceof UserError ? 'user_error' : 'error';
      return this.failureReply(error, request.user.locale, {
        command: request.command,
        subcommand: request.subcommand,
        options: loggedOptions(request.options),
        user: request.user.id,
        platform: request.platform,
        community: request.community,
        requestId: request.requestId,
      });
    } finally {
      this.observer.commandHandled?.(request.command, outcome, (performance.now() - started) / 1000);
    }
  }

  async action(request: ActionRequest): Promise<ActionOutcome> {
    const started = performance.now();
    let outcome: Outcome = 'ok';
    try {
      const [commandName, actionName] = splitAction(request.action);
      const handler = commandName && actionName ? actionOf(this.find(commandName), actionName) : undefined;
      if (!handler) throw new UserError('error.unknownAction');
      const result = await handler(request, this.study);
      if (result.answerRecorded) this.observer.answerRecorded?.(request.platform);
      return result;
    } catch (error) {
      outcome = error instanceof UserError ? 'user_error' : 'error';
      return {
        reply: this.failureReply(error, request.user.locale, {
          action: request.action,
          payload: cutUserText(request.payload, 100),
          user: request.user.id,
          platform: request.platform,
          community: request.community,
          requestId: request.requestId,
        }),
      };
    } finally {
      this.observer.actionHandled?.(request.action, outcome, (performance.now() - started) / 1000);
    }
  }

  /** Autocomplete must answer within the platform's deadline; on any error it offers nothing rather than failing. */
  async autocomplete(request: AutocompleteRequest): Promise<AutocompleteChoice[]> {
    try {
      const command = this.find(request.command);
      return (await command?.autocomplete?.(request, this.study)) ?? [];
    } catch (error) {
      this.logger.error({ err: error, command: request.command }, 'autocomplete failed');
      return [];
    }
  }

  private resolveSubcommand(command: Command, request: CommandRequest): CommandRequest {
    if (!command.subcommands) return request;
    const sub = subcommandOf(command, request.subcommand);
    if (!sub) {
      throw new UserError('error.unknownSubcommand', {
        command: command.name,
        sub: userText((request.subcommand ?? '').slice(0, 40)),
        choices: command.subcommands.map((candidate) => `\`${candidate.name}\``).join(', '),
      });
    }
    if (sub.requiresManage && !request.user.canManage) {
      throw new UserError('error.noPermission', { permission: t(request.user.locale, PERMISSION_KEY[request.platform]) });
    }
    return { ...request, subcommand: sub.name };
  }

  private checkOptions(command: Command, request: CommandRequest): void {
    for (const option of optionsOf(command, request.subcommand)) {
      if (option.required && request.options[option.name] === undefined) {
        throw new UserError('error.missingOption', { option: option.name, usage: `\`${command.usage}\`` });
      }
    }
  }

  private failureReply(error: unknown, locale: Locale, context: Record<string, unknown>): Reply {
    if (error instanceof UserError) return notice(t(locale, error.key, error.params));
    if (error instanceof StoreError) {
      this.observer.storeError?.(String(context.command ?? context.action ?? 'unknown'));
      // An outage is one error line from the store as it starts (and one as it ends); each request
      // it costs is a warning, so an apology can still be matched to its request.
      const outage = error.code === 'store_unavailable' || error.code === 'store_timeout';
      this.logger[outage ? 'warn' : 'error']({ err: error, code: error.code, ...context }, 'store error while handling a request');
      return apology(locale, 'store');
    }
    this.logger.error({ err: error, ...context }, 'handler failed');
    return apology(locale);
  }
}

/**
 * Only a command's own declared actions: a button id is whatever the platform hands back, so
 * `quiz.constructor` or `quiz.__proto__` must not reach Object.prototype through `actions[name]`.
 */
function actionOf(command: Command | undefined, name: string): ActionHandler | undefined {
  const actions = command?.actions;
  if (!actions || !Object.hasOwn(actions, name)) return undefined;
  const handler = actions[name];
  return typeof handler === 'function' ? handler : undefined;
}

function splitAction(action: string): [string | undefined, string | undefined] {
  const dot = action.indexOf('.');
  return dot > 0 ? [action.slice(0, dot), action.slice(dot + 1)] : [undefined, undefined];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** What the user typed, fit for a log line: each value on one line and short. */
function loggedOptions(options: CommandRequest['options']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([name, value]) => [name, typeof value === 'string' ? cutUserText(value, 100) : value]));
}
