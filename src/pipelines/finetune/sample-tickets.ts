import { createRandom } from '../../ml/index.js';
import type { Ticket } from './tickets-db.js';
import { ticketDatabaseFile, writeTicketDatabase } from './tickets-db.js';

/**
 * Seeded sample tickets for the local ticket database: short support texts
 * per label (IT / HR / facilities groups), labels with shares above and below
 * the 3.3% low-volume threshold, closing times spread over a year, and ~10%
 * rows the data-prep query filters out (API tickets routed elsewhere,
 * tickets already routed by the model).
 */

/** A label's texts: each ticket picks one opening, subject and detail. */
interface LabelTexts {
  label: number;
  /** Share of all tickets, in percent. */
  share: number;
  subjects: string[];
  details: string[];
}

const OPENINGS = ['hi team,', 'hello,', 'urgent:', 'please help -', 'good morning,', ''];

/** The default labels: six above 3.3%, five below (one too rare to train on even over a year). */
export const SAMPLE_LABELS: readonly LabelTexts[] = [
  {
    label: 1,
    share: 25,
    subjects: ['invoice', 'refund', 'billing statement', 'credit note'],
    details: [
      'the amount charged is wrong',
      'i was charged twice this month',
      'need a copy for accounts payable',
      'the payment did not go through',
    ],
  },
  {
    label: 2,
    share: 20,
    subjects: ['password', 'account login', 'mfa token', 'sso sign in'],
    details: [
      'i am locked out after too many attempts',
      'reset link never arrives',
      'authenticator app lost with my old phone',
      'password expired and cannot change it',
    ],
  },
  {
    label: 3,
    share: 15,
    subjects: ['wifi', 'network drive', 'internet connection', 'ethernet port'],
    details: [
      'keeps dropping every few minutes',
      'is very slow on the third floor',
      'cannot reach the shared folder',
      'no link light on the desk socket',
    ],
  },
  {
    label: 4,
    share: 12,
    subjects: ['laptop', 'monitor', 'docking station', 'keyboard'],
    details: [
      'screen flickers and goes black',
      'will not power on after update',
      'fan is loud and it overheats',
      'usb ports stopped working',
    ],
  },
  {
    label: 5,
    share: 10,
    subjects: ['software install', 'licence', 'excel add-in', 'ide update'],
    details: [
      'need admin rights to install it',
      'licence key shows as expired',
      'installer fails with error 1603',
      'please add it to the software centre',
    ],
  },
  {
    label: 6,
    share: 10.8,
    subjects: ['outlook', 'shared mailbox', 'calendar', 'distribution list'],
    details: [
      'emails stuck in the outbox',
      'cannot see the team calendar',
      'please add me to the list',
      'mailbox is full and bouncing',
    ],
  },
  {
    label: 7,
    share: 2.5,
    subjects: ['vpn', 'remote access', 'vpn client'],
    details: [
      'tunnel disconnects when working from home',
      'certificate error when connecting',
      'cannot reach intranet over vpn',
    ],
  },
  {
    label: 8,
    share: 2,
    subjects: ['printer', 'print queue', 'scanner'],
    details: [
      'paper jam on the second floor printer',
      'jobs stuck in the queue',
      'scan to email does not send',
    ],
  },
  {
    label: 9,
    share: 1.5,
    subjects: ['badge', 'door access', 'parking pass'],
    details: [
      'my badge does not open the lab door',
      'new starter needs building access',
      'parking barrier rejects my pass',
    ],
  },
  {
    label: 10,
    share: 1,
    subjects: ['payroll', 'payslip', 'overtime claim'],
    details: [
      'overtime missing from this payslip',
      'tax code looks wrong',
      'bank details need updating',
    ],
  },
  {
    label: 11,
    share: 0.2,
    subjects: ['contract review', 'nda'],
    details: ['legal needs to review the supplier nda', 'clause about liability needs sign off'],
  },
];

/** Options of {@link sampleTickets}. */
export interface SampleTicketOptions {
  /** How many tickets. Default: 3000. */
  count?: number;
  /** The newest closing time, epoch seconds; tickets close over the 365 days before. Default: 2026-11-21T00:00:00Z. */
  until?: number;
  /** The PRNG seed. Default: 7. */
  seed?: number;
  /** The labels (shares in percent). Default: {@link SAMPLE_LABELS}. */
  labels?: readonly LabelTexts[];
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function pickLabel(random: () => number, labels: readonly LabelTexts[], total: number): LabelTexts {
  let r = random() * total;
  for (const l of labels) {
    r -= l.share;
    if (r < 0) return l;
  }
  return labels[labels.length - 1] as LabelTexts;
}

/** Seeded sample tickets. */
export function sampleTickets(options: SampleTicketOptions = {}): Ticket[] {
  const rng = createRandom(options.seed ?? 7);
  const random = () => rng.next();
  const labels = options.labels ?? SAMPLE_LABELS;
  const total = labels.reduce((sum, l) => sum + l.share, 0);
  const until = options.until ?? Date.UTC(2026, 10, 21) / 1000;
  const year = 365 * 86400;
  const tickets: Ticket[] = [];
  for (let id = 1; id <= (options.count ?? 3000); id += 1) {
    const l = pickLabel(random, labels, total);
    const text = `${pick(random, OPENINGS)} ${pick(random, l.subjects)} ${pick(random, l.details)}`;
    const kind = random();
    tickets.push({
      id,
      text: text.trim(),
      label: l.label,
      closed: Math.floor(until - random() * year),
      // ~5% API tickets first routed elsewhere and ~5% already routed by the model: the query drops both.
      via_channel: kind < 0.05 ? 'api' : pick(random, ['email', 'web', 'phone']),
      initial_group_id: kind < 0.05 ? l.label : 0,
      routed_by: kind > 0.95 ? 'gata-mapped' : pick(random, ['agent', 'rule']),
    });
  }
  return tickets;
}

/** Writes the sample tickets as the local database of `clusterArn` under `home`; answers the file. */
export function seedTicketDatabase(
  home: string,
  clusterArn: string,
  options: SampleTicketOptions = {},
): { file: string; tickets: number } {
  const file = ticketDatabaseFile(home, clusterArn);
  const tickets = sampleTickets(options);
  writeTicketDatabase(file, tickets);
  return { file, tickets: tickets.length };
}
