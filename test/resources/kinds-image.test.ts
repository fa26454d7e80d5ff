import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  down,
  failure,
  instance,
  lines,
  problems,
  synthOne,
  template,
  up,
  useInstance,
} from './kinds-fixture.js';

/** The `image` kind: ECR URIs mapped to programs, folders or real images in the embedded registry. */

useInstance({
  programs: [
    {
      name: 'record-args',
      module: new URL('../fixtures/echo-program.js', import.meta.url),
      export: 'recordArgs',
    },
  ],
});

const configDir = mkdtempSync(join(tmpdir(), 'mm-image-config-'));
mkdirSync(join(configDir, 'byom'));

const uri = (tag = 'v1') => `123456789012.dkr.ecr.ap-south-1.amazonaws.com/team/trainer:${tag}`;
const program = (tag = 'v1') => ({ kind: 'image', uri: uri(tag), program: 'record-args' });
const folder = (tag = 'v1') => ({ kind: 'image', uri: uri(tag), folder: 'byom' });

const mappings = () =>
  instance.mm.services.ecr
    .listMappings()
    .map((m) => `${m.image} ${m.target.kind === 'program' ? m.target.program : m.target.kind}`);

describe('image', () => {
  it('registers the URI, finds it whatever account it names, then reports unchanged', async () => {
    const first = await up([program()], { baseDir: configDir });
    expect(lines(first.resources)).toEqual([`created image ${uri()}`]);
    expect(mappings()).toEqual(['team/trainer:v1 record-args']);
    // Resolved by repository and tag, as a job definition written for another account would name it.
    expect(
      instance.mm.services.ecr.resolve(
        '999999999999.dkr.ecr.eu-west-1.amazonaws.com/team/trainer:v1',
      ),
    ).toEqual({
      kind: 'program',
      program: 'record-args',
    });
    const again = await up([program()], { baseDir: configDir });
    expect(again.resources.map((c) => c.action)).toEqual(['unchanged']);
  });

  it('resolves a folder against the config and moves a tag to a new target', async () => {
    await up([program()], { baseDir: configDir });
    const report = await up([folder()], { baseDir: configDir });
    expect(report.resources).toMatchObject([
      { action: 'updated', changes: [`program record-args → folder ${join(configDir, 'byom')}`] },
    ]);
    expect(instance.mm.services.ecr.resolve(uri())).toEqual({
      kind: 'folder',
      folder: join(configDir, 'byom'),
    });
  });

  it('refuses to move a tag of an IMMUTABLE repository, naming the fix', async () => {
    await instance.mm.services.ecr.createRepository({
      repositoryName: 'team/trainer',
      imageTagMutability: 'IMMUTABLE',
    });
    await up([program()], { baseDir: configDir });
    const error = await failure(up([folder()], { baseDir: configDir }));
    expect(error.message).toContain(
      "the repository 'team/trainer' is IMMUTABLE: a tag cannot move. Use a new tag in the URI",
    );
  });

  it('down removes only its own tags, keeping the other tags of the repository', async () => {
    await instance.mm.services.ecr.registerImage({
      imageUri: 'team/trainer:ci',
      program: 'record-args',
    });
    await up([program('v1'), folder('v2')], { baseDir: configDir });
    expect(mappings().sort()).toEqual([
      'team/trainer:ci record-args',
      'team/trainer:v1 record-args',
      'team/trainer:v2 folder',
    ]);
    const report = await down();
    expect(lines(report.resources)).toEqual([
      `deleted image ${uri('v2')}`,
      `deleted image ${uri('v1')}`,
    ]);
    expect(mappings()).toEqual(['team/trainer:ci record-args']);
    expect(instance.mm.services.ecr.resolve(uri('v1'))).toBeUndefined();
  });

  it('down deletes a repository left with no image', async () => {
    await up([program()], { baseDir: configDir });
    await down();
    const { repositories } = await instance.mm.services.ecr.describeRepositories();
    expect(repositories).toEqual([]);
  });

  it('reports config problems with the field', () => {
    expect(
      problems(
        [
          { kind: 'image', uri: uri(), program: 'a', folder: 'byom' },
          { kind: 'image', uri: 'Team/UPPER@sha256:abc', program: 'a' },
          { kind: 'image', name: 'nothing', uri: uri('v3') },
          { kind: 'image', uri: uri('v4'), folder: 'missing' },
        ],
        configDir,
      ),
    ).toEqual([
      `resources[0] (image): folder: an image runs exactly one of program, folder or container (got program and folder)`,
      `resources[1] (image): uri: 'Team/UPPER@sha256:abc' names a digest; register an image by tag (<repository>:<tag>)`,
      `resources[2] (image 'nothing'): an image runs exactly one of program, folder or container (got none)`,
      `resources[3] (image): folder: '${join(configDir, 'missing')}' is not a folder; give a folder of the image's executables (e.g. train, serve), relative to the config file`,
    ]);
    // The same repository and tag under another registry host is the same local image.
    expect(problems([program(), { kind: 'image', uri: 'team/trainer:v1', program: 'b' }])).toEqual([
      `resources[1] (image 'team/trainer:v1'): name: duplicates resources[0] (image '${uri()}'); give each image its own name`,
    ]);
  });

  it('synthesizes the ECR repository once per repository, saying CI pushes the image', () => {
    const t = template([program('v1')], configDir);
    expect(t.Resources).toEqual({
      TeamTrainerRepository: {
        Type: 'AWS::ECR::Repository',
        Properties: { RepositoryName: 'team/trainer' },
        Metadata: {
          modelmill: {
            images:
              'pushed by CI (docker build, docker tag, docker push); this template creates only the repository',
          },
        },
      },
    });
    expect(t.Metadata.modelmill.notes).toEqual([
      `image '${uri()}' is not built by this template: CI builds it and pushes it to the ECR repository 'team/trainer' (docker push) before the stack runs jobs with it`,
    ]);
    const v1 = synthOne([program('v1'), program('v2')], 0).part;
    const v2 = synthOne([program('v1'), program('v2')], 1).part;
    expect(v2).toEqual(v1);
  });
});
