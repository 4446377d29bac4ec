// Samenwerken in de wijk in the live session engine (to be built).
import { registerMethod } from "../../js/methods.js";

export const method = registerMethod({
  key: "samenwerken",
  stateKey: "meeting",
  fromSnapshot: (part) => part ?? null,
  reduce: (prev, next) => next,
});
