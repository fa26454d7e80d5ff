import type { Tag } from './types-jobs.js';

/**
 * The hosting and registry half of the SageMaker port: models, endpoint
 * configurations, endpoints, SageMaker Runtime's InvokeEndpoint, and the model
 * registry (model package groups and versioned model packages), with
 * SageMaker's field names and timestamps in epoch seconds.
 */

/** A model's container. */
export interface ContainerDefinition {
  Image?: string;
  /** `s3://.../model.tar.gz` (extracted) or an S3 prefix (copied) for the model folder. */
  ModelDataUrl?: string;
  Environment?: Record<string, string>;
  ContainerHostname?: string;
  Mode?: 'SingleModel' | 'MultiModel';
  [field: string]: unknown;
}

/** CreateModel's request. */
export interface CreateModelInput {
  ModelName: string;
  PrimaryContainer?: ContainerDefinition;
  Containers?: ContainerDefinition[];
  ExecutionRoleArn?: string;
  EnableNetworkIsolation?: boolean;
  Tags?: Tag[];
  [field: string]: unknown;
}

/** DescribeModel's answer. */
export interface ModelDescription extends CreateModelInput {
  ModelArn: string;
  CreationTime: number;
}

/** One variant of an endpoint configuration. */
export interface ProductionVariant {
  VariantName: string;
  ModelName: string;
  InitialInstanceCount?: number;
  InstanceType?: string;
  InitialVariantWeight?: number;
  ServerlessConfig?: { MemorySizeInMB: number; MaxConcurrency: number };
  [field: string]: unknown;
}

/** CreateEndpointConfig's request. */
export interface CreateEndpointConfigInput {
  EndpointConfigName: string;
  ProductionVariants: ProductionVariant[];
  KmsKeyId?: string;
  Tags?: Tag[];
  [field: string]: unknown;
}

/** DescribeEndpointConfig's answer. */
export interface EndpointConfigDescription extends CreateEndpointConfigInput {
  EndpointConfigArn: string;
  CreationTime: number;
}

/** Endpoint statuses, as SageMaker names them. */
export const EndpointStatus = {
  Creating: 'Creating',
  Updating: 'Updating',
  InService: 'InService',
  Deleting: 'Deleting',
  Failed: 'Failed',
  OutOfService: 'OutOfService',
} as const;
/** An endpoint status. */
export type EndpointStatus = (typeof EndpointStatus)[keyof typeof EndpointStatus];

/** A variant as DescribeEndpoint reports it. */
export interface ProductionVariantSummary {
  VariantName: string;
  DeployedImages?: { SpecifiedImage: string; ResolvedImage: string; ResolutionTime: number }[];
  CurrentWeight?: number;
  DesiredWeight?: number;
  CurrentInstanceCount?: number;
  DesiredInstanceCount?: number;
}

/** DescribeEndpoint's answer. */
export interface EndpointDescription {
  EndpointName: string;
  EndpointArn: string;
  EndpointConfigName: string;
  ProductionVariants?: ProductionVariantSummary[];
  EndpointStatus: EndpointStatus;
  FailureReason?: string;
  CreationTime: number;
  LastModifiedTime: number;
}

/** SageMaker Runtime's InvokeEndpoint request. */
export interface InvokeEndpointInput {
  EndpointName: string;
  Body: Uint8Array | string;
  ContentType?: string;
  Accept?: string;
  TargetVariant?: string;
  CustomAttributes?: string;
}

/** InvokeEndpoint's answer. */
export interface InvokeEndpointOutput {
  Body: Uint8Array;
  ContentType: string;
  InvokedProductionVariant: string;
}

/** Approval statuses of a model package. */
export const ModelApprovalStatus = {
  Approved: 'Approved',
  Rejected: 'Rejected',
  PendingManualApproval: 'PendingManualApproval',
} as const;
/** A model approval status. */
export type ModelApprovalStatus = (typeof ModelApprovalStatus)[keyof typeof ModelApprovalStatus];

/** DescribeModelPackageGroup's answer. */
export interface ModelPackageGroupDescription {
  ModelPackageGroupName: string;
  ModelPackageGroupArn: string;
  ModelPackageGroupDescription?: string;
  CreationTime: number;
  CreatedBy: Record<string, unknown>;
  ModelPackageGroupStatus: 'Pending' | 'InProgress' | 'Completed' | 'Failed' | 'Deleting';
}

/** What a model package serves with. */
export interface InferenceSpecification {
  Containers: ContainerDefinition[];
  SupportedContentTypes?: string[];
  SupportedResponseMIMETypes?: string[];
  SupportedTransformInstanceTypes?: string[];
  SupportedRealtimeInferenceInstanceTypes?: string[];
}

/** Where a model version came from. */
export interface MetadataProperties {
  CommitId?: string;
  GeneratedBy?: string;
  ProjectId?: string;
  Repository?: string;
}

/** CreateModelPackage's request (versioned packages). */
export interface CreateModelPackageInput {
  ModelPackageGroupName?: string;
  ModelPackageName?: string;
  ModelPackageDescription?: string;
  ModelApprovalStatus?: ModelApprovalStatus;
  InferenceSpecification?: InferenceSpecification;
  MetadataProperties?: MetadataProperties;
  ModelMetrics?: Record<string, unknown>;
  CustomerMetadataProperties?: Record<string, string>;
  Domain?: string;
  Task?: string;
  Tags?: Tag[];
  [field: string]: unknown;
}

/** DescribeModelPackage's answer. */
export interface ModelPackageDescription extends CreateModelPackageInput {
  ModelPackageName: string;
  ModelPackageArn: string;
  ModelPackageVersion?: number;
  CreationTime: number;
  LastModifiedTime?: number;
  ModelPackageStatus: 'Pending' | 'InProgress' | 'Completed' | 'Failed' | 'Deleting';
  ModelPackageStatusDetails: { ValidationStatuses: unknown[]; ImageScanStatuses?: unknown[] };
  ModelApprovalStatus?: ModelApprovalStatus;
  ApprovalDescription?: string;
  CertifyForMarketplace: boolean;
}

/** UpdateModelPackage's request. */
export interface UpdateModelPackageInput {
  ModelPackageArn: string;
  ModelApprovalStatus?: ModelApprovalStatus;
  ApprovalDescription?: string;
  CustomerMetadataProperties?: Record<string, string>;
  CustomerMetadataPropertiesToRemove?: string[];
}

/** ListModelPackages' request. */
export interface ListModelPackagesInput {
  ModelPackageGroupName?: string;
  ModelApprovalStatus?: ModelApprovalStatus;
  ModelPackageType?: 'Versioned' | 'Unversioned' | 'Both';
  NameContains?: string;
  CreationTimeAfter?: number;
  CreationTimeBefore?: number;
  SortBy?: 'Name' | 'CreationTime';
  SortOrder?: 'Ascending' | 'Descending';
  MaxResults?: number;
  NextToken?: string;
}

/** One listed model package. */
export interface ModelPackageSummary {
  ModelPackageName: string;
  ModelPackageGroupName?: string;
  ModelPackageVersion?: number;
  ModelPackageArn: string;
  ModelPackageDescription?: string;
  CreationTime: number;
  ModelPackageStatus: ModelPackageDescription['ModelPackageStatus'];
  ModelApprovalStatus?: ModelApprovalStatus;
}

/** One event for the events port, as EventBridge's PutEvents takes it. */
export interface EventEntry {
  Source: string;
  DetailType: string;
  /** JSON object text. */
  Detail: string;
  Resources?: string[];
  /** Default: the default bus. */
  EventBusName?: string;
  /** Epoch seconds. */
  Time?: number;
}

/** Where SageMaker puts its events (EventBridge, wired by the composition root). */
export interface SageMakerEvents {
  putEvents(entries: EventEntry[]): Promise<unknown>;
}
