/** Where the API key is kept between visits. Storage is passed in so tests need no browser. */
export const API_KEY_STORAGE = 'lightning.apiKey';

export interface KeyStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function loadApiKey(storage: KeyStorage): string | null {
  try {
    const key = storage.getItem(API_KEY_STORAGE);
    return key && key.trim() ? key.trim() : null;
  } catch {
    // Storage can be disabled (private mode, policies): then the key lives for this page only.
    return null;
  }
}

export function saveApiKey(storage: KeyStorage, key: string): void {
  try {
    storage.setItem(API_KEY_STORAGE, key);
  } catch {
    // See loadApiKey.
  }
}

export function clearApiKey(storage: KeyStorage): void {
  try {
    storage.removeItem(API_KEY_STORAGE);
  } catch {
    // See loadApiKey.
  }
}

/** Roles that may change things (submit, cancel, register, remove); viewers only read. */
export function canOperate(role: string | undefined): boolean {
  return role === 'operator' || role === 'admin';
}

/** Only admins may make changes that cannot be undone across the board (purging every dead letter, say). */
export function isAdmin(role: string | undefined): boolean {
  return role === 'admin';
}
