import type { Command } from '../src/core/command.ts';
import define from './define.ts';
import { createHelp } from './help.ts';
import leaderboard from './leaderboard.ts';
import quiz from './quiz.ts';
import report from './report.ts';
import streak from './streak.ts';

/** The one registry every adapter reads. Adding a command: one file and one line here. */
export const commands: readonly Command[] = [define, quiz, streak, leaderboard, report, createHelp(() => commands)];

export function findCommand(name: string): Command | undefined {
  return commands.find((command) => command.name === name);
}
