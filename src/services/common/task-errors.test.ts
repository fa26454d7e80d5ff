import { describe, expect, it } from 'vitest';
import { exceptionName, taskApiError } from './task-errors.js';

describe('exceptionName', () => {
  it('adds the Exception suffix once', () => {
    expect(exceptionName('EntityNotFound')).toBe('EntityNotFoundException');
    expect(exceptionName('ValidationException')).toBe('ValidationException');
  });
});

describe('taskApiError', () => {
  const failure = { code: 'EntityNotFound', message: 'Job x not found' };

  it('words an optimised integration failure as the AWS SDK for Java does', () => {
    const err = taskApiError(failure, 'r-1', {
      prefix: 'Glue',
      service: 'AWSGlue',
      wording: 'optimised',
    });
    expect(err.error).toBe('Glue.EntityNotFoundException');
    expect(err.causeText).toBe(
      'Job x not found (Service: AWSGlue; Status Code: 400; Error Code: EntityNotFound; Request ID: r-1; Proxy: null)',
    );
  });

  it('words an aws-sdk integration failure, with a server fault as 500', () => {
    const err = taskApiError({ ...failure, fault: 'server' }, 'r-2', {
      prefix: 'Sns',
      service: 'Sns',
      wording: 'sdk',
    });
    expect(err.error).toBe('Sns.EntityNotFoundException');
    expect(err.causeText).toBe('Job x not found (Service: Sns, Status Code: 500, Request ID: r-2)');
  });

  it('takes the exception name and status from the naming when given', () => {
    const err = taskApiError(failure, 'r-3', {
      prefix: 'Batch',
      service: 'AWSBatch',
      wording: 'optimised',
      name: () => 'AWSBatchException',
      status: (code) => (code === 'EntityNotFound' ? 404 : 400),
    });
    expect(err.error).toBe('Batch.AWSBatchException');
    expect(err.causeText).toContain('Status Code: 404; Error Code: EntityNotFound;');
  });
});
