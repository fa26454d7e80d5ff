import type { StateMachineDefinition } from '../asl/index.js';

/**
 * A small shipped state machine used by `modelmill demo` until the DAPM
 * pipeline lands: scores three candidate "models" per partition in an inline
 * Map, picks a champion per partition with a Choice, waits, and summarises
 * with a Parallel — every control state of the language, no services needed.
 */
export const championExample: StateMachineDefinition = {
  Comment: 'Pick a champion per partition from candidate scores',
  StartAt: 'ScorePartitions',
  States: {
    ScorePartitions: {
      Type: 'Map',
      ItemsPath: '$.partitions',
      MaxConcurrency: 4,
      ItemSelector: {
        'partition.$': '$$.Map.Item.Value.name',
        'scores.$': '$$.Map.Item.Value.scores',
      },
      ItemProcessor: {
        StartAt: 'PickChampion',
        States: {
          PickChampion: {
            Type: 'Choice',
            Choices: [
              {
                And: [
                  { Variable: '$.scores.xgb', NumericGreaterThanEqualsPath: '$.scores.rf' },
                  { Variable: '$.scores.xgb', NumericGreaterThanEqualsPath: '$.scores.lr' },
                ],
                Next: 'Xgb',
              },
              { Variable: '$.scores.rf', NumericGreaterThanEqualsPath: '$.scores.lr', Next: 'Rf' },
            ],
            Default: 'Lr',
          },
          Xgb: {
            Type: 'Pass',
            Parameters: {
              'partition.$': '$.partition',
              champion: 'xgb',
              'score.$': '$.scores.xgb',
            },
            End: true,
          },
          Rf: {
            Type: 'Pass',
            Parameters: { 'partition.$': '$.partition', champion: 'rf', 'score.$': '$.scores.rf' },
            End: true,
          },
          Lr: {
            Type: 'Pass',
            Parameters: { 'partition.$': '$.partition', champion: 'lr', 'score.$': '$.scores.lr' },
            End: true,
          },
        },
      },
      ResultPath: '$.champions',
      Next: 'Settle',
    },
    Settle: { Type: 'Wait', Seconds: 1, Next: 'Summarise' },
    Summarise: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Count',
          States: {
            Count: {
              Type: 'Pass',
              Parameters: { 'partitions.$': 'States.ArrayLength($.champions)' },
              End: true,
            },
          },
        },
        {
          StartAt: 'Winners',
          States: {
            Winners: {
              Type: 'Pass',
              Parameters: { 'champions.$': '$.champions[*].champion' },
              End: true,
            },
          },
        },
      ],
      ResultSelector: { 'partitions.$': '$[0].partitions', 'champions.$': '$[1].champions' },
      End: true,
    },
  },
};

/** The example's input: three partitions with validation scores per algorithm. */
export const championExampleInput = {
  partitions: [
    { name: 'bracket-a', scores: { lr: 0.71, xgb: 0.83, rf: 0.8 } },
    { name: 'gear-b', scores: { lr: 0.77, xgb: 0.74, rf: 0.79 } },
    { name: 'valve-c', scores: { lr: 0.9, xgb: 0.62, rf: 0.66 } },
  ],
};
