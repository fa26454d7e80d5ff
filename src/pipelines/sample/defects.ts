/**
 * The sample use case shipped with modelmill: daily defect counts per part
 * (primary key `part_name`) from a manufacturing line. The generator is
 * seeded and realistic enough to train on: each part has its own base defect
 * rate, production volume drives counts, temperature and humidity push them
 * up, line speed has a sweet spot, a supplier quality score nobody records
 * adds noise, weekends run lighter, and there is a yearly season. A few rows are deliberately bad (a missing temperature, an
 * impossible humidity) so the data-quality rules have something to report
 * without failing the gate; `corrupt` makes enough of them to fail it.
 */

/** One row of the sample data (the columns `src/quality/samples/defects.dqdl` checks). */
export interface DefectRow {
  part_name: string;
  date: string;
  defect_count: number;
  production_volume: number;
  temperature: number | null;
  humidity: number | null;
  line_speed: number;
  shift: 'A' | 'B' | 'C';
  plant_id: string;
}

/** Generator options. */
export interface DefectDataOptions {
  /** Number of parts. Default: 200. */
  parts?: number;
  /** Number of days, ending on `endDate`. Default: 120. */
  days?: number;
  /** Last day (YYYY-MM-DD). Default: 2024-06-30. */
  endDate?: string;
  /** Seed. Default: 7. */
  seed?: number;
  /** Share of rows made bad on purpose: 0.002 by default; 0.2 fails the DQ gate. */
  badShare?: number;
}

const PLANTS = ['GGN', 'MSR', 'KHD'];
const FAMILIES = ['BRK', 'GER', 'VLV', 'SFT', 'HSG', 'BRG', 'GSK', 'PST', 'SPR', 'BLT'];
const SHIFTS = ['A', 'B', 'C'] as const;

/** A small seeded generator (mulberry32) with a normal and a Poisson draw. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
  const poisson = (lambda: number): number => {
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = next();
    while (p > limit) {
      k += 1;
      p *= next();
    }
    return k;
  };
  return { next, normal, poisson };
}

/** The part names of the sample, numbered within ten families (`BRK-0001`, `GER-0001`, ... up to 99,990 parts). */
export function partNames(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) =>
      `${FAMILIES[i % FAMILIES.length]}-${String(Math.floor(i / FAMILIES.length) + 1).padStart(4, '0')}`,
  );
}

/** Generates the sample rows, day by day for every part. */
export function generateDefectRows(options: DefectDataOptions = {}): DefectRow[] {
  const parts = options.parts ?? 200;
  const days = options.days ?? 120;
  const end = Date.parse(`${options.endDate ?? '2024-06-30'}T00:00:00Z`);
  const badShare = options.badShare ?? 0.002;
  const random = createRandom(options.seed ?? 7);
  const profiles = partNames(parts).map((name, i) => ({
    name,
    plant: `PLT-${PLANTS[i % PLANTS.length] ?? 'GGN'}`,
    baseRate: 0.002 + random.next() * 0.01,
    volume: 200 + Math.round(random.next() * 1800),
    heatSensitivity: random.next() * 0.05,
    supplier: 60 + random.next() * 35,
  }));
  const rows: DefectRow[] = [];
  for (let d = days - 1; d >= 0; d -= 1) {
    const time = end - d * 86_400_000;
    const date = new Date(time).toISOString().slice(0, 10);
    const weekday = new Date(time).getUTCDay();
    const season = Math.sin((2 * Math.PI * (new Date(time).getUTCMonth() + 1)) / 12);
    for (const p of profiles) {
      const weekend = weekday === 0 || weekday === 6;
      const volume = Math.max(
        10,
        Math.round(p.volume * (weekend ? 0.6 : 1) * (1 + 0.1 * random.normal())),
      );
      const temperature = 28 + 7 * season + 2 * random.normal();
      const humidity = Math.min(95, Math.max(20, 60 + 15 * season + 6 * random.normal()));
      const lineSpeed = 40 + 8 * random.normal();
      const supplierScore = Math.min(100, Math.max(0, p.supplier + 3 * random.normal()));
      const rate =
        p.baseRate *
        (1 + p.heatSensitivity * Math.max(0, temperature - 30)) *
        (1 + 0.004 * Math.max(0, humidity - 65)) *
        (1 + 0.0008 * (lineSpeed - 42) ** 2) *
        (1 + (80 - supplierScore) / 200);
      const row: DefectRow = {
        part_name: p.name,
        date,
        defect_count: Math.min(volume, random.poisson(volume * rate)),
        production_volume: volume,
        temperature: round(temperature, 1),
        humidity: round(humidity, 1),
        line_speed: round(lineSpeed, 1),
        shift: SHIFTS[Math.floor(random.next() * 3)] ?? 'A',
        plant_id: p.plant,
      };
      if (random.next() < badShare) spoil(row, random.next());
      rows.push(row);
    }
  }
  return rows;
}

function spoil(row: DefectRow, draw: number): void {
  if (draw < 0.5) row.temperature = null;
  else row.humidity = 140 + Math.round(draw * 10);
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The mapping JSON of the sample: per part, one `default` mapping, three algorithms. */
export function sampleMappingJson(algorithms: readonly string[] = ['lr', 'xgb', 'rf']) {
  return {
    mapping_json_data: {
      primary_key: 'part_name',
      target: 'defect_count',
      features: ['production_volume', 'temperature', 'humidity', 'line_speed'],
      Training: { mappingColumn: 'default', all_algorithms: [...algorithms] },
      Inference: { mappingColumn: 'default', all_algorithms: [...algorithms], mapping: {} },
    },
  };
}
