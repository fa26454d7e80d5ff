import { describe, expect, it } from 'vitest';
import { completeFinetuneInputs } from './inputs.js';
import { finetuneWorkflow } from './module.js';

describe('fine-tune inputs', () => {
  it('ends the SSM image path with one slash, given with or without it', () => {
    expect(completeFinetuneInputs().ssm_image_path).toBe('/gata/dev/image/');
    for (const given of ['/app/prod/image', '/app/prod/image/']) {
      expect(completeFinetuneInputs({ ssm_image_path: given }).ssm_image_path).toBe(
        '/app/prod/image/',
      );
      const names = finetuneWorkflow({ ssm_image_path: given })
        .resources.filter((r) => r.kind === 'parameter')
        .map((r) => r.name);
      expect(names).toEqual([
        '/app/prod/image/version-data-prep',
        '/app/prod/image/version-finetune',
        '/app/prod/image/version-inference',
      ]);
    }
  });
});
