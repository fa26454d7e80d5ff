import { describe, expect, it } from 'vitest';
import { compilePath, isValidPath, PathSyntaxError } from './jsonpath.js';
import type { Scope } from './scope.js';

const store = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword', price: 12.99 },
      {
        category: 'fiction',
        author: 'Herman Melville',
        title: 'Moby Dick',
        isbn: '0-553',
        price: 8.99,
      },
      {
        category: 'fiction',
        author: 'J. R. R. Tolkien',
        title: 'LOTR',
        isbn: '0-395',
        price: 22.99,
      },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
  expensive: 10,
  'delivery-partner': 'UQS',
  'with space': 1,
  "it's": 2,
  nothing: null,
};

const scope = (
  input: unknown,
  variables: Record<string, unknown> = {},
  context: unknown = {},
): Scope => ({
  input,
  context,
  variables,
});

const evaluate = (
  path: string,
  input: unknown = store,
  vars: Record<string, unknown> = {},
  ctx: unknown = {},
) => compilePath(path).evaluate(scope(input, vars, ctx));

describe('compilePath: definite paths', () => {
  it.each([
    ['$', store],
    ['$.expensive', 10],
    ['$.store.bicycle.color', 'red'],
    ['$.store.book[0].author', 'Nigel Rees'],
    ['$.store.book[-1].title', 'LOTR'],
    ['$.store.book[-4].title', 'Sayings'],
    ["$['store']['bicycle']['price']", 19.95],
    ['$["store"]["bicycle"]["price"]', 19.95],
    ["$['with space']", 1],
    ["$['it\\'s']", 2],
    ['$.delivery-partner', 'UQS'],
    ['$.nothing', null],
    ['  $.expensive  ', 10],
  ])('%s', (path, expected) => {
    const compiled = compilePath(path);
    expect(compiled.definite).toBe(true);
    expect(compiled.evaluate(scope(store))).toEqual(expected);
  });

  it('returns undefined when a definite path finds nothing', () => {
    for (const path of [
      '$.nope',
      '$.store.nope.deeper',
      '$.store.book[9]',
      '$.store.book[-9]',
      '$.expensive.x',
      '$.store[0]',
    ]) {
      expect(evaluate(path), path).toBeUndefined();
    }
  });

  it('does not read inherited properties', () => {
    expect(evaluate('$.toString', {})).toBeUndefined();
    expect(evaluate('$.constructor', { a: 1 })).toBeUndefined();
    expect(evaluate('$.__proto__', JSON.parse('{"__proto__": 5}'))).toBe(5);
  });

  it('reads the context object with $$ and variables with $name', () => {
    const ctx = {
      Execution: { Id: 'arn:x', Input: { a: 1 } },
      Map: { Item: { Value: 'v', Index: 3 } },
    };
    expect(evaluate('$$', {}, {}, ctx)).toBe(ctx);
    expect(evaluate('$$.Execution.Id', {}, {}, ctx)).toBe('arn:x');
    expect(evaluate('$$.Map.Item.Index', {}, {}, ctx)).toBe(3);
    const vars = { myVar: { field: [10, 20] }, x_1: 'y' };
    expect(evaluate('$myVar', {}, vars)).toEqual({ field: [10, 20] });
    expect(evaluate('$myVar.field[1]', {}, vars)).toBe(20);
    expect(evaluate('$x_1', {}, vars)).toBe('y');
    expect(evaluate('$missing', {}, vars)).toBeUndefined();
    expect(compilePath('$myVar.field').rootKind).toBe('variable');
    expect(compilePath('$myVar.field').variable).toBe('myVar');
    expect(compilePath('$$.Execution').rootKind).toBe('context');
  });

  it('merges several bracketed names at the leaf into one object (Jayway)', () => {
    expect(evaluate("$.store.bicycle['color','price','nope']")).toEqual({
      color: 'red',
      price: 19.95,
    });
    expect(compilePath("$.store.bicycle['color','price']").definite).toBe(true);
  });

  it('exposes the keys of reference paths', () => {
    expect(compilePath("$.a['b c'][2]").keys).toEqual(['a', 'b c', 2]);
    expect(compilePath('$').keys).toEqual([]);
    expect(compilePath('$.a[*]').keys).toBeUndefined();
  });
});

describe('compilePath: indefinite paths', () => {
  it.each([
    [
      '$.store.book[*].author',
      ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien'],
    ],
    ['$.store.book[0,2].title', ['Sayings', 'Moby Dick']],
    ['$.store.book[0,9].title', ['Sayings']],
    ['$.store.book[1:3].title', ['Sword', 'Moby Dick']],
    ['$.store.book[:2].title', ['Sayings', 'Sword']],
    ['$.store.book[2:].title', ['Moby Dick', 'LOTR']],
    ['$.store.book[-2:].title', ['Moby Dick', 'LOTR']],
    ['$.store.book[:-3].title', ['Sayings']],
    ['$.store.book[0:4:2].title', ['Sayings', 'Moby Dick']],
    ['$.store.book[5:].title', []],
    ['$.store.bicycle.*', ['red', 19.95]],
    ['$.store.bicycle[*]', ['red', 19.95]],
    ['$..author', ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville', 'J. R. R. Tolkien']],
    ['$.store..price', [8.95, 12.99, 8.99, 22.99, 19.95]],
    ['$..book[2].isbn', ['0-553']],
    ['$..isbn', ['0-553', '0-395']],
  ])('%s', (path, expected) => {
    const compiled = compilePath(path);
    expect(compiled.definite).toBe(false);
    expect(compiled.evaluate(scope(store))).toEqual(expected);
  });

  it('returns [] (not undefined) when an indefinite path matches nothing, even through missing parents', () => {
    for (const path of [
      '$.item.items[*]',
      '$.item.items[:1]',
      '$.item.items[1:]',
      '$.item.items[1:5].itemValue',
      '$.items[*].itemValue',
      '$..nope',
    ]) {
      expect(evaluate(path, {}), path).toEqual([]);
    }
    expect(evaluate('$.a[*]', { a: 'text' })).toEqual([]);
  });

  it('scans recursively in document order, parents before children', () => {
    const doc = { a: { b: 1, c: { b: 2 } }, d: [{ b: 3 }] };
    expect(evaluate('$..b', doc)).toEqual([1, 2, 3]);
    expect(evaluate('$..*', { x: { y: 1 }, z: [2] })).toEqual([{ y: 1 }, [2], 1, 2]);
    expect(evaluate('$..[0]', { x: [1, [2, 3]] })).toEqual([1, 2]);
  });
});

describe('compilePath: filters', () => {
  const titles = (filter: string, doc: unknown = store) =>
    (evaluate(`$.store.book[?(${filter})].title`, doc) as string[]).join('|');

  it.each([
    ['@.price < 10', 'Sayings|Moby Dick'],
    ['@.price <= 8.99', 'Sayings|Moby Dick'],
    ['@.price > 12.99', 'LOTR'],
    ['@.price >= 12.99', 'Sword|LOTR'],
    ["@.category == 'reference'", 'Sayings'],
    ['@.category == "reference"', 'Sayings'],
    ["@.category != 'fiction'", 'Sayings'],
    ['@.isbn', 'Moby Dick|LOTR'],
    ['!@.isbn', 'Sayings|Sword'],
    ['@.isbn && @.price > 10', 'LOTR'],
    ["@.price < 9 || @.category == 'x'", 'Sayings|Moby Dick'],
    ['(@.price < 9 || @.price > 20) && @.isbn', 'Moby Dick|LOTR'],
    ['@.author =~ /.*Melville/', 'Moby Dick'],
    ['@.author =~ /herman.*/i', 'Moby Dick'],
    ['@.author =~ /Herman/', ''],
    ["@.category in ['reference', 'x']", 'Sayings'],
    ["@.category nin ['fiction']", 'Sayings'],
    ['@.price > $.expensive', 'Sword|LOTR'],
    ['@.title size 4', 'LOTR'],
    ["@.nope != 'x'", 'Sayings|Sword|Moby Dick|LOTR'],
    ['@.nope == null', ''],
  ])('[?(%s)]', (filter, expected) => {
    expect(titles(filter)).toBe(expected);
  });

  it('compares numbers with numeric strings like Jayway, but orders only like types', () => {
    const doc = { xs: [{ v: 1 }, { v: '1' }, { v: '2' }, { v: 2 }] };
    expect(evaluate("$.xs[?(@.v == '1')].v", doc)).toEqual([1, '1']);
    expect(evaluate('$.xs[?(@.v < 2)].v', doc)).toEqual([1]);
    expect(evaluate("$.xs[?(@.v < '2')].v", doc)).toEqual(['1']);
  });

  it('supports array operators and empty', () => {
    const doc = { xs: [{ t: ['a', 'b'] }, { t: [] }, { t: ['c'] }] };
    expect(evaluate("$.xs[?(@.t subsetof ['a','b','z'])].t", doc)).toEqual([['a', 'b'], []]);
    expect(evaluate("$.xs[?(@.t anyof ['c','q'])].t", doc)).toEqual([['c']]);
    expect(evaluate("$.xs[?(@.t noneof ['a'])].t", doc)).toEqual([[], ['c']]);
    expect(evaluate('$.xs[?(@.t empty true)].t', doc)).toEqual([[]]);
    expect(evaluate('$.xs[?(@.t size 2)].t', doc)).toEqual([['a', 'b']]);
  });

  it('applies a filter on an object to the object itself', () => {
    expect(evaluate('$.store.bicycle[?(@.color)].price')).toEqual([19.95]);
    expect(evaluate('$.store.bicycle[?(@.nope)].price')).toEqual([]);
  });
});

describe('compilePath: functions', () => {
  it.each([
    ['$.store.book.length()', 4],
    ['$.store.book[*].price.length()', 4],
    ['$.store.bicycle.length()', 2],
    ['$.store.bicycle.color.length()', 3],
    ['$.store.book[*].price.min()', 8.95],
    ['$.store.book[*].price.max()', 22.99],
    ['$.nums.sum()', 6],
    ['$.nums.avg()', 2],
    ['$.nums.first()', 1],
    ['$.nums.last()', 3],
    ['$.store.bicycle.keys()', ['color', 'price']],
  ])('%s', (path, expected) => {
    expect(evaluate(path, { ...store, nums: [1, 2, 3] })).toEqual(expected);
  });

  it('computes the population standard deviation', () => {
    expect(evaluate('$.nums.stddev()', { nums: [2, 4, 4, 4, 5, 5, 7, 9] })).toBe(2);
  });
});

describe('explainMissing (Jayway messages used in AWS causes)', () => {
  const explain = (path: string, input: unknown) => compilePath(path).explainMissing(scope(input));

  it('names the full path when the leaf is missing', () => {
    expect(explain('$.NoSuchInputPath', { 'int-literal': 0 })).toBe(
      "No results for path: $['NoSuchInputPath']",
    );
    expect(explain('$.a.b', { a: {} })).toBe("No results for path: $['a']['b']");
    expect(explain('$.a[5]', { a: [1] })).toBe("No results for path: $['a'][5]");
  });

  it('names the missing parent', () => {
    expect(explain('$.a.b.c', { a: {} })).toBe("Missing property in path $['a']['b']");
  });

  it('describes a non-object or non-array on the way', () => {
    expect(explain('$.a.b', { a: 1 })).toBe(
      "Expected to find an object with property ['b'] in path $['a'] but found 'java.lang.Integer'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.",
    );
    expect(explain('$.a[0].b', { a: { x: 1 } })).toBe(
      "Filter: [0]['b'] can only be applied to arrays. Current context is: {x=1}",
    );
    expect(explain('$.a[0]', { a: null })).toBe("The path $['a'] is null");
  });

  it('names an undefined variable', () => {
    expect(compilePath('$nope.x').explainMissing(scope({}))).toBe(
      "No variable named 'nope' is defined",
    );
  });
});

describe('syntax', () => {
  it.each([
    ['a.b', 0],
    ['', 0],
    ['$.', 2],
    ['$..', 3],
    ['$[', 2],
    ['$[0', 3],
    ["$['a", 2],
    ['$.a[?(@.x >)]', 11],
    ['$.a[?@.x]', 5],
    ['$.a.nope()', 8],
    ['$.a.length().b', 12],
    ['$.a[1:2:0]', 9],
    ['$a b', 2],
  ])('%j fails at %i', (path, position) => {
    let error: unknown;
    try {
      compilePath(path);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PathSyntaxError);
    expect((error as PathSyntaxError).position).toBe(position);
    expect((error as PathSyntaxError).message).toContain(path);
  });

  it('isValidPath answers yes or no', () => {
    expect(isValidPath('$.a[0].b')).toBe(true);
    expect(isValidPath('$.a[')).toBe(false);
  });

  it('normalises paths the way Jayway prints them', () => {
    expect(compilePath('$.a.b[0]').normalized).toBe("$['a']['b'][0]");
    expect(compilePath("$..x[*][1:2][?(@.y)]['p','q'].length()").normalized).toBe(
      "$..['x'][*][1:2][?]['p','q'].length()",
    );
  });

  it('compiles each text once', () => {
    expect(compilePath('$.cached.path')).toBe(compilePath('$.cached.path'));
  });
});
