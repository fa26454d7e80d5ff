import { describe, expect, it } from 'vitest';
import { sampleTickets } from '../sample-tickets.js';
import { textsOf } from './finetune.js';
import { evaluateTextModel, features, fitTextModel, loadTextModel } from './text-classifier.js';

describe('the fine-tune stand-in classifier', () => {
  it('hashes lower-cased word unigrams and bigrams', () => {
    const f = features('VPN down, VPN down');
    expect(f).toHaveLength(4 + 3);
    expect(f[0]).toBe(f[2]);
    expect(f[4]).toBe(f[6]);
    expect(features('vpn down')).toEqual(features('Vpn   DOWN!'));
  });

  it('learns the sample tickets well and survives a round trip through JSON', () => {
    const rows = sampleTickets({ count: 1200 });
    const train = rows.slice(0, 1000);
    const test = rows.slice(1000);
    const doc = fitTextModel(train, { hyperparameters: { epochs: '4' } });
    const model = loadTextModel(JSON.parse(JSON.stringify(doc)) as typeof doc);
    const scores = evaluateTextModel(model, test);
    expect(scores.accuracy).toBeGreaterThan(0.9);
    expect(scores.f1).toBeGreaterThan(0.8);
    expect(scores.loss).toBeGreaterThan(0);
    expect(model.predict('my laptop will not power on after update')).toBe(4);
    const p = model.probabilities('badge does not open the door');
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
    expect(doc.hyperparameters).toEqual({ epochs: '4' });
  });

  it('scores a constant guess as badly as it is', () => {
    const model = loadTextModel(
      fitTextModel([
        { text: 'a', label: 1 },
        { text: 'a', label: 1 },
        { text: 'b', label: 2 },
      ]),
    );
    const scores = evaluateTextModel(model, [
      { text: 'a', label: 1 },
      { text: 'b', label: 2 },
      { text: 'z', label: 3 },
    ]);
    expect(scores.accuracy).toBeCloseTo(2 / 3, 10);
    // 'z' goes to the prior's label 1: F1 of label 1 is 2/3, of 2 is 1, of 3 is 0; macro 5/9.
    expect(scores.f1).toBeCloseTo(5 / 9, 10);
    // A label predicted but absent from the rows counts with F1 0, as in scikit-learn's macro F1.
    const onlyOnes = evaluateTextModel(model, [
      { text: 'a', label: 1 },
      { text: 'a', label: 1 },
      { text: 'b', label: 1 },
    ]);
    expect(onlyOnes.f1).toBeCloseTo((0.8 + 0) / 2, 10);
    expect(evaluateTextModel(model, [])).toEqual({ accuracy: 0, f1: 0, loss: 0 });
  });

  it('reads invocation bodies as JSON or lines', () => {
    expect(textsOf('{"text": "x"}', 'application/json')).toEqual({ texts: ['x'], json: true });
    expect(textsOf('["x", {"text": "y"}]', 'application/json').texts).toEqual(['x', 'y']);
    expect(textsOf('{"instances": ["x"]}', 'application/json').texts).toEqual(['x']);
    expect(textsOf('x\n\ny\n', 'text/plain')).toEqual({ texts: ['x', 'y'], json: false });
    expect(() => textsOf('{"text": 3}', 'application/json')).toThrow(/send \{"text"/);
  });
});
