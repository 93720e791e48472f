import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Dispatcher } from '../../core/dispatcher.ts';
import { type Locale, t } from '../../core/i18n.ts';
import type { CoreLogger } from '../../core/logger.ts';
import { apology, type Button, notice, plainText, type Reply } from '../../core/reply.ts';
import type { User, Where } from '../../core/request.ts';
import { parseCommandLine } from '../../core/text-command.ts';
import { UserError } from '../../core/errors.ts';
import type { Adapter, PostedMessage } from '../adapter.ts';
import { findButton, renderConsole } from './render.ts';

export const CONSOLE_WHERE: Where = { platform: 'console', community: 'console', channel: 'console' };

export interface ConsoleOptions {
  dispatcher: Dispatcher;
  locale: Locale;
  logger: CoreLogger;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Shows a prompt with history; defaults to whether input is a TTY. */
  interactive?: boolean;
  /** Where the full log goes when the terminal only shows warnings and errors; named in the banner. */
  logFile?: string;
  /** The web glossary's address, named in the banner when the pages are served. */
  webUrl?: string;
}

/** How the console ended: its input did (Ctrl+D, Ctrl+C, `/quit`, end of a pipe), or stop() was called. */
export type ConsoleEnd = 'input' | 'stopped';

/** Typed to leave, like Ctrl+D; handled here because it is about the terminal, not the study. */
const QUIT = /^\/(quit|exit)$/i;
/** Every answer button is one letter, so a lone letter with nothing to press is a press after a restart. */
const BUTTON_LIKE = /^\[?[A-Za-z]\]?$/;

/** One typed line is one chat message from `console-user` in channel `console`. */
export class ConsoleAdapter implements Adapter {
  readonly platform = 'console' as const;
  private buttons: Button[] = [];
  private nextMessageId = 1;
  private ready = false;
  private readonly user: User;
  private readonly input: NodeJS.ReadableStream;
  private readonly output: NodeJS.WritableStream;
  private readonly interactive: boolean;
  private closed?: Promise<ConsoleEnd>;
  private rl?: ReturnType<typeof createInterface>;
  private stopping = false;
  /** A typed line is being answered: the prompt is not on screen, so output needs no redraw. */
  private busy = false;

  constructor(private readonly options: ConsoleOptions) {
    this.user = { id: 'console-user', displayName: 'console-user', locale: options.locale, canManage: true };
    this.input = options.input ?? process.stdin;
    this.output = options.output ?? process.stdout;
    this.interactive = options.interactive ?? Boolean((this.input as { isTTY?: boolean }).isTTY);
  }

  async start(): Promise<void> {
    const rl = createInterface({ input: this.input, output: this.interactive ? this.output : undefined, terminal: this.interactive, historySize: 200 });
    this.rl = rl;
    this.ready = true;
    // In raw mode Ctrl+C is a keystroke, not a signal: it ends the console as Ctrl+D does.
    rl.on('SIGINT', () => rl.close());
    if (this.interactive) {
      const locale = this.options.locale;
      this.write(`${plainText(t(locale, 'console.welcome'))}\n`);
      if (this.options.logFile) this.write(`${plainText(t(locale, 'console.logFile', { file: this.options.logFile }))}\n`);
      if (this.options.webUrl) this.write(`${plainText(t(locale, 'web.consoleUrl', { url: this.options.webUrl }))}\n`);
      rl.setPrompt('> ');
      rl.prompt();
    }
    this.closed = (async () => {
      // Lines are handled one after another, so replies come out in the order typed.
      for await (const line of rl) {
        if (QUIT.test(line.trim())) break;
        this.busy = true;
        try {
          await this.handleLine(line);
        } finally {
          this.busy = false;
        }
        if (this.interactive && !this.stopping) rl.prompt();
      }
      rl.close();
      this.ready = false;
      // The shell's prompt then starts on a line of its own.
      if (this.interactive) this.write('\n');
      return this.stopping ? 'stopped' : 'input';
    })();
  }

  /** Resolves when input has ended (or stop() was called) and the last reply is written. */
  finished(): Promise<ConsoleEnd> {
    return this.closed ?? Promise.resolve('stopped');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.ready = false;
    this.rl?.close();
  }

  isReady(): boolean {
    return this.ready;
  }

  async post(_where: Where, reply: Reply): Promise<PostedMessage> {
    this.showAbovePrompt(reply);
    return { ...CONSOLE_WHERE, messageId: String(this.nextMessageId++) };
  }

  async edit(_message: PostedMessage, reply: Reply): Promise<void> {
    this.showAbovePrompt(reply);
  }

  async handleLine(line: string): Promise<void> {
    if (!line.trim()) return;
    const button = line.trim().startsWith('/') ? undefined : findButton(this.buttons, line);
    if (!button && BUTTON_LIKE.test(line.trim())) {
      this.show(notice(t(this.user.locale, 'console.noButton')));
      return;
    }
    try {
      if (button) {
        const outcome = await this.options.dispatcher.action({ kind: 'action', ...CONSOLE_WHERE, action: button.action, payload: button.payload, user: this.user });
        if (outcome.update) this.show(outcome.update);
        if (outcome.reply) this.show(outcome.reply);
        return;
      }
      const parsed = parseCommandLine(line, this.options.dispatcher.commands);
      const reply = await this.options.dispatcher.command({ kind: 'command', ...CONSOLE_WHERE, ...parsed, user: this.user });
      this.show(reply);
    } catch (error) {
      if (error instanceof UserError) {
        this.show(notice(t(this.user.locale, error.key, error.params)));
        return;
      }
      this.options.logger.error({ err: error }, 'console line failed');
      this.show(apology(this.user.locale));
    }
  }

  private show(reply: Reply): void {
    if (reply.buttons?.some((button) => !button.disabled)) this.buttons = reply.buttons;
    this.write(renderConsole(reply));
  }

  /** Output nobody typed for (a scheduled question, a reveal) goes above the prompt, which is drawn again with what was typed so far. */
  private showAbovePrompt(reply: Reply): void {
    const rl = this.rl;
    if (!this.interactive || this.busy || !rl || !this.ready) {
      this.show(reply);
      return;
    }
    clearLine(this.output, 0);
    cursorTo(this.output, 0);
    this.show(reply);
    rl.prompt(true);
  }

  private write(text: string): void {
    this.output.write(text);
  }
}
