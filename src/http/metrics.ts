/**
 * Prometheus metrics. Each call builds its own Registry so tests (and two bots in
 * one process) never share counters.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export type HandlerOutcome = 'ok' | 'user_error' | 'error';

export interface Metrics {
  readonly registry: Registry;
  /** The Content-Type for the exposition text `registry.metrics()` returns. */
  readonly contentType: string;
  commandHandled(name: string, outcome: HandlerOutcome, seconds: number): void;
  actionHandled(name: string, outcome: HandlerOutcome, seconds: number): void;
  roundPosted(platform: string): void;
  answerRecorded(platform: string): void;
  storeError(operation: string): void;
  adapterReconnect(platform: string): void;
}

/**
 * Command and action names come from whatever the platform (or a console user)
 * sent, so an unknown name could otherwise mint a new time series per typo.
 */
const MAX_NAMES_PER_LABEL = 64;
const NAME_SHAPE = /^[A-Za-z][\w.-]{0,39}$/;

function boundedLabel(): (value: string) => string {
  const seen = new Set<string>();
  return (value) => {
    if (seen.has(value)) return value;
    if (!NAME_SHAPE.test(value) || seen.size >= MAX_NAMES_PER_LABEL) return 'other';
    seen.add(value);
    return value;
  };
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const commands = new Counter({
    name: 'studybot_commands_total',
    help: 'Slash commands handled, by command and outcome (ok, user_error, error).',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const actions = new Counter({
    name: 'studybot_actions_total',
    help: 'Button presses handled, by action and outcome (ok, user_error, error).',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const handlerSeconds = new Histogram({
    name: 'studybot_handler_seconds',
    help: 'Time from request to reply inside the core, by kind (command, action) and name.',
    labelNames: ['kind', 'name'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const rounds = new Counter({
    name: 'studybot_rounds_posted_total',
    help: 'Daily quiz questions posted to channels, by platform.',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const answers = new Counter({
    name: 'studybot_answers_recorded_total',
    help: 'Round answers recorded (first press per user and round), by platform.',
    labelNames: ['platform'] as const,
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'studybot_store_errors_total',
    help: 'Store operations that failed, by operation.',
    labelNames: ['operation'] as const,
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'studybot_adapter_reconnects_total',
    help: 'Platform connections re-established after a drop, by platform.',
    labelNames: ['platform'] as const,
    registers: [registry],
  });

  const commandName = boundedLabel();
  const actionName = boundedLabel();
  const operationName = boundedLabel();

  return {
    registry,
    contentType: registry.contentType,
    commandHandled(name, outcome, seconds) {
      const command = commandName(name);
      commands.inc({ command, outcome });
      handlerSeconds.observe({ kind: 'command', name: command }, seconds);
    },
    actionHandled(name, outcome, seconds) {
      const action = actionName(name);
      actions.inc({ action, outcome });
      handlerSeconds.observe({ kind: 'action', name: action }, seconds);
    },
    roundPosted: (platform) => rounds.inc({ platform }),
    answerRecorded: (platform) => answers.inc({ platform }),
    storeError: (operation) => storeErrors.inc({ operation: operationName(operation) }),
    adapterReconnect: (platform) => reconnects.inc({ platform }),
  };
}
