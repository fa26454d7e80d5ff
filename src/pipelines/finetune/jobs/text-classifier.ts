import { Average, accuracy, f1 } from '../../../ml/index.js';

/**
 * The fine-tune container's model: a local stand-in for the fine-tuned BERT
 * classifier — multinomial naive Bayes over hashed word unigrams and bigrams
 * (Laplace smoothing `alpha`). It is fitted in closed form, so the BERT
 * hyperparameters (epochs, batch size, learning rate) are accepted, kept in
 * the model document and otherwise unused.
 */

/** Hash buckets of the features. */
export const FEATURE_BUCKETS = 1 << 18;

/** The stored model document (sparse counts; log-probabilities are derived on load). */
export interface TextModelDocument {
  format: 'modelmill-hashed-nb/1';
  buckets: number;
  alpha: number;
  labels: number[];
  /** Documents per label. */
  docs: number[];
  /** Per label: `[bucket, count]` pairs. */
  counts: Array<Array<[number, number]>>;
  hyperparameters: Record<string, string>;
}

/** A labelled text. */
export interface LabelledText {
  text: string;
  label: number;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The hashed unigram and bigram buckets of a text (lower-cased words of letters and digits). */
export function features(text: string, buckets = FEATURE_BUCKETS): number[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = words.map((w) => fnv1a(w) % buckets);
  for (let i = 1; i < words.length; i += 1)
    out.push(fnv1a(`${words[i - 1]} ${words[i]}`) % buckets);
  return out;
}

/** Fits the model. */
export function fitTextModel(
  rows: readonly LabelledText[],
  options: { alpha?: number; hyperparameters?: Record<string, string> } = {},
): TextModelDocument {
  const labels = [...new Set(rows.map((r) => r.label))].sort((a, b) => a - b);
  const index = new Map(labels.map((l, i) => [l, i]));
  const docs = labels.map(() => 0);
  const counts = labels.map(() => new Map<number, number>());
  for (const r of rows) {
    const k = index.get(r.label) as number;
    docs[k] = (docs[k] ?? 0) + 1;
    const c = counts[k] as Map<number, number>;
    for (const f of features(r.text)) c.set(f, (c.get(f) ?? 0) + 1);
  }
  return {
    format: 'modelmill-hashed-nb/1',
    buckets: FEATURE_BUCKETS,
    alpha: options.alpha ?? 1,
    labels,
    docs,
    counts: counts.map((c) => [...c].sort((a, b) => a[0] - b[0])),
    hyperparameters: options.hyperparameters ?? {},
  };
}

/** A loaded model: class probabilities and labels of texts. */
export interface TextModel {
  readonly labels: readonly number[];
  probabilities(text: string): number[];
  predict(text: string): number;
}

/** Loads a model document. */
export function loadTextModel(doc: TextModelDocument): TextModel {
  if (doc.format !== 'modelmill-hashed-nb/1') {
    throw new Error(`not a fine-tune stand-in model (format '${String(doc.format)}')`);
  }
  const total = doc.docs.reduce((a, b) => a + b, 0);
  const logPrior = doc.docs.map((d) => Math.log(d / total));
  const tables = doc.counts.map((pairs) => {
    const sum = pairs.reduce((a, [, n]) => a + n, 0);
    const denom = Math.log(sum + doc.alpha * doc.buckets);
    const table = new Map<number, number>(
      pairs.map(([f, n]) => [f, Math.log(n + doc.alpha) - denom]),
    );
    return { table, unseen: Math.log(doc.alpha) - denom };
  });
  const probabilities = (text: string): number[] => {
    const fs = features(text, doc.buckets);
    const scores = tables.map(
      (t, k) => (logPrior[k] as number) + fs.reduce((s, f) => s + (t.table.get(f) ?? t.unseen), 0),
    );
    const max = Math.max(...scores);
    const exp = scores.map((s) => Math.exp(s - max));
    const sum = exp.reduce((a, b) => a + b, 0);
    return exp.map((e) => e / sum);
  };
  return {
    labels: doc.labels,
    probabilities,
    predict: (text) => {
      const p = probabilities(text);
      return doc.labels[p.indexOf(Math.max(...p))] as number;
    },
  };
}

/** Accuracy, macro F1 (scikit-learn's: over the labels true or predicted) and mean log-loss of a model on rows. */
export function evaluateTextModel(
  model: TextModel,
  rows: readonly LabelledText[],
): { accuracy: number; f1: number; loss: number } {
  if (rows.length === 0) return { accuracy: 0, f1: 0, loss: 0 };
  const yTrue = rows.map((r) => r.label);
  const yPred: number[] = [];
  let loss = 0;
  for (const r of rows) {
    const p = model.probabilities(r.text);
    yPred.push(model.labels[p.indexOf(Math.max(...p))] as number);
    const k = model.labels.indexOf(r.label);
    // A label the model never saw has probability 0 (clipped), where ml's logLoss would throw.
    loss -= Math.log(Math.max(k >= 0 ? (p[k] as number) : 0, 1e-15));
  }
  return {
    accuracy: accuracy(yTrue, yPred),
    f1: f1(yTrue, yPred, { average: Average.MACRO }),
    loss: loss / rows.length,
  };
}
