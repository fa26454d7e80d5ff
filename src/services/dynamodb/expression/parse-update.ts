import type { Parsed, PathNode, SetValue, UpdateNode, UpdateOperand } from './ast.js';
import { TokenCursor } from './cursor.js';

/**
 * Parsers for UpdateExpression (`SET`, `REMOVE`, `ADD`, `DELETE` clauses, each
 * at most once, in any order) and ProjectionExpression (a list of paths).
 */

const CLAUSES = ['SET', 'REMOVE', 'ADD', 'DELETE'] as const;
type Clause = (typeof CLAUSES)[number];
const CONDITION_ONLY = new Set([
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
]);

class UpdateParser extends TokenCursor {
  parseUpdate(): UpdateNode {
    const tree: UpdateNode = { set: [], remove: [], add: [], delete: [] };
    const seen = new Set<Clause>();
    while (this.peek().type !== 'eof') {
      const token = this.peek();
      const clause = CLAUSES.find((word) => this.atKeyword(word));
      if (clause === undefined) this.fail(token);
      if (seen.has(clause)) {
        throw this.error(`The "${clause}" section can only be used once in an update expression;`);
      }
      seen.add(clause);
      this.next();
      this.parseClause(clause, tree);
    }
    return tree;
  }

  private parseClause(clause: Clause, tree: UpdateNode): void {
    for (;;) {
      if (clause === 'SET') {
        const path = this.parsePath();
        this.expectPunct('=');
        tree.set.push({ path, value: this.parseSetValue() });
      } else if (clause === 'REMOVE') {
        tree.remove.push(this.parsePath());
      } else {
        const path = this.parsePath();
        const value = this.parseValue();
        (clause === 'ADD' ? tree.add : tree.delete).push({ path, value });
      }
      if (!this.atPunct(',')) return;
      this.next();
    }
  }

  private parseSetValue(): SetValue {
    const left = this.parseOperand();
    if (this.atPunct('+') || this.atPunct('-')) {
      const op = this.next().text as '+' | '-';
      return { kind: op, left, right: this.parseOperand() };
    }
    return left;
  }

  private parseOperand(): UpdateOperand {
    const token = this.peek();
    if (token.type === 'value') return this.parseValue();
    if (!this.atCall()) {
      if (token.type === 'name' || token.type === 'alias') return this.parsePath();
      return this.fail();
    }
    const name = this.next().text;
    if (name === 'if_not_exists') {
      const args = this.parseArguments(() => this.parseOperand());
      this.checkArity(name, args.length, 2);
      const [path, fallback] = args as [UpdateOperand, UpdateOperand];
      if (path.kind !== 'path') {
        throw this.error(
          'Operator or function requires a document path; operator or function: if_not_exists',
        );
      }
      return { kind: 'if_not_exists', path, fallback };
    }
    if (name === 'list_append') {
      const args = this.parseArguments(() => this.parseOperand());
      this.checkArity(name, args.length, 2);
      const [left, right] = args as [UpdateOperand, UpdateOperand];
      return { kind: 'list_append', left, right };
    }
    if (CONDITION_ONLY.has(name)) {
      throw this.error(`The function is not allowed in an update expression; function: ${name}`);
    }
    throw this.error(`Invalid function name; function: ${name}`);
  }

  parseProjection(): PathNode[] {
    const paths = [this.parsePath()];
    while (this.atPunct(',')) {
      this.next();
      paths.push(this.parsePath());
    }
    return paths;
  }
}

/** Parses an UpdateExpression. */
export function parseUpdate(source: string): Parsed<UpdateNode> {
  const parser = new UpdateParser(source, 'UpdateExpression');
  const tree = parser.parseUpdate();
  return { tree, paths: parser.paths, values: parser.values };
}

/** Parses a ProjectionExpression into its paths. */
export function parseProjection(source: string): Parsed<PathNode[]> {
  const parser = new UpdateParser(source, 'ProjectionExpression');
  const tree = parser.parseProjection();
  parser.expectEnd();
  return { tree, paths: parser.paths, values: parser.values };
}
