import { describe, expect, it } from 'vitest';
import { addRunPartitionSql, createTableSql, metaColumns } from './ml-athena-tables.js';

describe('run tables', () => {
  it('types the meta dump from the contract and from the values', () => {
    const columns = metaColumns({
      metaKey: 'fixedlookupkey',
      year: '2024',
      algo_names: ['lr'],
      jobs_failed: 1,
      ratio: 0.5,
      flag: true,
      dq_status: { training_data: 'Passed' },
      algo_score: [{ algo_name: 'lr', algo_score: 1 }],
    });
    const types = Object.fromEntries(columns);
    expect(types).toMatchObject({
      metaKey: 'string',
      algo_names: 'array<string>',
      jobs_failed: 'bigint',
      ratio: 'double',
      flag: 'boolean',
      dq_status: 'string',
      algo_score: 'array<struct<algo_name:string,algo_score:double>>',
      stage_times: 'map<string,struct<start_time:string,end_time:string>>',
    });
    expect(types.year).toBeUndefined();
  });

  it('writes Athena DDL partitioned by the run', () => {
    const table = {
      database: 'default',
      name: 'metatable',
      location: 's3://shared/meta/',
      format: 'json' as const,
      columns: [['a', 'string'] as const],
    };
    expect(createTableSql(table)).toBe(
      "CREATE EXTERNAL TABLE IF NOT EXISTS `default`.`metatable` (`a` string) PARTITIONED BY (`year` string, `month` string, `day` string, `stepjobid` string) ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe' LOCATION 's3://shared/meta/'",
    );
    expect(
      addRunPartitionSql(table, { year: '2024', month: '06', day: '30', stepJobId: "o-r'1" }),
    ).toBe(
      "ALTER TABLE `default`.`metatable` ADD IF NOT EXISTS PARTITION (`year` = '2024', `month` = '06', `day` = '30', `stepjobid` = 'o-r''1') LOCATION 's3://shared/meta/year=2024/month=06/day=30/stepjobid=o-r%271/'",
    );
  });
});
