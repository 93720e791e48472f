/**
 * In HTTP mode a slash command's ack is the HTTP response, and Bolt serializes an object
 * ack on every call. A reused answer (the same `/define kubelet` again) is the same frozen
 * object each time, so it is serialized once and acked as that string, under the JSON
 * content type Bolt would have set: serializing it was the largest cost per request after
 * the signature. Bolt hands a listener no response object, so the adapter remembers each
 * request's response here and Bolt's receiver passes it on in the listener's context.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CommandResponse } from './render.ts';

/** The context key under which a listener finds its HTTP response (not one of Bolt's own keys). */
const RESPONSE_KEY = 'studyBotHttpResponse';

/** On the request itself, as Bolt keeps the buffered body there: a WeakMap entry per request cost more. */
const RESPONSE = Symbol('studyBotHttpResponse');
type WithResponse = IncomingMessage & { [RESPONSE]?: ServerResponse };
const serialized = new WeakMap<CommandResponse, string>();

/** Called for each request before Bolt's receiver sees it. */
export function rememberResponse(req: IncomingMessage, res: ServerResponse): void {
  (req as WithResponse)[RESPONSE] = res;
}

/** HTTPReceiver's `customPropertiesExtractor`: the request's response, for the listener's context. */
export function responseProperties(req: IncomingMessage): Record<string, unknown> {
  return { [RESPONSE_KEY]: (req as WithResponse)[RESPONSE] };
}

export function responseOf(context: Record<string, unknown>): ServerResponse | undefined {
  return context[RESPONSE_KEY] as ServerResponse | undefined;
}

/** The answer as JSON; a frozen (reused) one is serialized once. */
export function responseJson(response: CommandResponse): string {
  let json = serialized.get(response);
  if (json === undefined) {
    json = JSON.stringify(response);
    if (Object.isFrozen(response)) serialized.set(response, json);
  }
  return json;
}

/** Acks with the answer: as ready JSON when the ack is an HTTP response, as the object otherwise (Socket Mode). */
export function ackAnswer(ack: (body?: string | CommandResponse) => Promise<void>, res: ServerResponse | undefined, response: CommandResponse): Promise<void> {
  if (!res) return ack(response);
  // Bolt writes a string ack with writeHead(200), which keeps a header set before it.
  res.setHeader('content-type', 'application/json');
  return ack(responseJson(response));
}
