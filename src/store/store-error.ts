export type StoreErrorCode = 'store_unavailable' | 'store_timeout' | 'store_corrupt' | 'store_busy';

/** A store failure: the user gets a short apology, the log gets the cause. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? code, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
  }
}
