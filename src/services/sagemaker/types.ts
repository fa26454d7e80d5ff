import type {
  CreateEndpointConfigInput,
  CreateModelInput,
  CreateModelPackageInput,
  EndpointConfigDescription,
  EndpointDescription,
  InvokeEndpointInput,
  InvokeEndpointOutput,
  ListModelPackagesInput,
  ModelDescription,
  ModelPackageDescription,
  ModelPackageGroupDescription,
  ModelPackageSummary,
  UpdateModelPackageInput,
} from './types-hosting.js';
import type {
  CreateHyperParameterTuningJobInput,
  HyperParameterTrainingJobSummary,
  HyperParameterTuningJobDescription,
} from './types-tuning.js';
import type {
  CreateProcessingJobInput,
  CreateTrainingJobInput,
  CreateTransformJobInput,
  ListJobsInput,
  ProcessingJobDescription,
  Tag,
  TrainingJobDescription,
  TransformJobDescription,
} from './types-jobs.js';

export type * from './types-jobs.js';
export type * from './types-tuning.js';
export type * from './types-hosting.js';
export { TrainingJobStatus } from './types-jobs.js';
export { EndpointStatus, ModelApprovalStatus } from './types-hosting.js';

/**
 * The SageMaker port: the operations modelmill serves, with SageMaker's
 * request and response field names, implemented by the embedded adapter (jobs
 * on the job runtime, models served by local processes) and by the AWS
 * adapter (`@aws-sdk/client-sagemaker` and `-runtime`).
 */

/** Options of the waits. */
export interface WaitOptions {
  /** Stops waiting (rejecting with the signal's reason). */
  signal?: AbortSignal;
}

/** A page of names or summaries. */
export interface Page {
  NextToken?: string;
}

/** Summary of a listed job: its name, ARN, status and times. */
export type JobSummary = Record<string, unknown>;

/** Training, processing, tuning and transform jobs. */
export interface SageMakerJobs {
  createTrainingJob(input: CreateTrainingJobInput): Promise<{ TrainingJobArn: string }>;
  describeTrainingJob(input: { TrainingJobName: string }): Promise<TrainingJobDescription>;
  listTrainingJobs(input?: ListJobsInput): Promise<{ TrainingJobSummaries: JobSummary[] } & Page>;
  stopTrainingJob(input: { TrainingJobName: string }): Promise<Record<string, never>>;
  /** Resolves with the description once the job is Completed, Failed or Stopped. */
  waitForTrainingJob(name: string, options?: WaitOptions): Promise<TrainingJobDescription>;

  createProcessingJob(input: CreateProcessingJobInput): Promise<{ ProcessingJobArn: string }>;
  describeProcessingJob(input: { ProcessingJobName: string }): Promise<ProcessingJobDescription>;
  listProcessingJobs(
    input?: ListJobsInput,
  ): Promise<{ ProcessingJobSummaries: JobSummary[] } & Page>;
  stopProcessingJob(input: { ProcessingJobName: string }): Promise<Record<string, never>>;
  waitForProcessingJob(name: string, options?: WaitOptions): Promise<ProcessingJobDescription>;

  createHyperParameterTuningJob(
    input: CreateHyperParameterTuningJobInput,
  ): Promise<{ HyperParameterTuningJobArn: string }>;
  describeHyperParameterTuningJob(input: {
    HyperParameterTuningJobName: string;
  }): Promise<HyperParameterTuningJobDescription>;
  listHyperParameterTuningJobs(
    input?: ListJobsInput,
  ): Promise<{ HyperParameterTuningJobSummaries: JobSummary[] } & Page>;
  listTrainingJobsForHyperParameterTuningJob(
    input: { HyperParameterTuningJobName: string } & Omit<ListJobsInput, 'SortBy'> & {
        SortBy?: 'Name' | 'CreationTime' | 'Status' | 'FinalObjectiveMetricValue';
      },
  ): Promise<{ TrainingJobSummaries: HyperParameterTrainingJobSummary[] } & Page>;
  stopHyperParameterTuningJob(input: {
    HyperParameterTuningJobName: string;
  }): Promise<Record<string, never>>;
  waitForHyperParameterTuningJob(
    name: string,
    options?: WaitOptions,
  ): Promise<HyperParameterTuningJobDescription>;

  createTransformJob(input: CreateTransformJobInput): Promise<{ TransformJobArn: string }>;
  describeTransformJob(input: { TransformJobName: string }): Promise<TransformJobDescription>;
  listTransformJobs(input?: ListJobsInput): Promise<{ TransformJobSummaries: JobSummary[] } & Page>;
  stopTransformJob(input: { TransformJobName: string }): Promise<Record<string, never>>;
  waitForTransformJob(name: string, options?: WaitOptions): Promise<TransformJobDescription>;
}

/** Models, endpoint configurations, endpoints and InvokeEndpoint. */
export interface SageMakerHosting {
  createModel(input: CreateModelInput): Promise<{ ModelArn: string }>;
  describeModel(input: { ModelName: string }): Promise<ModelDescription>;
  listModels(input?: ListJobsInput): Promise<{ Models: JobSummary[] } & Page>;
  deleteModel(input: { ModelName: string }): Promise<Record<string, never>>;

  createEndpointConfig(input: CreateEndpointConfigInput): Promise<{ EndpointConfigArn: string }>;
  describeEndpointConfig(input: { EndpointConfigName: string }): Promise<EndpointConfigDescription>;
  listEndpointConfigs(input?: ListJobsInput): Promise<{ EndpointConfigs: JobSummary[] } & Page>;
  deleteEndpointConfig(input: { EndpointConfigName: string }): Promise<Record<string, never>>;

  createEndpoint(input: {
    EndpointName: string;
    EndpointConfigName: string;
    Tags?: Tag[];
  }): Promise<{ EndpointArn: string }>;
  updateEndpoint(input: {
    EndpointName: string;
    EndpointConfigName: string;
  }): Promise<{ EndpointArn: string }>;
  describeEndpoint(input: { EndpointName: string }): Promise<EndpointDescription>;
  listEndpoints(input?: ListJobsInput): Promise<{ Endpoints: JobSummary[] } & Page>;
  deleteEndpoint(input: { EndpointName: string }): Promise<Record<string, never>>;
  /** Resolves once the endpoint is InService or Failed. */
  waitForEndpoint(name: string, options?: WaitOptions): Promise<EndpointDescription>;

  /** SageMaker Runtime: sends a request to the endpoint's model. */
  invokeEndpoint(input: InvokeEndpointInput): Promise<InvokeEndpointOutput>;
}

/** The model registry: model package groups and versioned model packages. */
export interface ModelRegistry {
  createModelPackageGroup(input: {
    ModelPackageGroupName: string;
    ModelPackageGroupDescription?: string;
    Tags?: Tag[];
  }): Promise<{ ModelPackageGroupArn: string }>;
  describeModelPackageGroup(input: {
    ModelPackageGroupName: string;
  }): Promise<ModelPackageGroupDescription>;
  listModelPackageGroups(
    input?: Omit<ListJobsInput, 'SortBy' | 'StatusEquals'> & { SortBy?: 'Name' | 'CreationTime' },
  ): Promise<{ ModelPackageGroupSummaryList: JobSummary[] } & Page>;
  deleteModelPackageGroup(input: { ModelPackageGroupName: string }): Promise<Record<string, never>>;

  createModelPackage(input: CreateModelPackageInput): Promise<{ ModelPackageArn: string }>;
  /** `ModelPackageName`: an ARN, or `group/version` locally. */
  describeModelPackage(input: { ModelPackageName: string }): Promise<ModelPackageDescription>;
  listModelPackages(
    input?: ListModelPackagesInput,
  ): Promise<{ ModelPackageSummaryList: ModelPackageSummary[] } & Page>;
  updateModelPackage(input: UpdateModelPackageInput): Promise<{ ModelPackageArn: string }>;
  deleteModelPackage(input: { ModelPackageName: string }): Promise<Record<string, never>>;
}

/** Every operation of the port. */
export interface SageMakerService extends SageMakerJobs, SageMakerHosting, ModelRegistry {}

/** The embedded SageMaker: the port plus its life cycle. */
export interface LocalSageMaker extends SageMakerService {
  /** Picks up what a previous process left: reruns unfinished jobs, serves InService endpoints again. */
  start(): Promise<void>;
  /** Stops every job and model server (their records stay, for `start()` to resume). */
  close(): Promise<void>;
}
