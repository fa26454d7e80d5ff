import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../core/index.js';
import { openDatabase } from '../../store/index.js';
import { runEcrContract } from './contract.js';
import { createLocalEcr } from './local.js';
import { parseImageUri } from './uri.js';

const scope = { region: 'ap-south-1', accountId: '123456789012' };

runEcrContract('embedded (SQLite in memory)', () =>
  createLocalEcr({ db: openDatabase(':memory:'), scope }),
);

describe('image URIs', () => {
  it('splits ECR, Docker Hub and digest references', () => {
    expect(parseImageUri('111122223333.dkr.ecr.eu-west-1.amazonaws.com/dapm/train:abc123')).toEqual(
      {
        registry: '111122223333.dkr.ecr.eu-west-1.amazonaws.com',
        account: '111122223333',
        region: 'eu-west-1',
        repository: 'dapm/train',
        tag: 'abc123',
      },
    );
    expect(parseImageUri('busybox')).toEqual({ repository: 'busybox', tag: 'latest' });
    expect(parseImageUri('localhost:5000/x/y:2')).toEqual({
      registry: 'localhost:5000',
      repository: 'x/y',
      tag: '2',
    });
    expect(parseImageUri('amazonlinux@sha256:ab')).toEqual({
      repository: 'amazonlinux',
      digest: 'sha256:ab',
    });
  });
});

describe('embedded registry: what images run', () => {
  const folder = mkdtempSync(join(tmpdir(), 'mm-ecr-byo-'));
  function setup() {
    return createLocalEcr({
      db: openDatabase(':memory:'),
      scope,
      clock: createFakeClock(Date.UTC(2024, 0, 1)),
      hasProgram: (name) => name === 'dapm-train',
    });
  }

  it('registers a URI to a program, creating the repository, and resolves it from any account or region', async () => {
    const ecr = setup();
    const mapping = await ecr.registerImage({
      imageUri: '999999999999.dkr.ecr.us-east-1.amazonaws.com/dapm-training:c0ffee',
      program: 'dapm-train',
    });
    expect(mapping).toMatchObject({
      image: 'dapm-training:c0ffee',
      target: { kind: 'program', program: 'dapm-train' },
    });
    expect(mapping.imageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(
      ecr.resolve('123456789012.dkr.ecr.ap-south-1.amazonaws.com/dapm-training:c0ffee'),
    ).toEqual({ kind: 'program', program: 'dapm-train' });
    expect(ecr.resolve(`dapm-training@${mapping.imageDigest}`)).toEqual({
      kind: 'program',
      program: 'dapm-train',
    });
    expect(ecr.resolve('dapm-training:other')).toBeUndefined();
    expect(ecr.resolve('unknown')).toBeUndefined();
    const { imageDetails } = await ecr.describeImages({ repositoryName: 'dapm-training' });
    expect(imageDetails).toEqual([
      {
        registryId: '123456789012',
        repositoryName: 'dapm-training',
        imageDigest: mapping.imageDigest,
        imageTags: ['c0ffee'],
        imageSizeInBytes: 0,
        imagePushedAt: Date.UTC(2024, 0, 1) / 1000,
        imageManifestMediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      },
    ]);
    const { repositories } = await ecr.describeRepositories();
    expect(repositories[0]?.repositoryUri).toBe(
      '123456789012.dkr.ecr.ap-south-1.amazonaws.com/dapm-training',
    );
  });

  it('registers folders and real images, moves tags, and lists every mapping', async () => {
    const ecr = setup();
    await ecr.registerImage({ imageUri: 'byo:1', folder });
    await ecr.registerImage({ imageUri: 'byo:latest', folder });
    await ecr.registerImage({ imageUri: 'python:3.11', container: true });
    await ecr.registerImage({ imageUri: 'byo:1', container: 'my/real:1' });
    expect(ecr.listMappings().map((m) => [m.image, m.target])).toEqual([
      ['byo:1', { kind: 'container', image: 'my/real:1' }],
      ['byo:latest', { kind: 'folder', folder }],
      ['python:3.11', { kind: 'container', image: 'python:3.11' }],
    ]);
    expect(ecr.resolve('byo')).toEqual({ kind: 'folder', folder });
    expect((await ecr.listImages({ repositoryName: 'byo' })).imageIds).toHaveLength(2);
    await expect(ecr.deleteRepository({ repositoryName: 'byo' })).rejects.toMatchObject({
      code: 'RepositoryNotEmptyException',
    });
    await ecr.deleteRepository({ repositoryName: 'byo', force: true });
    expect(ecr.resolve('byo:1')).toBeUndefined();
  });

  it('says what is wrong with a registration', async () => {
    const ecr = setup();
    await expect(ecr.registerImage({ imageUri: 'xy:1', program: 'nope' })).rejects.toThrow(
      /no built-in program is named 'nope'/,
    );
    await expect(
      ecr.registerImage({ imageUri: 'xy:1', folder: join(folder, 'missing') }),
    ).rejects.toThrow(/is not a folder/);
    await expect(ecr.registerImage({ imageUri: 'xy:1' })).rejects.toThrow(
      /exactly one of program, folder or container/,
    );
    await ecr.createRepository({ repositoryName: 'fixed', imageTagMutability: 'IMMUTABLE' });
    await ecr.registerImage({ imageUri: 'fixed:1', program: 'dapm-train' });
    await ecr.registerImage({ imageUri: 'fixed:1', program: 'dapm-train' });
    await expect(ecr.registerImage({ imageUri: 'fixed:1', folder })).rejects.toMatchObject({
      code: 'ImageTagAlreadyExistsException',
    });
    await expect(
      ecr.describeImages({ repositoryName: 'fixed', imageIds: [{ imageTag: '2' }] }),
    ).rejects.toMatchObject({
      code: 'ImageNotFoundException',
    });
  });
});
