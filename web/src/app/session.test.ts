import { describe, expect, it } from 'vitest';
import { API_KEY_STORAGE, canOperate, clearApiKey, loadApiKey, saveApiKey, type KeyStorage } from './session';

class MemoryStorage implements KeyStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

class BrokenStorage implements KeyStorage {
  getItem(): string | null {
    throw new Error('denied');
  }
  setItem(): void {
    throw new Error('denied');
  }
  removeItem(): void {
    throw new Error('denied');
  }
}

describe('session storage', () => {
  it('saveLoadClear', () => {
    const storage = new MemoryStorage();
    expect(loadApiKey(storage)).toBeNull();
    saveApiKey(storage, 'lk_1');
    expect(storage.items.get(API_KEY_STORAGE)).toBe('lk_1');
    expect(loadApiKey(storage)).toBe('lk_1');
    clearApiKey(storage);
    expect(loadApiKey(storage)).toBeNull();
  });

  it('blankKey_IsNoKey', () => {
    const storage = new MemoryStorage();
    saveApiKey(storage, '   ');
    expect(loadApiKey(storage)).toBeNull();
  });

  it('disabledStorage_DoesNotThrow', () => {
    const storage = new BrokenStorage();
    expect(() => saveApiKey(storage, 'k')).not.toThrow();
    expect(loadApiKey(storage)).toBeNull();
    expect(() => clearApiKey(storage)).not.toThrow();
  });

  it('roles', () => {
    expect(canOperate('admin')).toBe(true);
    expect(canOperate('operator')).toBe(true);
    expect(canOperate('viewer')).toBe(false);
    expect(canOperate(undefined)).toBe(false);
  });
});
