import { describe, expect, it } from 'vitest';
import { openDatabase } from '../store/index.js';
import { createSqliteStore } from './sqlite-store.js';

describe('SQLite execution store checkpoints', () => {
  it('drops a frame and the frames below it, buffered or written, and keeps the rest', () => {
    const db = openDatabase(':memory:');
    const store = createSqliteStore(db);
    store.saveCheckpoint('arn:1', '/Fan@0/b0', { s: 'written' });
    store.flush();
    store.saveCheckpoint('arn:1', '/Fan@0', { s: 'own' });
    store.saveCheckpoint('arn:1', '/Fan@0/b1', { s: 'buffered' });
    store.saveCheckpoint('arn:1', '/Fan@01', { s: 'sibling' });
    store.saveCheckpoint('arn:2', '/Fan@0/b0', { s: 'other execution' });
    store.deleteCheckpoints('arn:1', '/Fan@0');
    store.saveCheckpoint('arn:1', '/Fan@0/b2', { s: 'after the delete' });
    expect(Object.fromEntries(store.loadCheckpoints('arn:1'))).toEqual({
      '/Fan@01': { s: 'sibling' },
      '/Fan@0/b2': { s: 'after the delete' },
    });
    expect([...store.loadCheckpoints('arn:2').keys()]).toEqual(['/Fan@0/b0']);
    store.deleteCheckpoints('arn:1', '');
    expect(store.loadCheckpoints('arn:1').size).toBe(0);
    db.close();
  });

  it('keeps only the latest checkpoint of a frame', () => {
    const db = openDatabase(':memory:');
    const store = createSqliteStore(db);
    store.saveCheckpoint('arn:1', '', { s: 'A' });
    store.saveCheckpoint('arn:1', '', { s: 'B' });
    expect(store.loadCheckpoints('arn:1').get('')).toEqual({ s: 'B' });
    db.close();
  });
});
