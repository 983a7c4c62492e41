/* Two Hats: the trainees' tools, kept in this browser only (localStorage; nothing is sent).
 * - A page with a .checklist-kept marker: its task-list boxes can be ticked, the ticks are
 *   kept, each section shows how many are done, and a button clears them.
 * - The self-check page: each question is checked here, with feedback and a kept score. */
(function () {
  var PREFIX = "twohats:";

  function load(key) {
    try {
      return JSON.parse(window.localStorage.getItem(PREFIX + key) || "{}") || {};
    } catch (e) {
      return {};
    }
  }
  function save(key, value) {
    try {
      window.localStorage.setItem(PREFIX + key, JSON.stringify(value));
      return true;
    } catch (e) {
      return false; // storage off (a private window): the page still works, nothing is kept
    }
  }
  function hash(text) {
    var h = 5381;
    for (var i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
    return h.toString(36);
  }
  function words(node) {
    return node.textContent.replace(/\s+/g, " ").trim();
  }

  // ---------- checklists ----------
  function checklists(root) {
    var marker = root.querySelector(".checklist-kept");
    if (!marker || marker.dataset.ready) return;
    marker.dataset.ready = "1";
    var key = "checklist:" + marker.dataset.key;
    var ticks = load(key);
    var status = marker.querySelector(".checklist-status");
    var content = marker.closest(".md-content") || document;
    var tabs = Array.prototype.slice.call(content.querySelectorAll(".tabbed-block"));
    var sections = [];

    content.querySelectorAll("h3").forEach(function (heading) {
      var list = heading.nextElementSibling;
      if (!list || !list.classList.contains("task-list")) return;
      var block = heading.closest(".tabbed-block");
      var where = (block ? tabs.indexOf(block) : "") + ":" + heading.id;
      var boxes = [];
      list.querySelectorAll(":scope > .task-list-item").forEach(function (item) {
        var box = item.querySelector("input[type=checkbox]");
        if (!box) return;
        box.disabled = false;
        box.removeAttribute("disabled");
        box.dataset.key = where + ":" + hash(words(item));
        box.checked = !!ticks[box.dataset.key];
        box.addEventListener("change", function () {
          if (box.checked) ticks[box.dataset.key] = true;
          else delete ticks[box.dataset.key];
          var kept = save(key, ticks);
          update();
          if (!kept) status.textContent = "This browser is not keeping data, so the ticks will be lost on reload.";
        });
        boxes.push(box);
      });
      var progress = document.createElement("p");
      progress.className = "checklist-progress";
      progress.id = "progress-" + heading.id;
      list.setAttribute("aria-describedby", progress.id);
      heading.insertAdjacentElement("afterend", progress);
      sections.push({ boxes: boxes, progress: progress });
    });

    function update() {
      sections.forEach(function (s) {
        var done = s.boxes.filter(function (b) { return b.checked; }).length;
        s.progress.textContent = done + " of " + s.boxes.length + " done";
        s.progress.classList.toggle("checklist-complete", done === s.boxes.length);
      });
    }
    var reset = marker.querySelector(".checklist-reset");
    reset.hidden = false;
    reset.addEventListener("click", function () {
      ticks = {};
      save(key, ticks);
      sections.forEach(function (s) { s.boxes.forEach(function (b) { b.checked = false; }); });
      update();
      status.textContent = "Your ticks on this page are cleared.";
    });
    update();
  }

  // ---------- self-check ----------
  function normalise(text) {
    return text.toLowerCase().replace(/[\s$%]/g, "");
  }
  function selfCheck(root) {
    var questions = Array.prototype.slice.call(root.querySelectorAll(".self-check"));
    var score = root.querySelector("#self-check-score");
    if (!questions.length || !score || score.dataset.ready) return;
    score.dataset.ready = "1";
    var key = "self-check";
    var answers = load(key);

    function given(q) {
      if (q.dataset.kind === "text") return q.querySelector(".self-check-text").value.trim();
      var chosen = q.querySelector("input[type=radio]:checked");
      return chosen ? chosen.value : "";
    }
    function isRight(q, answer) {
      if (q.dataset.kind === "text") return JSON.parse(q.dataset.answer).indexOf(normalise(answer)) >= 0;
      return answer === q.dataset.answer;
    }
    function show(q, answer, right) {
      var feedback = q.querySelector(".self-check-feedback");
      feedback.textContent = right
        ? "Right."
        : "Not quite: " + (q.dataset.kind === "text" ? "you typed \u201c" + answer + "\u201d. " : "") + "The answer is below.";
      feedback.className = "self-check-feedback " + (right ? "self-check-right" : "self-check-wrong");
      var details = q.nextElementSibling;
      if (details && details.tagName === "DETAILS") details.open = true;
    }
    function tally() {
      var ids = questions.map(function (q) { return q.id; });
      var done = ids.filter(function (id) { return answers[id]; });
      var right = done.filter(function (id) { return answers[id].right; });
      score.textContent = done.length
        ? "Score: " + right.length + " right of " + done.length + " answered (" + ids.length + " questions)."
        : "Score: none answered yet (" + ids.length + " questions).";
    }
    questions.forEach(function (q) {
      var button = q.querySelector(".self-check-submit");
      button.hidden = false;
      function check() {
        var answer = given(q);
        var feedback = q.querySelector(".self-check-feedback");
        if (!answer) {
          feedback.textContent = q.dataset.kind === "text" ? "Type an answer first." : "Choose an answer first.";
          feedback.className = "self-check-feedback";
          return;
        }
        var right = isRight(q, answer);
        answers[q.id] = { answer: answer, right: right };
        save(key, answers);
        show(q, answer, right);
        tally();
      }
      button.addEventListener("click", check);
      var text = q.querySelector(".self-check-text");
      if (text) {
        text.addEventListener("keydown", function (event) {
          if (event.key === "Enter") {
            event.preventDefault();
            check();
          }
        });
      }
      var kept = answers[q.id];
      if (kept) {
        if (text) text.value = kept.answer;
        else {
          var box = q.querySelector('input[type=radio][value="' + kept.answer + '"]');
          if (box) box.checked = true;
        }
        show(q, kept.answer, kept.right);
      }
    });
    var reset = root.querySelector("#self-check-reset");
    reset.hidden = false;
    reset.addEventListener("click", function () {
      answers = {};
      save(key, answers);
      questions.forEach(function (q) {
        q.querySelectorAll("input[type=radio]").forEach(function (b) { b.checked = false; });
        var text = q.querySelector(".self-check-text");
        if (text) text.value = "";
        var feedback = q.querySelector(".self-check-feedback");
        feedback.textContent = "";
        feedback.className = "self-check-feedback";
        var details = q.nextElementSibling;
        if (details && details.tagName === "DETAILS") details.open = false;
      });
      tally();
    });
    tally();
  }

  function setUp() {
    checklists(document);
    selfCheck(document);
  }
  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
