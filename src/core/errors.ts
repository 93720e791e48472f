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

// StoreError lives with the store; re-exported so the core's callers keep one import.
export { StoreError, type StoreErrorCode } from '../store/store-error.ts';
