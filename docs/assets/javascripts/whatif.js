// "Try your practice": the form, the URL, the worker that runs the model, and the answer.
// The model runs in whatif-worker.js (Pyodide); this file only builds scenarios from the
// form, shows the schema's complaints beside the fields, and summarises the replications.
(function () {
  "use strict";

  const root = document.getElementById("whatif");
  if (!root) return;
  const script = document.currentScript;
  const assets = new URL("../whatif/", script.src).href;
  const workerUrl = new URL("whatif-worker.js", script.src).href;
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v === false || v === null || v === undefined) continue;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children) node.append(child);
    return node;
  };
  const SVG = "http://www.w3.org/2000/svg";
  const svg = (tag, attrs = {}) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    return node;
  };

  // ---------- numbers and words ----------
  const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201,
    2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064,
    2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
  const tCritical = (df) => (df <= 30 ? T95[df - 1] : df <= 60 ? 2.0 : df <= 120 ? 1.98 : 1.96);
  function interval(values) {
    const n = values.length;
    const mean = values.reduce((a, b) => a + b, 0) / n;
    if (n < 2) return { mean, low: mean, high: mean, n };
    const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
    const half = (tCritical(n - 1) * sd) / Math.sqrt(n);
    return { mean, low: mean - half, high: mean + half, n };
  }
  function quantile(sorted, q) {
    const pos = (sorted.length - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }
  const money = (v) =>
    (v < 0 ? "-$" : "$") + Math.abs(v).toLocaleString("en-US", { maximumFractionDigits: 0 });
  // Short money for chart axes: $0, $850k, $1.2M.
  const shortMoney = (v) =>
    Math.abs(v) >= 1e6 ? "$" + (v / 1e6).toFixed(1) + "M" : Math.abs(v) >= 1e3 ? "$" + Math.round(v / 1e3) + "k" : "$" + Math.round(v);
  const oneDecimal = (v) => v.toFixed(1);
  // How each of the registry's formats reads (sim/model/kpis.yaml, `format`).
  const FORMATS = {
    usd: money,
    share: (v) => (100 * v).toFixed(1) + "%",
    days: oneDecimal,
    count: oneDecimal,
    hours: oneDecimal,
  };
  const fmtOf = (k) => FORMATS[k.format];
  // The KPIs the page shows, with their labels, formats and bounds, come from the registry
  // (web/build.py writes kpis.json from its `whatif` table); the page keeps no list of its own.
  // A KPI that cannot be below its min (a count, an amount, a share) or above its max (a
  // share) keeps its interval inside those bounds: a normal-theory interval can cross them,
  // the KPI cannot. A bound of null is no bound (a net amount can be below zero).
  const bounded = (c, k) => ({
    ...c,
    low: Math.min(k.max ?? Infinity, Math.max(k.min ?? -Infinity, c.low)),
    high: Math.min(k.max ?? Infinity, Math.max(k.min ?? -Infinity, c.high)),
  });
  const kpiOf = (key) => {
    const k = state.kpis.find((d) => d.key === key);
    if (!k) throw new Error("kpis.json has no " + key + "; rebuild the site (make site)");
    return k;
  };

  // ---------- scenario keys ----------
  // Each form field's key arrives as steps (web/build.py, from sim/scenario/keys.py, the one
  // place keys are parsed): {key} a mapping's entry, {index} a list item, {match: [field,
  // value]} the list items with that value (a list field matches when it holds exactly that
  // one value: [roles=ic] is the people whose only role is ic), {every} every item.
  const matches = (item, [k, v]) =>
    Array.isArray(item[k]) ? item[k].length === 1 && String(item[k][0]) === v : String(item[k]) === v;
  // The [child, name or index] pairs one step leads to from a node.
  function picked(node, step) {
    if ("key" in step) {
      const isMap = node !== null && typeof node === "object" && !Array.isArray(node);
      return isMap && step.key in node ? [[node[step.key], step.key]] : [];
    }
    if (!Array.isArray(node)) return [];
    if ("index" in step) return step.index < node.length ? [[node[step.index], step.index]] : [];
    return node.map((item, n) => [item, n]).filter(([item]) => step.every || matches(item, step.match));
  }

  const FRONT_DESK_PEOPLE = [{ key: "practice" }, { key: "front_desk" }, { key: "people" }];

  function readKey(scenario, steps) {
    let nodes = [scenario];
    for (const step of steps) nodes = nodes.flatMap((node) => picked(node, step).map(([child]) => child));
    return nodes[0];
  }

  // Sets the value and returns the concrete key paths written ("practice.providers.0.count").
  // A missing section is made; a provider kind the practice lacks is added with none of it.
  function writeKey(scenario, steps, value) {
    let targets = [{ node: scenario, at: [] }];
    steps.forEach((step, i) => {
      const last = i === steps.length - 1;
      const next = [];
      for (const { node, at } of targets) {
        if ("key" in step) {
          if (last) node[step.key] = value;
          else if (node[step.key] == null) node[step.key] = "key" in steps[i + 1] ? {} : [];
          next.push({ node: last ? node : node[step.key], at: [...at, step.key] });
          continue;
        }
        let found = picked(node, step);
        if (!found.length && step.match && step.match[0] === "kind") {
          node.push({ kind: step.match[1], count: 0, visits_per_day: 0 });
          found = [[node[node.length - 1], node.length - 1]];
        }
        for (const [item, n] of found) next.push({ node: item, at: [...at, String(n)] });
      }
      targets = next;
    });
    return targets.map((t) => t.at.join("."));
  }

  // ---------- state ----------
  const state = { form: null, presets: [], kpis: [], manifest: null, loaded: null, result: null };
  const params = new URLSearchParams(location.search);
  let nextId = 1;
  const waiting = new Map();
  let running = null;

  // ---------- the workers ----------
  // A pool of workers shares a run's replications, one replication at a time each. The first
  // (the lead) also answers the form's questions (check, load, download). Replication k of
  // every option uses seed stream k wherever it runs, and the page files each result under its
  // replication number, so the numbers and their order do not depend on the pool's size.
  const MAX_WORKERS = 4;
  // One worker per core, leaving one core for the page; at least one, and at most MAX_WORKERS,
  // since each loads its own Python (about 100 MB of memory). `?workers=N` sets the number.
  function poolSize() {
    const asked = Number(params.get("workers"));
    const cores = navigator.hardwareConcurrency || 2;
    const wanted = Number.isInteger(asked) && asked >= 1 ? asked : cores - 1;
    return Math.max(1, Math.min(MAX_WORKERS, wanted));
  }
  const pool = []; // {worker, ready, task}: task is the replication it is running, or null
  let bootSeconds = null;

  function addWorker() {
    const member = { worker: new Worker(workerUrl, { type: "module" }), ready: false, task: null };
    const lead = pool.length === 0;
    member.worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === "ready") {
        member.ready = true;
        if (lead) onReady(msg);
        if (running && running.queue) dispatch();
        return;
      }
      if (msg.type === "replication") return onReplication(member, msg);
      if (msg.type === "failed") {
        if (running && msg.id === running.id) return workerDied(msg.message);
        const pending = waiting.get(msg.id);
        if (pending) {
          waiting.delete(msg.id);
          pending.reject(new Error(msg.message));
        } else fail(msg.message);
        return;
      }
      const pending = waiting.get(msg.id);
      if (pending) {
        waiting.delete(msg.id);
        pending.resolve(msg);
      }
    };
    member.worker.onerror = (event) => {
      event.preventDefault();
      workerDied(event.message || "the model could not start");
    };
    member.worker.onmessageerror = () => workerDied("a message from the model could not be read");
    member.worker.postMessage({ type: "boot" });
    pool.push(member);
    return member;
  }
  const LOADING = "Loading the model";
  function startWorker() {
    if (pool.length) return;
    say(LOADING + " (" + sizeText() + ")…");
    addWorker();
  }
  // The pool for a run of `tasks` replications: never more workers than replications.
  function growPool(tasks) {
    startWorker();
    while (pool.length < Math.min(poolSize(), tasks)) addWorker();
  }
  function ask(msg) {
    startWorker();
    const id = nextId++;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      pool[0].worker.postMessage({ ...msg, id });
    });
  }
  // A run is stopped, or the model failed: every worker is ended at once (a replication in
  // progress cannot be interrupted from here) and a fresh one is loaded for the next run.
  function endWorkers(reason) {
    for (const member of pool.splice(0)) member.worker.terminate();
    for (const pending of waiting.values()) pending.reject(new Error(reason));
    waiting.clear();
  }
  function stopRun() {
    if (!running || running.id === null) return;
    const id = running.id;
    endWorkers("the run was stopped");
    startWorker();
    onDone({ id, stopped: true });
  }
  function workerDied(message) {
    const text =
      "the model stopped working in this page (" + message + ")" +
      (running && running.id !== null ? ", and this run's results are lost" : "") +
      ". It loads again when you press Run. Try fewer replications, fewer providers or visits " +
      "a day, or a shorter horizon; or download the scenario and run it with twohats on the " +
      "command line.";
    endWorkers(text);
    fail(text);
  }
  function onReady(msg) {
    bootSeconds = msg.seconds;
    // Said only over the loading notice: a fresh worker after Stop leaves the run's summary.
    if ($("whatif-status").textContent.startsWith(LOADING)) say("Model loaded in " + msg.seconds.toFixed(1) + " s.");
  }
  // Hands every loaded, idle worker the next replication of the run, in replication order.
  function dispatch() {
    for (const member of pool) {
      if (!member.ready || member.task || !running.queue.length) continue;
      member.task = running.queue.shift();
      const option = running.checked.find((o) => o.name === member.task.option);
      member.worker.postMessage({
        type: "replicate",
        id: running.id,
        option: option.name,
        json: option.json,
        seed: running.seed,
        replication: member.task.replication,
      });
    }
  }

  function say(text) {
    $("whatif-status").textContent = text;
  }
  function fail(text) {
    say("Something went wrong: " + text);
    finishRun();
    root.dataset.state = "failed";
  }
  function sizeText() {
    const files = Object.entries(state.manifest.files).filter(
      ([name]) => name.startsWith("pyodide/") || name.startsWith("wheels/"),
    );
    const mb = (n) => (n / 1e6).toFixed(1) + " MB";
    const raw = files.reduce((a, [, f]) => a + f.bytes, 0);
    const packed = files.reduce((a, [, f]) => a + f.gzip_bytes, 0);
    return mb(raw) + ", " + mb(packed) + " compressed";
  }

  // ---------- the form ----------
  const preset = () =>
    state.loaded && $("whatif-preset").value === "loaded"
      ? state.loaded
      : state.presets.find((p) => p.name === $("whatif-preset").value);
  const familyOf = (p) => (p.family ? state.presets.filter((q) => q.family === p.family) : [p]);
  // Options by their plain names (docs/_data/options.yaml, as the evidence page names them);
  // a loaded file keeps its own name.
  const optionLabel = (p) => p.plain || p.name;
  const plainOf = (name) => {
    const p = state.presets.find((q) => q.name === name);
    return p ? optionLabel(p) : name;
  };
  const practiceOf = (p) => (p.scenario.description || p.name).split("; ")[0];
  // The comparison ticked with a preset: two people against one person in both roles.
  function partnerOf(current) {
    const others = familyOf(current).filter((p) => p.name !== current.name);
    const wanted = current.name.endsWith("-separate") ? "-combined" : "-separate";
    return others.find((p) => p.name.endsWith(wanted)) || others[0];
  }

  function buildForm() {
    const presetSelect = $("whatif-preset");
    for (const p of state.presets) {
      presetSelect.append(el("option", { value: p.name, text: practiceOf(p) + ": " + optionLabel(p) }));
    }
    const fields = $("whatif-fields");
    for (const f of state.form.fields) {
      const id = "whatif-f-" + f.id;
      const help = f.help ? el("span", { class: "whatif-help", id: id + "-help", text: f.help }) : "";
      fields.append(
        el(
          "div",
          { class: "whatif-field" },
          el("label", { for: id, text: f.label }),
          el("input", {
            id,
            name: f.id,
            type: "number",
            step: f.step || "any",
            inputmode: "decimal",
            "aria-describedby": [f.help ? id + "-help" : "", id + "-error"].join(" ").trim(),
          }),
          help,
          el("span", { class: "whatif-error", id: id + "-error", role: "alert" }),
        ),
      );
      $(id).addEventListener("input", saveUrl);
      $(id).addEventListener("input", showReach);
    }
    fields.append(el("p", { id: "whatif-reach", class: "whatif-help whatif-wide", "aria-live": "polite" }));
    presetSelect.addEventListener("change", () => {
      fillFromPreset();
      showOptions(null);
      saveUrl();
    });
    for (const id of ["whatif-reps", "whatif-seed"]) $(id).addEventListener("input", saveUrl);
    $("whatif-form").addEventListener("submit", (event) => {
      event.preventDefault();
      startRun();
    });
    $("whatif-stop").addEventListener("click", stopRun);
    $("whatif-download").addEventListener("click", downloadYaml);
    $("whatif-load").addEventListener("change", loadYaml);
  }

  const shown = (f, v) => (v === undefined || v === null ? "" : String(+(v * (f.scale || 1)).toFixed(6)));
  function fillFromPreset() {
    for (const f of state.form.fields) {
      const value = readKey(preset().scenario, f.steps);
      const input = $("whatif-f-" + f.id);
      input.value = shown(f, value);
      input.dataset.preset = input.value;
    }
    showReach();
  }

  // The form asks for interruptions arriving; the front desk answers its share first.
  function showReach() {
    const field = (id) => state.form.fields.find((f) => f.id === id);
    const value = (id) => (field(id) ? Number($("whatif-f-" + id).value) / (field(id).scale || 1) : NaN);
    const arriving = value("om_interruptions");
    const desk = readKey(preset().scenario, FRONT_DESK_PEOPLE) === 0 ? 0 : value("front_desk");
    const note = $("whatif-reach");
    if (!note) return;
    if (!Number.isFinite(arriving) || !Number.isFinite(desk) || arriving < 0 || desk < 0 || desk > 1) {
      note.textContent = "";
      return;
    }
    const reach = arriving * (1 - desk);
    note.textContent =
      "Of " + +arriving.toFixed(2) + " interruptions arriving an hour, the front desk answers " +
      Math.round(desk * 100) + "%: about " + +reach.toFixed(2) + " an hour reach the office manager.";
  }
  function showOptions(chosen) {
    const box = $("whatif-options");
    box.replaceChildren(el("legend", { text: "Staffing options to compare" }));
    const current = preset();
    for (const p of familyOf(current)) {
      const id = "whatif-o-" + p.name;
      const partner = partnerOf(current);
      const checked = chosen ? chosen.includes(p.name) : p.name === current.name || (partner && p.name === partner.name);
      const input = el("input", { type: "checkbox", id, value: p.name, checked });
      input.addEventListener("change", saveUrl);
      box.append(el("div", { class: "whatif-option" }, input, el("label", { for: id, text: optionLabel(p) })));
    }
  }
  const chosenOptions = () =>
    [...document.querySelectorAll("#whatif-options input:checked")].map((i) => i.value);

  function saveUrl() {
    const q = new URLSearchParams();
    const p = preset();
    if (p !== state.loaded) q.set("preset", p.name);
    q.set("options", chosenOptions().join(","));
    for (const f of state.form.fields) {
      const input = $("whatif-f-" + f.id);
      if (input.value !== input.dataset.preset) q.set(f.url, input.value);
    }
    q.set("reps", $("whatif-reps").value);
    q.set("seed", $("whatif-seed").value);
    if (params.has("workers")) q.set("workers", params.get("workers"));
    history.replaceState(null, "", "?" + q.toString());
  }

  function readUrl() {
    const name = params.get("preset");
    if (name && state.presets.some((p) => p.name === name)) $("whatif-preset").value = name;
    fillFromPreset();
    const options = params.get("options");
    showOptions(options ? options.split(",") : null);
    for (const f of state.form.fields) {
      if (params.has(f.url)) $("whatif-f-" + f.id).value = params.get(f.url);
    }
    if (params.has("reps")) $("whatif-reps").value = params.get("reps");
    if (params.has("seed")) $("whatif-seed").value = params.get("seed");
    showReach();
  }

  // One scenario per option: the preset's practice, the option's staffing, the reader's answers.
  function scenarios() {
    const base = preset();
    const chosen = chosenOptions();
    const family = familyOf(base).filter((p) => chosen.includes(p.name));
    family.sort((a, b) => (b.name === base.name) - (a.name === base.name)); // the preset first: the others are compared with it
    return family.map((option) => {
        const scenario = structuredClone(base.scenario);
        scenario.name = option.name;
        scenario.description = option.scenario.description;
        scenario.staff = structuredClone(option.scenario.staff);
        scenario.outsourcing = structuredClone(option.scenario.outsourcing);
        const written = {};
        for (const f of state.form.fields) {
          const input = $("whatif-f-" + f.id);
          if (input.value === input.dataset.preset) continue; // the option keeps its own value
          const value = input.value.trim() === "" ? null : Number(input.value) / (f.scale || 1);
          for (const path of writeKey(scenario, f.steps, Number.isNaN(value) ? input.value : value)) {
            written[path] = f.id;
          }
        }
        return { name: option.name, scenario, written };
      });
  }

  function clearErrors() {
    for (const node of document.querySelectorAll(".whatif-error")) node.textContent = "";
    for (const node of document.querySelectorAll("#whatif-fields input")) node.removeAttribute("aria-invalid");
    $("whatif-problems").replaceChildren();
  }
  function showProblems(problems) {
    const list = $("whatif-problems");
    for (const { option, key_path, message, field } of problems) {
      if (field) {
        const input = $("whatif-f-" + field);
        input.setAttribute("aria-invalid", "true");
        const error = $("whatif-f-" + field + "-error");
        if (!error.textContent) error.textContent = message;
      } else {
        list.append(el("li", { text: (option ? option + ": " : "") + (key_path ? key_path + ": " : "") + message }));
      }
    }
    say("The scenario has problems; see the marked fields.");
    root.dataset.state = "problems";
  }

  // ---------- running ----------
  async function startRun() {
    if (running) return;
    clearErrors();
    root.dataset.state = "checking";
    const built = scenarios();
    if (!built.length) {
      showProblems([{ message: "Pick at least one staffing option to run." }]);
      return;
    }
    const reps = Number($("whatif-reps").value);
    const seedText = $("whatif-seed").value.trim();
    const seed = Number(seedText);
    const bad = [];
    if (!Number.isInteger(reps) || reps < 1 || reps > 200) bad.push({ message: "Replications: a whole number from 1 to 200." });
    // Only digits, and no more than the page can carry exactly: 2^53 and above would reach the
    // model rounded, and give numbers that match no seed on the command line.
    if (!/^[0-9]+$/.test(seedText) || !Number.isSafeInteger(seed)) {
      bad.push({ message: "Seed: a whole number from 0 to " + Number.MAX_SAFE_INTEGER + " (the command line takes the same seeds)." });
    }
    if (bad.length) return showProblems(bad);
    $("whatif-run").disabled = true;
    running = { id: null, reps, seed, options: built.map((b) => b.name), results: {}, times: [], started: performance.now(), firstAt: null, finished: 0 };
    for (const b of built) running.results[b.name] = Array(reps).fill(null);
    try {
      root.dataset.complete = 0;
      const reply = await ask({ type: "check", options: built.map((b) => ({ name: b.name, json: JSON.stringify(b.scenario) })) });
      const problems = [];
      reply.results.forEach((r, i) => {
        for (const p of r.problems || []) problems.push({ option: r.name, ...p, field: built[i].written[p.key_path] });
      });
      if (problems.length) {
        running = null;
        $("whatif-run").disabled = false;
        return showProblems(problems);
      }
      running.checked = reply.results.map((r) => ({ name: r.name, json: JSON.stringify(r.scenario) }));
      running.horizon = reply.results[0].scenario.horizon_days;
      const total = reps * built.length;
      const bar = $("whatif-progress");
      bar.max = total;
      bar.value = 0;
      bar.hidden = false;
      $("whatif-stop").hidden = false;
      // The other workers load once the lead has (it answered the check), so they do not slow
      // the lead's loading and the first result; they start with the run's next replications.
      growPool(total);
      running.workers = pool.length;
      say("Running " + total + " replications" + (pool.length > 1 ? " in " + pool.length + " background workers" : "") + "…");
      root.dataset.state = "running";
      running.id = nextId++;
      // Replication by replication, each option in turn: the order one worker would run them.
      running.queue = [];
      for (let replication = 0; replication < reps; replication++) {
        for (const option of running.options) running.queue.push({ option, replication });
      }
      dispatch();
    } catch (error) {
      fail(error.message);
    }
  }

  function onReplication(member, msg) {
    member.task = null;
    if (!running || msg.id !== running.id) return;
    if (running.firstAt === null) running.firstAt = (performance.now() - running.started) / 1000;
    running.results[msg.option][msg.replication] = msg.result;
    running.times.push(msg.seconds);
    running.finished += 1;
    root.dataset.complete = completeReplications(running);
    const bar = $("whatif-progress");
    bar.value = running.finished;
    say("Ran " + bar.value + " of " + bar.max + " replications" + (running.workers > 1 ? " in " + running.workers + " workers" : "") + "…");
    if (running.finished === bar.max) return onDone({ id: running.id, stopped: false });
    dispatch();
  }

  // Replications 0 to n-1 of every option are in: a stopped run keeps only these, whole pairs in
  // replication order, whichever worker finished first. Shown as data-complete on the page.
  function completeReplications(run) {
    let n = 0;
    while (n < run.reps && run.options.every((o) => run.results[o][n])) n += 1;
    return n;
  }

  function onDone(msg) {
    if (!running || msg.id !== running.id) return;
    const run = running;
    finishRun();
    const complete = completeReplications(run);
    if (!complete) {
      say("Stopped before the first replication finished.");
      root.dataset.state = "stopped";
      return;
    }
    for (const o of run.options) run.results[o] = run.results[o].slice(0, complete);
    state.result = run;
    const perRep = run.times.reduce((a, b) => a + b, 0) / run.times.length;
    const timing = {
      model_load_seconds: bootSeconds,
      first_result_seconds: run.firstAt,
      run_seconds: (performance.now() - run.started) / 1000,
      replication_seconds_mean: perRep,
      workers: run.workers,
    };
    say(
      (msg.stopped ? "Stopped after " : "Done: ") + complete + " replication" + (complete > 1 ? "s" : "") +
        " of each option, " + perRep.toFixed(2) + " s each on average.",
    );
    $("whatif-output").hidden = false; // shown first, so the charts can measure their width
    showAnswer(run, complete);
    const record = {
      seed: run.seed,
      replications: complete,
      horizon_days: run.horizon,
      stopped: msg.stopped,
      timing,
      options: Object.fromEntries(
        run.options.map((o) => [o, run.results[o].map((r) => ({ replication: r.replication, ...r.kpis }))]),
      ),
    };
    $("whatif-result").textContent = JSON.stringify(record, null, 1);
    root.dataset.state = msg.stopped ? "stopped" : "done";
  }

  function finishRun() {
    running = null;
    $("whatif-run").disabled = false;
    $("whatif-stop").hidden = true;
    $("whatif-progress").hidden = true;
  }

  // ---------- the answer ----------
  const kpiValues = (run, option, key) => run.results[option].map((r) => r.kpis[key]);

  // "95% CI $a to $b", or why there is no interval yet (one replication has no spread).
  const range = (c, fmt, paired) =>
    c.n >= 2 ? (paired ? "paired " : "") + "95% CI " + fmt(c.low) + " to " + fmt(c.high) : "one replication: no range yet";
  const more = (v, word) => money(Math.abs(v)) + " " + (v >= 0 ? word[0] : word[1]);

  // The answer is in net money from the claims of the run's window, each followed to its end
  // (paid, written off, or still open when the run-out stops): the cash they brought in, less
  // what the staffing cost (wages, taxes and benefits, overtime, any outside fee, replacing
  // people who quit) and the cost of waiting for that cash. The figure a practice owner decides
  // on, and the one the command line's break-even and the staffing page compare options on.
  const NET = "cohort_net_after_staffing_usd";
  const CASH = "cohort_collected_usd";
  const WAIT = "cohort_cash_wait_cost_usd";
  const WRITTEN_OFF = "cohort_written_off_usd";
  const AGED = "ar_usd_90_plus_end";
  const STAFFING = ["staff_cost_usd", "outsourcing_fee_usd", "replacement_cost_usd"];
  // Each replication's staffing costs, added up.
  const staffingValues = (run, option) =>
    run.results[option].map((r) => STAFFING.reduce((sum, key) => sum + r.kpis[key], 0));
  const mean = (values) => interval(values).mean;
  // Whose money it is: the claims of the visits in the run's window.
  const claimsOf = (run) => (run.horizon === 365 ? "the year's claims" : "the claims of the " + run.horizon + " days");

  function sentence(run, option, first) {
    for (const key of [NET, CASH, WAIT, WRITTEN_OFF, AGED, ...STAFFING]) kpiOf(key);
    const name = plainOf(option);
    const claims = claimsOf(run);
    if (!first) {
      const net = interval(kpiValues(run, option, NET));
      return name + ": " + money(net.mean) + " net from " + claims + ", followed to the end (" + range(net, money) +
        "). Those claims brought in " + money(mean(kpiValues(run, option, CASH))) + " of insurance cash, less " +
        money(mean(staffingValues(run, option))) + " of staffing costs and " + money(mean(kpiValues(run, option, WAIT))) +
        " for waiting for the cash; " + money(mean(kpiValues(run, option, WRITTEN_OFF))) + " of what they were owed was written off.";
    }
    const paired = (a, b) => interval(b.map((v, i) => v - a[i]));
    const diff = (key) => paired(kpiValues(run, first, key), kpiValues(run, option, key));
    const d = diff(NET);
    const c = diff(CASH);
    const s = paired(staffingValues(run, first), staffingValues(run, option));
    const w = diff(WAIT);
    const o = diff(WRITTEN_OFF);
    const g = diff(AGED);
    const clear = d.n >= 2 && (d.low > 0 || d.high < 0);
    const moreLess = ["more", "less"];
    let text = name + ": " + more(d.mean, moreLess) + " net than " + plainOf(first) + " from " + claims +
      ", followed to the end (" + range(d, money, true) + "; ";
    if (d.n < 2) text += "run more replications to compare)";
    else text += clear ? "a real difference at this many replications)" : "the replications cannot tell the two apart yet)";
    text += ". Its claims bring in " + more(c.mean, moreLess) + " insurance cash; it spends " +
      more(s.mean, moreLess) + " on staffing and " + more(w.mean, moreLess) + " on waiting for the cash; " +
      more(o.mean, moreLess) + " is written off; and it ends with " + more(g.mean, moreLess) +
      " of insurance A/R over 90 days old.";
    return text;
  }

  function showAnswer(run, complete) {
    const words = $("whatif-answer");
    words.replaceChildren();
    const [first, ...others] = run.options;
    words.append(el("p", { text: sentence(run, first, null) }));
    for (const o of others) words.append(el("p", { text: sentence(run, o, first) }));
    if (complete < 2) words.append(el("p", { text: "One replication gives one possible year, with no range: run at least 5 before comparing options." }));
    else if (complete < 5) words.append(el("p", { text: "With fewer than 5 replications the ranges are wide; run more before relying on a difference." }));
    drawCharts(run);
    drawTable(run);
  }

  const COLOURS = ["#3949ab", "#d84315", "#00897b", "#8e24aa", "#6d4c41", "#546e7a", "#c0ca33"];
  function drawCharts(run) {
    const box = $("whatif-charts");
    box.replaceChildren();
    const panels = [
      { column: "cumulative_cash_usd", title: "Insurance cash received so far, on any claim" },
      { column: "ar_usd_90_plus", title: "Insurance A/R over 90 days old" },
    ];
    for (const panel of panels) {
      const figure = el("figure", { class: "whatif-chart" });
      box.append(figure);
      chart(run, panel, figure);
    }
    const legend = el("ul", { class: "whatif-legend" });
    run.options.forEach((o, i) =>
      legend.append(el("li", {}, el("span", { class: "whatif-swatch", style: "background:" + COLOURS[i % COLOURS.length] }), plainOf(o))),
    );
    box.append(legend, el("p", { class: "whatif-note", text: "Lines: mean over replications. Bands: the middle 80% of replications (10th to 90th percentile)." }));
  }

  // Drawn at the width it is shown, so its 12px labels stay 12px on a phone.
  function chart(run, { column, title }, figure) {
    const W = Math.max(280, Math.round(figure.clientWidth || 560));
    const H = Math.round(Math.min(260, Math.max(200, W * 0.6))), L = 52, R = 10, T = 12, B = 34;
    const series = run.options.map((o) => {
      const reps = run.results[o].map((r) => r.daily[column]);
      const days = reps[0].length;
      const mean = [], low = [], high = [];
      for (let d = 0; d < days; d++) {
        const values = reps.map((r) => r[d]).sort((a, b) => a - b);
        mean.push(values.reduce((a, b) => a + b, 0) / values.length);
        low.push(quantile(values, 0.1));
        high.push(quantile(values, 0.9));
      }
      return { mean, low, high };
    });
    const days = series[0].mean.length;
    // Round ticks (1, 2 or 5 times a power of ten), so axis labels read $40k, $80k, not $36k, $72k.
    const highest = Math.max(0, ...series.flatMap((s) => s.high));
    const rough = Math.max(4, highest) / 4; // whole dollars at least
    const power = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= rough);
    const top = step * 4;
    const x = (d) => L + ((W - L - R) * d) / Math.max(1, days - 1);
    const y = (v) => T + (H - T - B) * (1 - v / top);
    const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": title + ", by day, for each option" });
    for (let k = 0; k <= 4; k++) {
      const v = (top * k) / 4;
      plot.append(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), class: "whatif-grid" }));
      const label = svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", class: "whatif-axis" });
      label.textContent = shortMoney(v);
      plot.append(label);
    }
    const xlabel = svg("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", class: "whatif-axis" });
    xlabel.textContent = "Day 0 to " + (days - 1);
    plot.append(xlabel);
    series.forEach((s, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const upper = s.high.map((v, d) => `${x(d).toFixed(1)},${y(v).toFixed(1)}`);
      const lower = s.low.map((v, d) => `${x(d).toFixed(1)},${y(v).toFixed(1)}`).reverse();
      plot.append(svg("polygon", { points: [...upper, ...lower].join(" "), fill: colour, "fill-opacity": "0.18" }));
      plot.append(svg("polyline", { points: s.mean.map((v, d) => `${x(d).toFixed(1)},${y(v).toFixed(1)}`).join(" "), fill: "none", stroke: colour, "stroke-width": "2" }));
    });
    figure.append(plot, el("figcaption", { text: title }));
  }

  function drawTable(run) {
    const table = el("table");
    const head = el("tr", {}, el("th", { scope: "col", text: "KPI (mean, 95% CI)" }));
    for (const o of run.options) head.append(el("th", { scope: "col", text: plainOf(o) }));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    for (const k of state.kpis) {
      const fmt = fmtOf(k);
      const row = el("tr", {}, el("th", { scope: "row", text: k.label }));
      for (const o of run.options) {
        // A KPI with nothing to measure (claim lag with no claim sent) is null: n/a, not 0.
        const values = kpiValues(run, o, k.key).filter((v) => v !== null && v !== undefined);
        const c = values.length ? bounded(interval(values), k) : null;
        const text = !c ? "n/a" : c.n < 2 ? fmt(c.mean) + " (one replication)" : fmt(c.mean) + " (" + fmt(c.low) + " to " + fmt(c.high) + ")";
        row.append(el("td", { text }));
      }
      body.append(row);
    }
    table.append(body);
    $("whatif-table").replaceChildren(table);
  }

  // ---------- YAML in and out ----------
  async function downloadYaml() {
    clearErrors();
    const built = scenarios();
    if (!built.length) return showProblems([{ message: "Pick a staffing option to download." }]);
    say("Preparing the scenario file…");
    root.dataset.state = "checking";
    // Edited answers make it a different practice: it no longer carries the bundled file's
    // name and description, only what it was built from and what changed.
    const scenario = structuredClone(built[0].scenario);
    const changed = state.form.fields.filter((f) => $("whatif-f-" + f.id).value !== $("whatif-f-" + f.id).dataset.preset);
    if (changed.length) {
      scenario.name = "my-practice";
      scenario.description =
        "Edited on the Try your practice page from " + plainOf(built[0].name) + "; changed: " +
        changed.map((f) => f.label).join(", ") + ".";
    }
    try {
      const reply = await ask({ type: "to_yaml", json: JSON.stringify(scenario) });
      const blob = new Blob([reply.text], { type: "application/yaml" });
      const file = scenario.name + ".yaml";
      const link = el("a", { href: URL.createObjectURL(blob), download: file });
      document.body.append(link);
      link.click();
      link.remove();
      root.dataset.state = "downloaded";
      say("Downloaded " + file + ": run it with `twohats run " + file + "`.");
    } catch (error) {
      fail(error.message);
    }
  }

  // The file's text as the command line reads it: at most 1,000,000 bytes of UTF-8 (a file
  // in another encoding is refused, never read with replacement characters).
  const MAX_FILE_BYTES = 1000000;
  async function scenarioText(file) {
    const refuse = (message) => {
      showProblems([{ option: file.name, message }]);
      return null;
    };
    if (file.size > MAX_FILE_BYTES) return refuse("file is larger than the 1,000,000-byte limit");
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch (error) {
      return refuse("cannot read file (not UTF-8 text); save it as UTF-8 and load it again");
    }
  }

  async function loadYaml(event) {
    const file = event.target.files[0];
    if (!file) return;
    clearErrors();
    root.dataset.state = "checking";
    const name = file.name.replace(/\.ya?ml$/i, "").replace(/[^A-Za-z0-9_.-]/g, "-") || "loaded";
    say("Checking " + file.name + "…");
    try {
      const text = await scenarioText(file);
      if (text === null) return;
      const reply = await ask({ type: "yaml", name, text });
      if (reply.problems) {
        const problems = reply.problems.map((p) =>
          p.key_path === "extends"
            ? { option: file.name, key_path: "extends", message: "the page reads one file; run `twohats` on the command line for files that extend others" }
            : { option: file.name, ...p },
        );
        return showProblems(problems);
      }
      state.loaded = { name: reply.scenario.name || name, family: null, scenario: reply.scenario };
      const select = $("whatif-preset");
      select.querySelector("option[value=loaded]")?.remove();
      select.append(el("option", { value: "loaded", text: "Loaded: " + state.loaded.name }));
      select.value = "loaded";
      fillFromPreset();
      showOptions([state.loaded.name]);
      saveUrl();
      say("Loaded " + file.name + ". Press Run to simulate it.");
      root.dataset.state = "loaded";
    } catch (error) {
      fail(error.message);
    }
  }

  // ---------- start ----------
  async function start() {
    const get = async (name) => {
      const response = await fetch(assets + name);
      if (!response.ok) {
        const error = new Error("could not load " + name + " (HTTP " + response.status + ")");
        error.missing = response.status === 404;
        throw error;
      }
      return response.json();
    };
    [state.manifest, state.form, state.presets, state.kpis] = await Promise.all(
      ["manifest.json", "form.json", "presets.json", "kpis.json"].map(get),
    );
    $("whatif-size").textContent =
      "Running the model loads Python and the simulator into this page once: " + sizeText() +
      ", from this site only. Nothing you enter leaves your computer.";
    buildForm();
    readUrl();
    root.hidden = false;
    root.dataset.state = "ready";
    if (params.get("run") === "1") startRun();
  }
  // A page that cannot start says so where the reader looks (the form stays hidden): still
  // being built under `make serve`, or what went wrong.
  start().catch((error) => {
    $("whatif-size").hidden = true;
    if (error.missing) {
      $("whatif-building").hidden = false;
      root.dataset.state = "unbuilt";
      return;
    }
    const box = $("whatif-setup-error");
    box.textContent = "The page could not set up: " + error.message + ". Reload the page; if this persists, rebuild the site (make site) and see what it reports.";
    box.hidden = false;
    root.dataset.state = "failed";
  });
})();
