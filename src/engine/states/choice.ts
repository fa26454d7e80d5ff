import type { ChoiceRule, ChoiceState } from '../../asl/index.js';
import {
  StatesError,
  applyInputPath,
  applyOutputPath,
  evaluateJsonataString,
  evaluateJsonataTemplate,
  evaluatePayload,
  isJsonataExpression,
  selectChoice,
} from '../../asl/index.js';
import type { StateCall, StateOutcome } from '../frame.js';
import { jsonataBindings, pathScope } from '../state-io.js';

/** Choice: the first matching rule's Next, else Default, else States.NoChoiceMatched. */
export function runChoice(call: StateCall): StateOutcome | Promise<StateOutcome> {
  const state = call.state as ChoiceState;
  return call.scope.language === 'JSONata'
    ? choiceJsonata(call, state)
    : choiceJsonPath(call, state);
}

function choiceJsonPath(call: StateCall, state: ChoiceState): StateOutcome {
  const { scope } = call;
  const input = applyInputPath(state.InputPath, pathScope(scope, scope.rawInput));
  const rule = selectChoice(state.Choices, pathScope(scope, input));
  const next = rule?.Next ?? state.Default;
  if (next === undefined) throw noMatch();
  const assignTemplate = rule ? (rule.Assign ?? undefined) : state.Assign;
  const assigned =
    assignTemplate === undefined
      ? undefined
      : (evaluatePayload(assignTemplate, pathScope(scope, input), 'Assign') as Record<
          string,
          unknown
        >);
  return {
    next,
    output: applyOutputPath(state.OutputPath, input, pathScope(scope, input)),
    assigned,
  };
}

async function choiceJsonata(call: StateCall, state: ChoiceState): Promise<StateOutcome> {
  const bindings = jsonataBindings(call.scope);
  let matched: ChoiceRule | undefined;
  for (let i = 0; i < state.Choices.length; i += 1) {
    const rule = state.Choices[i] as ChoiceRule;
    const condition = isJsonataExpression(rule.Condition)
      ? await evaluateJsonataString(rule.Condition, bindings, `Choices[${i}].Condition`)
      : rule.Condition;
    if (typeof condition !== 'boolean') {
      throw new StatesError(
        'States.QueryEvaluationError',
        `The Condition of Choices[${i}] must evaluate to a boolean, but it evaluated to ${JSON.stringify(condition)}.`,
      );
    }
    if (condition) {
      matched = rule;
      break;
    }
  }
  const next = matched?.Next ?? state.Default;
  if (next === undefined) throw noMatch();
  const assignTemplate = matched ? matched.Assign : state.Assign;
  const outputTemplate = matched?.Output ?? state.Output;
  const assigned =
    assignTemplate === undefined
      ? undefined
      : ((await evaluateJsonataTemplate(assignTemplate, bindings, 'Assign')) as Record<
          string,
          unknown
        >);
  const output =
    outputTemplate === undefined
      ? call.scope.rawInput
      : await evaluateJsonataTemplate(outputTemplate, bindings, 'Output');
  return { next, output, assigned };
}

function noMatch(): StatesError {
  return new StatesError('States.NoChoiceMatched', 'No Matches!');
}
