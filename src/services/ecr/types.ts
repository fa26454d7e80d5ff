import type { ImageResolver, ImageTarget } from '../../runtime/index.js';

/**
 * The image registry port: Amazon ECR's repository and image operations with
 * ECR's field names (JSON 1.1; timestamps in epoch seconds), plus — in the
 * embedded registry only — what each image URI runs locally.
 */

/** A repository, as DescribeRepositories returns it. */
export interface Repository {
  repositoryArn: string;
  registryId: string;
  repositoryName: string;
  repositoryUri: string;
  /** Epoch seconds. */
  createdAt: number;
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE';
  imageScanningConfiguration: { scanOnPush: boolean };
  encryptionConfiguration: { encryptionType: 'AES256' | 'KMS'; kmsKey?: string };
}

/** An image id: a tag, a digest, or both. */
export interface ImageIdentifier {
  imageTag?: string;
  imageDigest?: string;
}

/** An image, as DescribeImages returns it. */
export interface ImageDetail {
  registryId: string;
  repositoryName: string;
  imageDigest: string;
  imageTags?: string[];
  imageSizeInBytes: number;
  /** Epoch seconds. */
  imagePushedAt: number;
  imageManifestMediaType: string;
  artifactMediaType?: string;
}

/** A tag. */
export interface Tag {
  Key: string;
  Value: string;
}

/** CreateRepository's request. */
export interface CreateRepositoryInput {
  repositoryName: string;
  registryId?: string;
  tags?: Tag[];
  imageTagMutability?: 'MUTABLE' | 'IMMUTABLE';
  imageScanningConfiguration?: { scanOnPush?: boolean };
  encryptionConfiguration?: { encryptionType: 'AES256' | 'KMS'; kmsKey?: string };
}

/** DescribeRepositories' request. */
export interface DescribeRepositoriesInput {
  registryId?: string;
  repositoryNames?: string[];
  nextToken?: string;
  maxResults?: number;
}

/** DescribeImages' request. */
export interface DescribeImagesInput {
  registryId?: string;
  repositoryName: string;
  imageIds?: ImageIdentifier[];
  nextToken?: string;
  maxResults?: number;
  filter?: { tagStatus?: 'TAGGED' | 'UNTAGGED' | 'ANY' };
}

/** ListImages' request. */
export interface ListImagesInput {
  registryId?: string;
  repositoryName: string;
  nextToken?: string;
  maxResults?: number;
  filter?: { tagStatus?: 'TAGGED' | 'UNTAGGED' | 'ANY' };
}

/** DeleteRepository's request. */
export interface DeleteRepositoryInput {
  registryId?: string;
  repositoryName: string;
  force?: boolean;
}

/** Amazon ECR's repository and image operations. */
export interface EcrService {
  createRepository(input: CreateRepositoryInput): Promise<{ repository: Repository }>;
  describeRepositories(
    input?: DescribeRepositoriesInput,
  ): Promise<{ repositories: Repository[]; nextToken?: string }>;
  describeImages(
    input: DescribeImagesInput,
  ): Promise<{ imageDetails: ImageDetail[]; nextToken?: string }>;
  listImages(input: ListImagesInput): Promise<{ imageIds: ImageIdentifier[]; nextToken?: string }>;
  deleteRepository(input: DeleteRepositoryInput): Promise<{ repository: Repository }>;
}

/** What `registerImage` maps a URI to: exactly one of these. */
export interface RegisterImageInput {
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`, `<repo>:<tag>`, `busybox`, ... */
  imageUri: string;
  /** A built-in program's name. */
  program?: string;
  /** A folder of executables (bring-your-own `train` / `serve`). */
  folder?: string;
  /** A real image for Docker or Podman (default: the URI itself). */
  container?: string | true;
}

/** One URI and what it runs. */
export interface ImageMapping {
  /** `<repository>:<tag>`. */
  image: string;
  repositoryName: string;
  imageTag: string;
  imageDigest: string;
  target: ImageTarget;
  /** Epoch seconds. */
  registeredAt: number;
}

/** The embedded registry: the ECR port, the mappings, and image resolution for the runtime. */
export interface LocalImageRegistry extends EcrService, ImageResolver {
  /** Maps a URI to a program, a folder or a real image (creating the repository when missing). */
  registerImage(input: RegisterImageInput): Promise<ImageMapping>;
  /** Every mapping, by repository and tag. */
  listMappings(): ImageMapping[];
}
