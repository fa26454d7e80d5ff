import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_LABELS, sampleTickets, seedTicketDatabase } from './sample-tickets.js';
import type { Ticket } from './tickets-db.js';
import { openTicketSource, ticketDatabaseFile, writeTicketDatabase } from './tickets-db.js';

const ARN = 'arn:aws:rds:eu-west-1:123456789012:cluster:gata-tickets';
const homes: string[] = [];
function home(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mm-tickets-'));
  homes.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const base: Ticket = {
  id: 1,
  text: 'vpn down',
  label: 7,
  closed: 1000,
  via_channel: 'email',
  initial_group_id: 0,
  routed_by: 'agent',
};

describe('the local ticket database', () => {
  it('is the SQLite file named by the cluster id, whatever the account or region', () => {
    expect(ticketDatabaseFile('/h', ARN)).toBe('/h/databases/gata-tickets.sqlite');
    expect(ticketDatabaseFile('/h', 'gata-tickets')).toBe('/h/databases/gata-tickets.sqlite');
    expect(() => ticketDatabaseFile('/h', 'arn:aws:rds:eu-west-1:1:cluster:../x')).toThrow(
      /names no cluster id/,
    );
  });

  it('says how to create it when it is missing', () => {
    expect(() => openTicketSource(home(), ARN)).toThrow(
      /ticket database of .*gata-tickets does not exist locally .*modelmill finetune seed-db --cluster gata-tickets/,
    );
  });

  it("keeps the original query's filters and closing window", () => {
    const h = home();
    writeTicketDatabase(ticketDatabaseFile(h, ARN), [
      base,
      { ...base, id: 2, via_channel: 'api', initial_group_id: 3 },
      { ...base, id: 3, via_channel: 'api', initial_group_id: 0 },
      { ...base, id: 4, routed_by: 'gata-mapped' },
      { ...base, id: 5, closed: 999 },
      { ...base, id: 6, closed: 2001 },
      { ...base, id: 7, closed: 2000 },
    ]);
    const source = openTicketSource(h, ARN);
    try {
      expect(source.closedBetween(1000, 2000).map((r) => r.id)).toEqual([1, 3, 7]);
      expect(source.closedBetween(1000, 2000)[0]).toEqual({ id: 1, text: 'vpn down', label: 7 });
    } finally {
      source.close();
    }
  });

  it('seeds sample tickets: the same every time, labels above and below 3.3%, a year of closing times', () => {
    const until = Date.UTC(2026, 10, 21) / 1000;
    const tickets = sampleTickets({ until });
    expect(sampleTickets({ until })).toEqual(tickets);
    expect(tickets).toHaveLength(3000);
    const share = (l: number) => tickets.filter((t) => t.label === l).length / tickets.length;
    expect(share(1)).toBeGreaterThan(0.2);
    expect(share(7)).toBeLessThan(0.033);
    expect(new Set(tickets.map((t) => t.label)).size).toBe(SAMPLE_LABELS.length);
    const closed = tickets.map((t) => t.closed);
    expect(Math.max(...closed) - Math.min(...closed)).toBeGreaterThan(360 * 86400);
    expect(Math.max(...closed)).toBeLessThanOrEqual(until);
    const h = home();
    const seeded = seedTicketDatabase(h, ARN, { count: 50 });
    expect(seeded).toEqual({ file: join(h, 'databases', 'gata-tickets.sqlite'), tickets: 50 });
    expect(existsSync(seeded.file)).toBe(true);
  });
});
