/**
 * The job half of the SageMaker port: training, processing, hyperparameter
 * tuning and batch transform jobs, with SageMaker's own field names
 * (PascalCase, as the `SageMaker` JSON 1.1 protocol has them; timestamps in
 * epoch seconds). Fields modelmill keeps but does not act on (VpcConfig,
 * KmsKeyId, ...) are stored and described as given.
 */

/** A tag. */
export interface Tag {
  Key: string;
  Value: string;
}

/** Where a channel's or a transform's data lives in S3. */
export interface S3DataSource {
  /** `S3Prefix` (every object under the prefix) or `ManifestFile` (a JSON list of keys). */
  S3DataType: 'S3Prefix' | 'ManifestFile' | 'AugmentedManifestFile';
  S3Uri: string;
  S3DataDistributionType?: 'FullyReplicated' | 'ShardedByS3Key';
}

/** One input channel of a training job. */
export interface Channel {
  ChannelName: string;
  DataSource: { S3DataSource?: S3DataSource };
  ContentType?: string;
  CompressionType?: 'None' | 'Gzip';
  RecordWrapperType?: string;
  InputMode?: string;
  ShuffleConfig?: { Seed: number };
}

/** A metric read from the job's log by regular expression. */
export interface MetricDefinition {
  Name: string;
  Regex: string;
}

/** What a training job runs. */
export interface AlgorithmSpecification {
  /** An image URI (registered locally, or a known SageMaker built-in repository). */
  TrainingImage?: string;
  /** A built-in algorithm by name (`xgboost`, `linear-learner`, `xgb`, `rf`, ...). */
  AlgorithmName?: string;
  TrainingInputMode?: string;
  MetricDefinitions?: MetricDefinition[];
  EnableSageMakerMetricsTimeSeries?: boolean;
  ContainerEntrypoint?: string[];
  ContainerArguments?: string[];
  [field: string]: unknown;
}

/** Compute of a job (recorded; locally one instance runs). */
export interface ResourceConfig {
  InstanceType?: string;
  InstanceCount?: number;
  VolumeSizeInGB?: number;
  [field: string]: unknown;
}

/** CreateTrainingJob's request. */
export interface CreateTrainingJobInput {
  TrainingJobName: string;
  AlgorithmSpecification: AlgorithmSpecification;
  RoleArn: string;
  OutputDataConfig: { S3OutputPath: string; CompressionType?: 'GZIP' | 'NONE'; KmsKeyId?: string };
  HyperParameters?: Record<string, string>;
  InputDataConfig?: Channel[];
  ResourceConfig?: ResourceConfig;
  StoppingCondition?: { MaxRuntimeInSeconds?: number; MaxWaitTimeInSeconds?: number };
  Environment?: Record<string, string>;
  Tags?: Tag[];
  [field: string]: unknown;
}

/** Training job statuses. */
export const TrainingJobStatus = {
  InProgress: 'InProgress',
  Completed: 'Completed',
  Failed: 'Failed',
  Stopping: 'Stopping',
  Stopped: 'Stopped',
} as const;
/** A training job status. */
export type TrainingJobStatus = (typeof TrainingJobStatus)[keyof typeof TrainingJobStatus];

/** One step of a job's SecondaryStatus history. */
export interface SecondaryStatusTransition {
  Status: string;
  StartTime: number;
  EndTime?: number;
  StatusMessage?: string;
}

/** A final metric value. */
export interface MetricData {
  MetricName: string;
  Value: number;
  Timestamp: number;
}

/** DescribeTrainingJob's answer. */
export interface TrainingJobDescription extends CreateTrainingJobInput {
  TrainingJobArn: string;
  TuningJobArn?: string;
  ModelArtifacts: { S3ModelArtifacts: string };
  TrainingJobStatus: TrainingJobStatus;
  SecondaryStatus: string;
  FailureReason?: string;
  HyperParameters: Record<string, string>;
  ResourceConfig: ResourceConfig;
  StoppingCondition: { MaxRuntimeInSeconds: number; MaxWaitTimeInSeconds?: number };
  CreationTime: number;
  TrainingStartTime?: number;
  TrainingEndTime?: number;
  LastModifiedTime: number;
  SecondaryStatusTransitions: SecondaryStatusTransition[];
  FinalMetricDataList: MetricData[];
  TrainingTimeInSeconds?: number;
  BillableTimeInSeconds?: number;
}

/** A processing input. */
export interface ProcessingInput {
  InputName: string;
  S3Input?: {
    S3Uri: string;
    LocalPath: string;
    S3DataType: 'S3Prefix' | 'ManifestFile';
    S3InputMode?: string;
    S3CompressionType?: string;
  };
  AppManaged?: boolean;
}

/** A processing output. */
export interface ProcessingOutput {
  OutputName: string;
  S3Output?: { S3Uri: string; LocalPath: string; S3UploadMode?: 'EndOfJob' | 'Continuous' };
  AppManaged?: boolean;
}

/** CreateProcessingJob's request. */
export interface CreateProcessingJobInput {
  ProcessingJobName: string;
  AppSpecification: {
    ImageUri: string;
    ContainerEntrypoint?: string[];
    ContainerArguments?: string[];
  };
  RoleArn: string;
  ProcessingResources?: { ClusterConfig?: ResourceConfig };
  ProcessingInputs?: ProcessingInput[];
  ProcessingOutputConfig?: { Outputs: ProcessingOutput[]; KmsKeyId?: string };
  Environment?: Record<string, string>;
  StoppingCondition?: { MaxRuntimeInSeconds?: number };
  Tags?: Tag[];
  [field: string]: unknown;
}

/** Processing and transform job statuses. */
export type JobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

/** DescribeProcessingJob's answer. */
export interface ProcessingJobDescription extends CreateProcessingJobInput {
  ProcessingJobArn: string;
  ProcessingJobStatus: JobStatus;
  ExitMessage?: string;
  FailureReason?: string;
  CreationTime: number;
  ProcessingStartTime?: number;
  ProcessingEndTime?: number;
  LastModifiedTime: number;
  TrainingJobArn?: string;
}

/** CreateTransformJob's request. */
export interface CreateTransformJobInput {
  TransformJobName: string;
  ModelName: string;
  TransformInput: {
    DataSource: { S3DataSource: S3DataSource };
    ContentType?: string;
    CompressionType?: 'None' | 'Gzip';
    SplitType?: 'None' | 'Line' | 'RecordIO' | 'TFRecord';
  };
  TransformOutput: { S3OutputPath: string; Accept?: string; AssembleWith?: 'None' | 'Line' };
  TransformResources?: ResourceConfig;
  BatchStrategy?: 'SingleRecord' | 'MultiRecord';
  MaxPayloadInMB?: number;
  MaxConcurrentTransforms?: number;
  Environment?: Record<string, string>;
  Tags?: Tag[];
  [field: string]: unknown;
}

/** DescribeTransformJob's answer. */
export interface TransformJobDescription extends CreateTransformJobInput {
  TransformJobArn: string;
  TransformJobStatus: JobStatus;
  FailureReason?: string;
  CreationTime: number;
  TransformStartTime?: number;
  TransformEndTime?: number;
  LastModifiedTime?: number;
}

/** The filters and paging of the List* operations of jobs. */
export interface ListJobsInput {
  NameContains?: string;
  StatusEquals?: string;
  CreationTimeAfter?: number;
  CreationTimeBefore?: number;
  LastModifiedTimeAfter?: number;
  LastModifiedTimeBefore?: number;
  SortBy?: 'Name' | 'CreationTime' | 'Status';
  SortOrder?: 'Ascending' | 'Descending';
  MaxResults?: number;
  NextToken?: string;
}
