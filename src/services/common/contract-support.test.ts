import { describe, expect, it } from 'vitest';
import { ModelmillError } from '../../core/index.js';
import { rejection, rejectionCode } from './contract-support.js';

describe('rejection', () => {
  it('answers the error a call rejects with', async () => {
    const err = new ModelmillError('ResourceNotFoundException', 'Rule r does not exist.');
    expect(await rejection(Promise.reject(err))).toBe(err);
  });

  it('fails when the call succeeds', async () => {
    await expect(rejection(Promise.resolve('fine'))).rejects.toThrow('expected the call to fail');
  });
});

describe('rejectionCode', () => {
  it('takes the code of a ModelmillError and the name of an SDK exception', async () => {
    expect(await rejectionCode(Promise.reject(new ModelmillError('NotFound', 'gone')))).toEqual({
      code: 'NotFound',
      message: 'gone',
    });
    const sdk = Object.assign(new Error('Topic does not exist'), { name: 'NotFoundException' });
    expect(await rejectionCode(Promise.reject(sdk))).toEqual({
      code: 'NotFoundException',
      message: 'Topic does not exist',
    });
  });
});
