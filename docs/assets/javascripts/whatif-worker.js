// "Try your practice": runs the model in Pyodide, off the page's main thread.
// Every file comes from this site's assets/whatif/ folder; nothing from another host.
// The page runs a pool of these workers and hands each one replication at a time, so a
// worker needs no memory of the run: replication k of an option is the same wherever it runs.
// Messages in:  {type: "boot"}, {type: "check", id, options: [{name, json}]},
//               {type: "yaml", id, name, text}, {type: "to_yaml", id, json},
//               {type: "replicate", id, option, json, seed, replication}.
// The page stops a run by ending its workers (a replication cannot be interrupted between
// its events from outside) and starting a fresh one.
// Messages out: {type: "ready", seconds}, {type: "reply", id, ...},
//               {type: "replication", id, option, replication, seconds, result},
//               {type: "failed", id, message}.

const base = new URL("../whatif/", self.location.href).href;
let model = null;
let booting = null;

async function boot() {
  const started = performance.now();
  const manifest = await (await fetch(base + "manifest.json")).json();
  const { loadPyodide } = await import(base + "pyodide/pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: base + "pyodide/", stdout: () => {}, stderr: () => {} });
  await pyodide.loadPackage(
    manifest.wheels.map((w) => base + w),
    { messageCallback: () => {}, errorCallback: (m) => console.warn(m) },
  );
  model = pyodide.pyimport("sim.whatif");
  self.postMessage({ type: "ready", seconds: (performance.now() - started) / 1000 });
}

function ensureBooted() {
  if (!booting) booting = boot();
  return booting;
}

async function replicate(msg) {
  const started = performance.now();
  const result = JSON.parse(model.replicate(msg.json, msg.seed, msg.replication));
  self.postMessage({
    type: "replication",
    id: msg.id,
    option: msg.option,
    replication: msg.replication,
    seconds: (performance.now() - started) / 1000,
    result,
  });
}

async function handle(msg) {
  await ensureBooted();
  if (msg.type === "boot") return;
  if (msg.type === "check") {
    const results = msg.options.map((o) => ({ name: o.name, ...JSON.parse(model.check(o.json, o.name)) }));
    self.postMessage({ type: "reply", id: msg.id, results });
  } else if (msg.type === "yaml") {
    self.postMessage({ type: "reply", id: msg.id, ...JSON.parse(model.check_yaml(msg.text, msg.name)) });
  } else if (msg.type === "to_yaml") {
    self.postMessage({ type: "reply", id: msg.id, text: model.to_yaml(msg.json) });
  } else if (msg.type === "replicate") {
    await replicate(msg);
  }
}

self.onmessage = (event) => {
  const msg = event.data;
  handle(msg).catch((error) => {
    self.postMessage({ type: "failed", id: msg.id, message: String(error && error.message ? error.message : error) });
  });
};
