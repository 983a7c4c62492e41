// Times replications of one bundled preset in Pyodide under Node, for `make bench`.
// It loads the what-if page's own runtime (docs/assets/whatif/, written by web/build.py): the
// same Pyodide, wheels and model entry point (sim.whatif.replicate) the page's worker uses.
// Usage: node web/time-replication.mjs WHATIF_DIR PRESET SEED REPLICATION...
// Prints one JSON line: {"boot_seconds": B, "seconds": [s, ...]} (wall time per replication).
import { readFileSync } from "node:fs";
import path from "node:path";

const [whatif, presetName, seedText, ...replications] = process.argv.slice(2);
const read = (name) => JSON.parse(readFileSync(path.join(whatif, name), "utf8"));
const manifest = read("manifest.json");
const preset = read("presets.json").find((p) => p.name === presetName);
if (!preset) {
  console.error(`time-replication.mjs: no preset called ${presetName} in ${whatif}/presets.json`);
  process.exit(2);
}
const booted = performance.now();
const { loadPyodide } = await import(path.resolve(whatif, "pyodide", "pyodide.mjs"));
const pyodide = await loadPyodide({
  indexURL: path.resolve(whatif, "pyodide") + path.sep,
  stdout: () => {},
  stderr: () => {},
});
await pyodide.loadPackage(
  manifest.wheels.map((wheel) => path.resolve(whatif, wheel)),
  { messageCallback: () => {} },
);
const model = pyodide.pyimport("sim.whatif");
const bootSeconds = (performance.now() - booted) / 1000;
const scenario = JSON.stringify(preset.scenario);
const seconds = [];
for (const replication of replications) {
  const started = performance.now();
  model.replicate(scenario, Number(seedText), Number(replication));
  seconds.push((performance.now() - started) / 1000);
}
console.log(JSON.stringify({ boot_seconds: bootSeconds, seconds }));
