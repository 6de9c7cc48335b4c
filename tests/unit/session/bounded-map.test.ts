import { describe, expect, it } from 'vitest';
import { makeRoom } from '../../../electron/session/bounded-map';
import { AlinkPairing } from '../../../electron/session/alink';

describe('makeRoom', () => {
  it('leaves a map under its bound alone and drops the oldest quarter of a full one', () => {
    const map = new Map<number, number>();
    for (let i = 0; i < 7; i++) map.set(i, i);
    makeRoom(map, 8);
    expect(map.size).toBe(7);
    map.set(7, 7);
    makeRoom(map, 8);
    expect([...map.keys()]).toEqual([2, 3, 4, 5, 6, 7]);
  });

  it('keeps a map that is written forever within its bound, newest entries kept', () => {
    const map = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) {
      makeRoom(map, 2048);
      map.set(i, i);
      expect(map.size).toBeLessThanOrEqual(2048);
    }
    expect(map.has(99_999)).toBe(true);
    expect(map.has(99_999 - 1500)).toBe(true);
  });
});

describe('AlinkPairing with a device that never replies', () => {
  it('still pairs a reply with its request after thousands of unanswered ones', () => {
    const pairing = new AlinkPairing();
    for (let i = 0; i < 10_000; i++) pairing.request('pk/dn', 'thing.service.property.set', String(i), i);
    pairing.request('pk/dn', 'thing.event.property.post', 'p1', 20_000);
    expect(pairing.reply('pk/dn', 'thing.event.property.post', 'p1', 20_042)).toBe(42);
    expect(pairing.reply('pk/dn', 'thing.service.property.set', '9999', 20_050)).toBe(20_050 - 9999);
    expect(pairing.reply('pk/dn', 'thing.service.property.set', '0', 20_050)).toBeNull();
  });
});
