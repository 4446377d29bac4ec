// Import this first in a test (then import() the modules under test): a method's modules import
// engine modules by their /static/ URLs, which static-finder.mjs resolves in the source tree.
import { register } from "node:module";

register("./static-finder.mjs", import.meta.url);
