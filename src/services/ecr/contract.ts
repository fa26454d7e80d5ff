import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection } from '../common/index.js';
import type { EcrService } from './types.js';

/**
 * The contract every EcrService adapter keeps, run against the embedded
 * registry always and against ECR when an endpoint is configured. It only
 * asserts what ECR itself does, with ECR's error names and wording.
 */

/** Runs the suite against the adapter `makeAdapter` builds; repositories are prefixed and removed afterwards. */
export function runEcrContract(
  name: string,
  makeAdapter: () => EcrService | Promise<EcrService>,
): void {
  const prefix = `mm-contract-${Date.now().toString(36)}`;
  let ecr: EcrService;
  describe(`ECR contract: ${name}`, () => {
    beforeAll(async () => {
      ecr = await makeAdapter();
    });
    afterAll(async () => {
      const { repositories } = await ecr.describeRepositories({});
      for (const repo of repositories.filter((r) => r.repositoryName.startsWith(prefix))) {
        await ecr.deleteRepository({ repositoryName: repo.repositoryName, force: true });
      }
    });

    it('creates a repository and describes it by name', async () => {
      const repositoryName = `${prefix}/dapm-training`;
      const { repository } = await ecr.createRepository({
        repositoryName,
        imageTagMutability: 'IMMUTABLE',
      });
      expect(repository.repositoryName).toBe(repositoryName);
      expect(repository.repositoryArn).toMatch(
        new RegExp(`^arn:aws:ecr:[a-z0-9-]+:\\d{12}:repository/${repositoryName}$`),
      );
      expect(repository.repositoryUri).toMatch(
        new RegExp(`^\\d{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/${repositoryName}$`),
      );
      expect(repository.imageTagMutability).toBe('IMMUTABLE');
      expect(typeof repository.createdAt).toBe('number');
      const { repositories } = await ecr.describeRepositories({
        repositoryNames: [repositoryName],
      });
      expect(repositories).toEqual([repository]);
      const { imageDetails } = await ecr.describeImages({ repositoryName });
      expect(imageDetails).toEqual([]);
      expect((await ecr.listImages({ repositoryName })).imageIds).toEqual([]);
    });

    it('refuses a second repository of the same name', async () => {
      const repositoryName = `${prefix}-twice`;
      await ecr.createRepository({ repositoryName });
      const err = await rejection(ecr.createRepository({ repositoryName }));
      expect(err.code ?? err.name).toBe('RepositoryAlreadyExistsException');
      expect(err.message).toContain(
        `The repository with name '${repositoryName}' already exists in the registry with id`,
      );
    });

    it('names a missing repository in RepositoryNotFoundException', async () => {
      const repositoryName = `${prefix}-missing`;
      for (const call of [
        ecr.describeRepositories({ repositoryNames: [repositoryName] }),
        ecr.describeImages({ repositoryName }),
        ecr.deleteRepository({ repositoryName }),
      ]) {
        const err = await rejection(call);
        expect(err.code ?? err.name).toBe('RepositoryNotFoundException');
        expect(err.message).toContain(
          `The repository with name '${repositoryName}' does not exist in the registry with id`,
        );
      }
    });

    it('rejects a repository name ECR does not accept', async () => {
      const err = await rejection(ecr.createRepository({ repositoryName: `${prefix}/Bad_Name` }));
      expect(err.code ?? err.name).toBe('InvalidParameterException');
    });

    it('deletes a repository', async () => {
      const repositoryName = `${prefix}-gone`;
      await ecr.createRepository({ repositoryName });
      const { repository } = await ecr.deleteRepository({ repositoryName });
      expect(repository.repositoryName).toBe(repositoryName);
      const err = await rejection(ecr.describeRepositories({ repositoryNames: [repositoryName] }));
      expect(err.code ?? err.name).toBe('RepositoryNotFoundException');
    });
  });
}
