// Samenwerken in de wijk (docs/methods.md §4) in the live session engine: registers its part of
// the live state (``state.meeting``, state.js), its panel (panel.js) and what the phone says to do
// in each part, with the engine's method registry (static/js/methods.js). The live pages load this
// module before board.js. Safe to import without a DOM (the node tests).

import { registerMethod } from "../../js/methods.js";
import { gettext } from "../../js/ui.js";
import { mountMeeting } from "./panel.js";
import { MEETING_EVENT_KINDS, PART, meetingFromSnapshot, partNow, reduceMeeting } from "./state.js";

export { MEETING_EVENT_KINDS };

/** What the phone says to do now, per part: one or two short sentences, and more explanation. */
function task(part) {
  return {
    [PART.WELCOME]: [gettext("Listen to the welcome. These are the ten questions about working together.")],
    [PART.REFLECTION]: [gettext("Answer the reflection questions, if you did not do so yet."),
      gettext("Only the facilitator reads your answers.")],
    [PART.VOTE]: [gettext("Put your three stickers on the questions that matter most to you."),
      gettext("One sticker per question. Is your issue missing? Add a blank card before the vote opens.")],
    [PART.DUOS]: [gettext("With your duo: write findings, solutions and ideas on the cards."),
      gettext("Discuss at least three different questions. Say where each idea comes from.")],
    [PART.BREAK]: [gettext("Break. Fill in your contact details, correctly and completely."),
      gettext("Your details are shared with the others only if you say yes.")],
    [PART.SILENT]: [gettext("In silence: read what the others wrote, and react or add to it.")],
    [PART.FEEDBACK]: [gettext("Tell what came out: which approaches and tips do you want to use?")],
    [PART.AGREEMENTS]: [gettext("Together we choose one or two agreements on the top three. Small and concrete.")],
    [PART.ACTIONS]: [gettext("Write down which steps you will take yourself."),
      gettext("Then everyone shares their actions briefly.")],
    [PART.FOLLOW_UP]: [gettext("We agree when we meet again and when everyone reports back.")],
    [PART.CLOSING]: [gettext("Check your contact details once more. Thank you!"),
      gettext("Send an update on your action to the next organiser a week before the next meeting.")],
  }[part] || null;
}

export const phone = {
  task(state) {
    const texts = task(partNow(state));
    return texts ? { task: texts[0], more: texts.slice(1) } : null;
  },
  postits() {
    return false; // the meeting writes on its cards, not on the wall
  },
};

export const method = registerMethod({
  key: "samenwerken",
  stateKey: "meeting",
  fromSnapshot: meetingFromSnapshot,
  reduce: reduceMeeting,
  panel: { mount: mountMeeting },
  phone,
  // A contact event says only who filled in the form: the snapshot brings the shared list as it
  // is now (only those who agreed; a withdrawal leaves them out).
  resyncOn: ["contacts.changed"],
});
