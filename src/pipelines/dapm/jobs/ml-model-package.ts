import type { ServiceClients } from '../../../clients/index.js';
import { ModelmillError } from '../../../core/index.js';
import type { CreateModelPackageInput } from '../../../services/sagemaker/index.js';

/**
 * The model package evaluation registers for a training run: a version in
 * the use case's model package group, awaiting manual approval, carrying
 * the winner and where the run's models are (SYSTEMS.md §1, "Evaluation and
 * winner"). Approving it is what starts inference.
 */

/** What the package says. */
export interface ModelPackageFacts {
  group: string;
  useCase: string;
  stepJobId: string;
  winner: string;
  metricName: string;
  metricValue: number;
  /** The run's training prefix (`s3://<shared>/training/<run>/`). */
  trainingPrefix: string;
  /** The training image URI (its tag is the commit id unless one is given). */
  image: string;
  commitId: string | undefined;
  repository: string;
}

/** The commit id an image URI carries in its tag (`...:abc123` → `abc123`), or undefined. */
export function commitOfImage(image: string): string | undefined {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash && colon < image.length - 1 ? image.slice(colon + 1) : undefined;
}

/** The CreateModelPackage request. */
export function modelPackageRequest(facts: ModelPackageFacts): CreateModelPackageInput {
  const metric = String(facts.metricValue);
  return {
    ModelPackageGroupName: facts.group,
    ModelPackageDescription:
      `${facts.useCase} DAPM training run ${facts.stepJobId}: ${facts.winner} ranked first on ${facts.metricName} (${metric})`.slice(
        0,
        1024,
      ),
    ModelApprovalStatus: 'PendingManualApproval',
    InferenceSpecification: {
      Containers: [{ Image: facts.image }],
      SupportedContentTypes: ['text/csv'],
      SupportedResponseMIMETypes: ['text/csv'],
    },
    MetadataProperties: {
      CommitId: facts.commitId ?? commitOfImage(facts.image) ?? 'unknown',
      GeneratedBy: 'framework_evaluation',
      ProjectId: facts.useCase,
      Repository: facts.repository,
    },
    CustomerMetadataProperties: {
      winning_algo: facts.winner,
      winning_algo_metric: metric,
      winningalgos3uri: facts.trainingPrefix,
    },
  };
}

/**
 * The training image: the meta item's `job_image` (the gatekeeper read it),
 * else the `ecr_training` parameter beside `ssm_training_complete_status`.
 */
export async function trainingImage(
  clients: ServiceClients,
  meta: Readonly<Record<string, unknown>>,
  completeStatusParam: string | undefined,
): Promise<string> {
  if (typeof meta.job_image === 'string' && meta.job_image !== '') return meta.job_image;
  const slash = completeStatusParam?.lastIndexOf('/') ?? -1;
  if (completeStatusParam === undefined || slash <= 0) {
    throw new ModelmillError(
      'InvalidArguments',
      'the training image is unknown: the meta item has no job_image and --ssm_training_complete_status is not a parameter path (/<np>-dapf-ssm/training/training_complete_status)',
    );
  }
  const name = `${completeStatusParam.slice(0, slash)}/ecr_training`;
  try {
    const { Parameter } = await clients.ssm.getParameter({ Name: name });
    return Parameter.Value;
  } catch (err) {
    throw new ModelmillError(
      'ParameterNotFound',
      `the training image is unknown: the meta item has no job_image and parameter ${name} could not be read (${(err as Error).message})`,
      { cause: err },
    );
  }
}
