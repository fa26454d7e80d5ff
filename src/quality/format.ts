import type { DqCondition, DqOperand, DqRule } from './types.js';

/**
 * Text forms: a rule's canonical DQDL (what the `rule` column of dqresults
 * holds, the same for the same rule however it was spaced), and numbers the
 * way AWS Glue prints them in failure reasons (Java's `Double.toString`:
 * `4.0`, `0.6666666666666666`, `1.0E7`).
 */

/** The canonical DQDL text of a rule. */
export function formatRule(rule: DqRule): string {
  if (rule.kind === 'composite') {
    return rule.rules.map((r) => `(${formatRule(r)})`).join(` ${rule.operator} `);
  }
  const parts = [rule.type, ...rule.parameters.map(quote)];
  if (rule.condition) parts.push(formatCondition(rule.condition));
  if (rule.threshold) parts.push(`with threshold ${formatCondition(rule.threshold)}`);
  if (rule.where !== undefined) parts.push(`where ${quote(rule.where)}`);
  return parts.join(' ');
}

/** The DQDL text of an expression. */
export function formatCondition(condition: DqCondition): string {
  switch (condition.op) {
    case 'between':
    case 'not between':
      return `${condition.op} ${formatOperand(condition.low)} and ${formatOperand(condition.high)}`;
    case 'in':
    case 'not in':
      return `${condition.op} [${condition.operands.map(formatOperand).join(',')}]`;
    case 'matches':
    case 'not matches':
      return `${condition.op} ${quote(condition.pattern)}`;
    default:
      return `${condition.op} ${formatOperand(condition.operand)}`;
  }
}

function formatOperand(operand: DqOperand): string {
  switch (operand.kind) {
    case 'number':
      return operand.text;
    case 'string':
      return quote(operand.value);
    case 'keyword':
      return operand.value;
    default:
      return operand.offset
        ? `(now() ${operand.offset.sign} ${operand.offset.amount} ${operand.offset.unit})`
        : 'now()';
  }
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A number as Java's Double.toString writes it. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = ''] = value.toExponential().split('e');
  const digits = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${digits}E${exponent.replace('+', '')}`;
}

/** AWS's failure reason for a value that does not satisfy its expression. */
export function constraintFailure(value: number | null): string {
  return `Value: ${value === null ? 'NULL' : javaDouble(value)} does not meet the constraint requirement!`;
}
