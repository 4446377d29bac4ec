// The eight steps of an appraisal (docs/methods.md §3.4): their texts, and the renderer of each step.
// A renderer is (ctx) -> Node | Node[] | null; ``ctx`` is described in panel.js.

import { currentItem } from "../../js/state.js";
import { format, gettext, ngettext } from "../../js/ui.js";
import { folded, remember } from "./parts-5-8.js";
import { inventory } from "./step-1.js";
import { groupsAdmin, sharpen } from "./step-2.js";
import { baseline } from "./step-3.js";
import { solutions } from "./step-4.js";
import { stepFive } from "./step-5.js";
import { stepSix } from "./step-6.js";
import { stepSeven } from "./step-7.js";
import { stepEight } from "./step-8.js";

const RENDERERS = {
  1: inventory, 2: sharpen, 3: baseline, 4: solutions, 5: stepFive, 6: stepSix, 7: stepSeven, 8: stepEight,
};

/** The step texts (docs/methods.md §3.4): the phone's task in plain words, title, assignment, and
 * what the step works with. */
export function stepTexts(step) {
  switch (step) {
    case 1: return {
      task: gettext("Write your problems on post-its, one per post-it. Then choose the most important one: your problem 1."),
      title: gettext("Step 1: inventory of problems"),
      assignment: gettext("Write the problems you experience, each on a post-it, with why it is a problem and whose problem it is. Mark the one you find most important: your problem 1. No solutions yet."),
      input: gettext("Your own experience of the neighbourhood."),
    };
    case 2: return {
      task: gettext("With your group, write down the real problem behind the post-its, for each group that has the problem."),
      title: gettext("Step 2: sharpen the problems"),
      assignment: gettext("In your group, write one core problem per problem owner, as sharp as you can. What is the problem behind it? How big is it, for whom, and what happens if nobody solves it? Could it solve itself?"),
      input: gettext("The post-its of step 1, per problem owner."),
    };
    case 3: return {
      task: gettext("Think along: what happens in the coming years if nothing new is done?"),
      title: gettext("Step 3: baseline alternative"),
      assignment: gettext("What happens in the coming years without new policy or a new intervention? This is not the same as doing nothing: decisions already taken count."),
      input: gettext("The core problems of step 2."),
    };
    case 4: return {
      task: gettext("With your group, think of solutions. Write down what each one changes, and for whom."),
      title: gettext("Step 4: solutions"),
      assignment: gettext("In your group, fill three columns: the solution, its effects, and who notices them. Think from different angles. Every group makes at least one out-of-the-box solution."),
      input: gettext("The core problems, the baseline and the ideas parked in steps 1 to 3."),
    };
    case 5: return {
      task: gettext("Fill in the solution card of your group: what does it change, and what does it cost extra?"),
      title: gettext("Step 5: effects and extra costs"),
      assignment: gettext("Compare each solution with the baseline: which effects does it add, for whom, and what does it cost extra? Do not forget the negative effects."),
      input: gettext("The solutions of step 4 and the baseline."),
    };
    case 6: return {
      task: gettext("Put the solutions in order with your group: the best one at the top."),
      title: gettext("Step 6: pre-selection"),
      assignment: gettext("Rank the solution cards on solving power per problem owner, extra costs and other effects. Then choose the best three to five together."),
      input: gettext("The solution cards of step 5."),
    };
    case 7: return {
      task: gettext("Fill in the effect card of your group: what changes, for whom, and how much?"),
      title: gettext("Step 7: analyse effects"),
      assignment: gettext("Make an effect card for each selected solution: per problem owner the main effects and how big they are."),
      input: gettext("The selection of step 6."),
    };
    case 8: return {
      task: gettext("Choose together: which solution do we take, or do we find out more first? Write down what you learned."),
      title: gettext("Step 8: choose"),
      assignment: gettext("Choose a solution, a combination, the baseline, or decide to find out more first. Always consider the baseline. Write down what you learned."),
      input: gettext("The effect cards of step 7."),
    };
    default: return null;
  }
}

// The steps after step 2 that groups work in: the console has the groups at hand there (work
// session II starts at step 5 and makes or takes over its groups then).
const GROUP_STEPS = new Set([4, 5, 6, 7]);

/** What step ``step`` shows below its texts, or null for a step that does not exist. */
export function renderStep(step, ctx) {
  const render = RENDERERS[step];
  if (!render) return null;
  // Timers and drag handlers of steps 5-8 that run after this draw use this ctx.
  if (step >= 5) remember(ctx);
  const nodes = [render(ctx)].flat();
  if (ctx.isFacilitator && GROUP_STEPS.has(step)) nodes.unshift(groupsAtHand(ctx));
  return nodes;
}

/** Step 2's groups on the console: open while there are none, else folded under their count. */
function groupsAtHand(ctx) {
  const count = ctx.appraisal.groups.length;
  if (!count) return groupsAdmin(ctx);
  return folded(ctx, "groupsAtHand", {
    id: "groups-at-hand",
    summary: format(ngettext("Groups (%(count)s): who is in which group", "Groups (%(count)s): who is in which group", count), { count }),
    nodes: [groupsAdmin(ctx)],
  });
}

/** The phone's "now" view of the step the agenda runs (methods.js, ``phone``): the task in plain
 * words with the assignment behind "More explanation"; the post-it form belongs to step 1 only. */
export const phone = {
  task(state) {
    const texts = stepTexts(agendaStep(state));
    if (!texts) return null;
    return { task: texts.task, more: [texts.assignment, `${gettext("You work with")}: ${texts.input}`] };
  },
  postits(state) {
    const step = agendaStep(state);
    return step == null ? null : step === 1;
  },
};

/** The step of the agenda item that runs, or null. */
export function agendaStep(state) {
  const item = currentItem(state);
  return item && Number.isInteger(item.step) ? item.step : null;
}
