/* "Should I get this checked?" (docs/check.md). Everything happens here, in the
   reader's browser: the answers are never stored or sent, the form never
   submits, the address never changes, and Back never brings answers back.

   The rules come from data/triage.yml, rendered into #decision-rules.
   evaluate() has the semantics of hooks/triage.py:evaluate, and the tests run
   the same scenarios through both: "not sure" counts as the worrying answer; a
   sign applies when every condition of one of its alternatives holds; the most
   urgent level among the signs that apply is the result, and with none, the
   last level. Only the signs at the result's level are shown as the reason. */
(function () {
  var form = document.getElementById("decision-aid");
  var data = document.getElementById("decision-rules");
  var result = document.getElementById("decision-result");
  if (!form || !data || !result) return;
  var logic = JSON.parse(data.textContent);
  var EMERGENCY = logic.levels[0].id;

  function holds(conditions, answers) {
    return Object.keys(conditions).every(function (id) { return answers[id] === conditions[id]; });
  }

  function evaluate(answers) {
    var order = logic.levels.map(function (level) { return level.id; });
    var matched = logic.signs.filter(function (sign) {
      return sign.when.some(function (alternative) { return holds(alternative, answers); });
    });
    var rank = matched.reduce(function (best, sign) {
      return Math.min(best, order.indexOf(sign.level));
    }, order.length - 1);
    var level = logic.levels[rank];
    return {
      level: level,
      signs: matched.filter(function (sign) { return sign.level === level.id; }),
      advice: level.advice.concat(logic.advice).filter(function (item) { return holds(item["if"], answers); })
    };
  }

  // The reader's answers as true/false ("not sure" is the worrying answer); null when unanswered.
  function answered() {
    var answers = {}, missing = [];
    logic.order.forEach(function (id, index) {
      var value = form.elements[id].value;
      if (!value) { missing.push(index + 1); answers[id] = null; return; }
      answers[id] = value === "unsure" ? logic.questions[id] : value === "yes";
    });
    return { answers: answers, missing: missing };
  }

  function item(text) {
    var li = document.createElement("li");
    li.textContent = text;
    return li;
  }

  function show(found) {
    var view = document.getElementById("decision-result-view").content.cloneNode(true);
    function slot(name) { return view.querySelector('[data-slot="' + name + '"]'); }
    var card = slot("card");
    card.classList.add("care-card--" + found.level.card);
    card.dataset.level = found.level.id;
    card.querySelectorAll("[data-icon]").forEach(function (icon) {
      if (icon.dataset.icon !== found.level.icon) icon.remove();
    });
    slot("label").textContent = found.level.label + ":";
    slot("title").textContent = found.level.title;
    slot("action").textContent = found.level.action;
    if (found.signs.length) {
      found.signs.forEach(function (sign) { slot("why").append(item(sign.text)); });
    } else {
      slot("why").append(item(result.dataset.none));
    }
    found.advice.forEach(function (advice) { slot("advice").append(item(advice.text)); });
    if (!found.advice.length) slot("advice-lead").remove();
    slot("more").href = "#outcome-" + found.level.id;
    result.dataset.outcome = found.level.id;
    result.replaceChildren(view);
  }

  function clear() {
    delete result.dataset.outcome;
    result.replaceChildren();
  }

  function update(fromSubmit) {
    var state = answered();
    // An emergency shows the moment it is answered: nothing else can change it.
    var partial = {};
    Object.keys(state.answers).forEach(function (id) {
      partial[id] = state.answers[id] === null ? !logic.questions[id] : state.answers[id];
    });
    var early = evaluate(partial);
    if (early.level.id === EMERGENCY) { show(early); return; }
    form.querySelectorAll("fieldset").forEach(function (fieldset) {
      var name = fieldset.id.replace("question-", "");
      fieldset.classList.toggle("decision-aid__missing", fromSubmit && state.answers[name] === null);
    });
    if (state.missing.length) {
      if (!fromSubmit && !result.dataset.outcome) return;
      var message = document.createElement("p");
      message.textContent = result.dataset.missing + " " + state.missing.join(", ") + ".";
      delete result.dataset.outcome;
      result.replaceChildren(message);
      if (fromSubmit) form.elements[logic.order[state.missing[0] - 1]][0].focus();
      return;
    }
    show(evaluate(state.answers));
    if (fromSubmit) result.scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update(true);
  });
  // Answers take effect at once: an emergency shows straight away, and once a
  // result is showing it follows every changed answer.
  form.addEventListener("change", function (event) {
    event.target.closest("fieldset").classList.remove("decision-aid__missing");
    update(false);
  });
  form.addEventListener("reset", function () {
    form.querySelectorAll(".decision-aid__missing").forEach(function (node) {
      node.classList.remove("decision-aid__missing");
    });
    clear();
  });
  // Back and forward restore a page from the cache, answers included: clear them
  // so the next person holding the phone sees nothing.
  window.addEventListener("pageshow", function () {
    form.reset();
    clear();
  });
})();
