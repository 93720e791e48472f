/** How a start that should fail ended: the error it rejected with (undefined if it started) and how long it took. */
export async function failure(start: Promise<void>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now();
  const error = await start.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  return { error, ms: Date.now() - started };
}
