import type {
  AlgorithmSpecification,
  Channel,
  CreateTrainingJobInput,
  JobStatus,
  ResourceConfig,
  Tag,
  TrainingJobStatus,
} from './types-jobs.js';

/**
 * Hyperparameter tuning jobs in the SageMaker port: the search space, the
 * strategy and limits, the training job definition, and what Describe and
 * ListTrainingJobsForHyperParameterTuningJob report.
 */

/** A range of a continuous or integer hyperparameter. */
export interface NumericParameterRange {
  Name: string;
  MinValue: string;
  MaxValue: string;
  ScalingType?: 'Auto' | 'Linear' | 'Logarithmic' | 'ReverseLogarithmic';
}

/** A categorical hyperparameter's values. */
export interface CategoricalParameterRange {
  Name: string;
  Values: string[];
}

/** The ranges a tuning job searches. */
export interface ParameterRanges {
  ContinuousParameterRanges?: NumericParameterRange[];
  IntegerParameterRanges?: NumericParameterRange[];
  CategoricalParameterRanges?: CategoricalParameterRange[];
}

/** How a tuning job searches. */
export interface HyperParameterTuningJobConfig {
  Strategy: 'Bayesian' | 'Random' | 'Grid' | 'Hyperband';
  HyperParameterTuningJobObjective?: { Type: 'Maximize' | 'Minimize'; MetricName: string };
  ResourceLimits: { MaxNumberOfTrainingJobs?: number; MaxParallelTrainingJobs: number };
  ParameterRanges?: ParameterRanges;
  TrainingJobEarlyStoppingType?: 'Off' | 'Auto';
  RandomSeed?: number;
  [field: string]: unknown;
}

/** The training jobs a tuning job launches. */
export interface HyperParameterTrainingJobDefinition {
  AlgorithmSpecification: AlgorithmSpecification;
  RoleArn: string;
  OutputDataConfig: CreateTrainingJobInput['OutputDataConfig'];
  StaticHyperParameters?: Record<string, string>;
  InputDataConfig?: Channel[];
  ResourceConfig?: ResourceConfig;
  StoppingCondition?: CreateTrainingJobInput['StoppingCondition'];
  Environment?: Record<string, string>;
  [field: string]: unknown;
}

/** CreateHyperParameterTuningJob's request. */
export interface CreateHyperParameterTuningJobInput {
  HyperParameterTuningJobName: string;
  HyperParameterTuningJobConfig: HyperParameterTuningJobConfig;
  TrainingJobDefinition: HyperParameterTrainingJobDefinition;
  Tags?: Tag[];
  [field: string]: unknown;
}

/** A training job launched by a tuning job. */
export interface HyperParameterTrainingJobSummary {
  TrainingJobName: string;
  TrainingJobArn: string;
  TuningJobName: string;
  CreationTime: number;
  TrainingStartTime?: number;
  TrainingEndTime?: number;
  TrainingJobStatus: TrainingJobStatus;
  TunedHyperParameters: Record<string, string>;
  FailureReason?: string;
  FinalHyperParameterTuningJobObjectiveMetric?: {
    Type?: 'Maximize' | 'Minimize';
    MetricName: string;
    Value: number;
  };
  ObjectiveStatus: 'Succeeded' | 'Pending' | 'Failed';
}

/** DescribeHyperParameterTuningJob's answer. */
export interface HyperParameterTuningJobDescription extends CreateHyperParameterTuningJobInput {
  HyperParameterTuningJobArn: string;
  HyperParameterTuningJobStatus: JobStatus;
  CreationTime: number;
  HyperParameterTuningEndTime?: number;
  LastModifiedTime: number;
  TrainingJobStatusCounters: {
    Completed: number;
    InProgress: number;
    RetryableError: number;
    NonRetryableError: number;
    Stopped: number;
  };
  ObjectiveStatusCounters: { Succeeded: number; Pending: number; Failed: number };
  BestTrainingJob?: HyperParameterTrainingJobSummary;
  FailureReason?: string;
}
