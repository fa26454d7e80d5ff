import type { Modelmill } from '../../modelmill.js';
import { DEFECTS_DQDL } from '../../quality/index.js';
import type { DefectDataOptions } from '../sample/defects.js';
import { generateDefectRows, sampleMappingJson } from '../sample/defects.js';
import type { DapmNames } from './names.js';

/**
 * `--sample-data`: writes the sample use case where the DAPM pipeline reads
 * it — the training and scoring extracts (Parquet) in the analytics bucket,
 * the mapping JSON in both internal buckets, and the DQ rules for both
 * sources — so a run can start at once.
 */

/** What was written. */
export interface SampleDataReport {
  trainingRows: number;
  scoringRows: number;
  locations: string[];
}

/** Options: the generator's, plus the algorithms of the mapping JSON and the days held back for scoring. */
export interface SampleDataOptions extends DefectDataOptions {
  algorithms?: readonly string[];
  /** The last days of the generated history become the scoring extract. Default: 14. */
  scoringDays?: number;
}

const COLUMN_TYPES = {
  date: 'date',
  defect_count: 'bigint',
  production_volume: 'bigint',
  temperature: 'double',
  humidity: 'double',
  line_speed: 'double',
};

/** Writes the sample use case's data, mapping JSON and DQ rules for `names`. */
export async function writeSampleData(
  mm: Modelmill,
  names: DapmNames,
  useCase: string,
  options: SampleDataOptions = {},
): Promise<SampleDataReport> {
  const { s3, athena } = mm.services;
  const scoringDays = options.scoringDays ?? 14;
  const days = (options.days ?? 120) + scoringDays;
  const rows = generateDefectRows({ ...options, days });
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  const firstScoringDate = dates[dates.length - scoringDays] ?? '9999-12-31';
  const training = rows.filter((r) => r.date < firstScoringDate);
  const scoring = rows.filter((r) => r.date >= firstScoringDate);
  const base = `s3://${names.analyticsBucket}/${useCase}`;
  for (const bucket of [
    names.analyticsBucket,
    names.training.internalBucket,
    names.inferencing.internalBucket,
  ]) {
    await s3.createBucket({ Bucket: bucket }).catch(() => undefined);
  }
  const written = [
    await athena.writeRows(
      `${base}/training_data/`,
      training as unknown as Record<string, unknown>[],
      { columns: COLUMN_TYPES, fileName: 'extract' },
    ),
    await athena.writeRows(
      `${base}/scoring_data/`,
      scoring as unknown as Record<string, unknown>[],
      { columns: COLUMN_TYPES, fileName: 'extract' },
    ),
  ];
  const mapping = JSON.stringify(sampleMappingJson(options.algorithms), null, 2);
  const locations = written.flatMap((w) => w.files);
  for (const internal of [names.training.internalBucket, names.inferencing.internalBucket]) {
    await s3.putObject({
      Bucket: internal,
      Key: 'mapping_json/mapping_json.json',
      Body: mapping,
      ContentType: 'application/json',
    });
    for (const source of ['training_data', 'scoring_data']) {
      await s3.putObject({
        Bucket: internal,
        Key: `dq_rules/${source}.dqdl`,
        Body: DEFECTS_DQDL,
        ContentType: 'text/plain',
      });
    }
    locations.push(`s3://${internal}/mapping_json/mapping_json.json`, `s3://${internal}/dq_rules/`);
  }
  return { trainingRows: training.length, scoringRows: scoring.length, locations };
}
