import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completeInputs, contextInputs, parseInputsDocument } from './inputs.js';
import { dapmNames } from './names.js';

const seeds = join(
  process.env.MODELMILL_SHARED ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared'),
  'seeds',
);

function seedBlock(file: string, language: string): string | undefined {
  try {
    const text = readFileSync(join(seeds, file), 'utf8');
    return new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(text)?.[1];
  } catch {
    return undefined;
  }
}

const names = dapmNames({ useCase: 'jenkins', env: 'pl', region: 'ap-south-1' });
const today = new Date(Date.UTC(2026, 10, 21));

describe('DAPM inputs', () => {
  const hcl = seedBlock('000_38b0df34158099a4.txt', 'hcl');
  it.skipIf(!hcl)('reads the training seed (HCL step_function_inputs) and completes it', () => {
    const doc = parseInputsDocument(hcl!, 'seed 000');
    const training = completeInputs(
      'training',
      contextInputs(doc, 'training', 'seed 000'),
      names,
      today,
    );
    expect(training).toMatchObject({
      use_case_name: 'jenkins',
      train_inputtable_name: 'jenkins-pl-apsouth1-training-input-table',
      year: '2026',
      month: '11',
      day: '21',
      s3_bucket_name_analytics_etl: 'jenkins-pl-apsouth1-analytics-etl',
    });
    const inference = completeInputs(
      'inferencing',
      contextInputs(doc, 'inferencing', 'seed 000'),
      names,
      today,
    );
    expect(inference).toMatchObject({
      training_event_bus_name: 'jenkins-pl-apsouth1-dapf-cb',
      mapping_json_S3_inference_path: inference.mapping_json_S3_path,
      training_athenadb_name: 'default',
    });
  });

  const json = seedBlock('001_313046480272482c.txt', 'json');
  it.skipIf(!json)('reads JSON with # comments (seed 001) as one context object', () => {
    const training = contextInputs(parseInputsDocument(json!, 'seed 001'), 'training', 'seed 001');
    expect(training).toMatchObject({
      use_case_name: 'DCP',
      train_statetable_name: 'trainstatetable',
      region: 'ap-south-1',
    });
    const completed = completeInputs('training', training, names, today);
    expect(completed.sns_topic_arn).toBe(
      'arn:aws:sns:ap-south-1:731580992380:model_start_dq_notification',
    );
  });

  it('names a missing key and what it would be derived from', () => {
    expect(() => completeInputs('inferencing', { region: 'ap-south-1' }, names, today)).toThrow(
      /mapping_json_S3_inference_path \(would be derived from mapping_json_S3_path/,
    );
    expect(() => parseInputsDocument('{"a": ', 'x.json')).toThrow(/x.json is neither JSON/);
  });
});
