// Adds compiled bytecode for the modules the what-if page imports to its runtime's Python zips,
// with the page's own Pyodide (web/bytecode.py says why). Run by web/build.py on its staging
// folder, after the wheels and presets.json are in it:
//   node web/compile-bytecode.mjs STAGING_DIR PRESET
// It does what the page does on a first run (load, check PRESET, one short replication), then
// rewrites pyodide/python_stdlib.zip and wheels/*.whl in place, and prints what it compiled.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [staging, presetName] = process.argv.slice(2);
const pyodideDir = path.resolve(staging, "pyodide");
const wheels = readdirSync(path.join(staging, "wheels"))
  .filter((name) => name.endsWith(".whl"))
  .map((name) => path.resolve(staging, "wheels", name));
const { loadPyodide } = await import(path.join(pyodideDir, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep, stdout: () => {}, stderr: () => {} });
await pyodide.loadPackage(wheels, { messageCallback: () => {} });

const presets = JSON.parse(readFileSync(path.join(staging, "presets.json"), "utf8"));
const preset = presets.find((p) => p.name === presetName);
if (!preset) throw new Error(`no preset called ${presetName}`);
const model = pyodide.pyimport("sim.whatif");
const checked = JSON.parse(model.check(JSON.stringify(preset.scenario), preset.name));
if (!checked.scenario) throw new Error(`the preset ${presetName} does not validate`);
model.to_yaml(JSON.stringify(checked.scenario));
model.replicate(JSON.stringify({ ...checked.scenario, horizon_days: 5 }), 1, 0);

const here = path.dirname(fileURLToPath(import.meta.url));
pyodide.runPython(readFileSync(path.join(here, "bytecode.py"), "utf8"));
const compileZip = pyodide.globals.get("compile_zip");
const zips = [[path.join(pyodideDir, "python_stdlib.zip"), "stdlib"], ...wheels.map((w) => [w, "wheel"])];
const counts = {};
for (const [file, kind] of zips) {
  pyodide.FS.writeFile("/tmp/in.zip", new Uint8Array(readFileSync(file)));
  counts[kind] = compileZip("/tmp/in.zip", "/tmp/out.zip", kind);
  writeFileSync(file, pyodide.FS.readFile("/tmp/out.zip"));
}
console.log(JSON.stringify(counts));
