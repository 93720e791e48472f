import type { MessageKey } from './i18n.ts';

/** An error the user may see: its id names a catalog message. */
export class UserError extends Error {
  readonly key: MessageKey;
  readonly params: Record<string, string | number>;
  constructor(key: MessageKey, params: Record<string, string | number> = {}) {
    super(key);
    this.name = 'UserError';
    this.key = key;
    this.params = params;
  }
}

export type StoreErrorCode = 'store_unavailable' | 'store_corrupt' | 'store_busy';

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, options?: { cause?: unknown; message?: string }) {
    super(options?.message ?? code, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.code = code;
  }
}
