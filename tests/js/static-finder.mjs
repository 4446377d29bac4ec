// A Node module resolve hook that finds static files as Django's staticfiles finders do, for the
// unit tests of modules that import across static folders.
//
// In the browser every static folder is served under /static/, so a method's module
// (wijktafel/<app>/static/<app>/js/x.js, served as /static/<app>/js/x.js) imports an engine module
// as "../../js/ui.js" (/static/js/ui.js). On disk that path does not exist; this hook looks it up
// in every static folder (static/ and wijktafel/*/static/), as collectstatic would.
// Registered by register-static.mjs.

import { existsSync, readdirSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

function staticDirs() {
  const apps = path.join(ROOT, "wijktafel");
  const dirs = [path.join(ROOT, "static")];
  for (const entry of readdirSync(apps, { withFileTypes: true })) {
    if (entry.isDirectory()) dirs.push(path.join(apps, entry.name, "static"));
  }
  return dirs.filter((dir) => existsSync(dir)).map((dir) => realpathSync(dir));
}

const DIRS = staticDirs();

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (err) {
    const relative = specifier.startsWith("./") || specifier.startsWith("../");
    if (err.code !== "ERR_MODULE_NOT_FOUND" || !relative || !context.parentURL?.startsWith("file:")) throw err;
    const parent = realpathSync(fileURLToPath(context.parentURL));
    const home = DIRS.find((dir) => parent.startsWith(dir + path.sep));
    if (!home) throw err;
    // The path under /static/ that the browser would ask for.
    const wanted = path.relative(home, path.resolve(path.dirname(parent), specifier));
    if (wanted.startsWith("..") || path.isAbsolute(wanted)) throw err;
    for (const dir of DIRS) {
      const candidate = path.join(dir, wanted);
      if (existsSync(candidate)) return { url: pathToFileURL(realpathSync(candidate)).href, shortCircuit: true };
    }
    throw err;
  }
}
