/* "Should I get this checked?" (docs/check.md). Everything happens here, in the
   reader's browser: the answers are never stored or sent, the form never
   submits, and the address never changes.

   The rules come from data/decision-aid.yml, rendered into #decision-rules.
   evaluate() has the semantics of hooks/decision_aid.py:evaluate, and the tests
   run the same scenarios through both: a rule matches when all its conditions
   hold; the most urgent outcome among the matches wins; with none, the default.
   A result is made from the page's own checklist (title, signs, advice, link),
   so it always says what the no-JavaScript page says. */
(function () {
  var form = document.getElementById("decision-aid");
  var data = document.getElementById("decision-rules");
  var result = document.getElementById("decision-result");
  if (!form || !data || !result) return;
  var logic = JSON.parse(data.textContent);

  function evaluate(answers) {
    function urgency(rule) { return logic.outcomes.indexOf(rule.outcome); }
    var matched = logic.rules.filter(function (rule) {
      return Object.keys(rule.when).every(function (id) { return answers[id] === rule.when[id]; });
    }).sort(function (a, b) { return urgency(a) - urgency(b); });
    return {
      outcome: matched.length ? matched[0].outcome : logic.default,
      rules: matched.map(function (rule) { return rule.id; })
    };
  }

  // A copy of part of the checklist without its citation and permalink markers.
  function copy(node) {
    var clone = node.cloneNode(true);
    clone.querySelectorAll(".headerlink, sup.cite").forEach(function (marker) { marker.remove(); });
    return clone;
  }

  function item(text) {
    var li = document.createElement("li");
    li.textContent = text;
    return li;
  }

  function show(outcome, nodes) {
    if (outcome) result.dataset.outcome = outcome; else delete result.dataset.outcome;
    result.replaceChildren.apply(result, nodes);
  }

  function update() {
    var answers = {}, missing = [];
    logic.questions.forEach(function (id, index) {
      var value = form.elements[id].value;
      if (value) answers[id] = value === "yes"; else missing.push(index + 1);
      document.getElementById("question-" + id).classList.toggle("decision-aid__missing", !value);
    });
    if (missing.length) {
      var message = document.createElement("p");
      message.textContent = result.dataset.missing + " " + missing.join(", ") + ".";
      show(null, [message]);
      form.elements[logic.questions[missing[0] - 1]][0].focus();
      return;
    }
    var found = evaluate(answers);
    var section = document.querySelector('.decision-aid__outcome[data-outcome="' + found.outcome + '"]');
    var view = document.getElementById("decision-result-view").content.cloneNode(true);
    function slot(name) { return view.querySelector('[data-slot="' + name + '"]'); }
    slot("title").textContent = copy(section.querySelector("h3")).textContent.trim();
    (found.rules.length
      ? found.rules.map(function (id) { return copy(document.querySelector('.decision-aid__outcome li[data-rule="' + id + '"]')); })
      : [item(result.dataset.none)]
    ).forEach(function (li) { slot("why").append(li); });
    slot("advice").append(copy(section.querySelector(".decision-aid__advice")));
    slot("more").append(copy(section.querySelector(".decision-aid__more")));
    show(found.outcome, [view]);
    result.scrollIntoView({ block: "nearest" });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    update();
  });
  // Once a result is showing, it follows every changed answer.
  form.addEventListener("change", function (event) {
    event.target.closest("fieldset").classList.remove("decision-aid__missing");
    if (result.dataset.outcome) update();
  });
  form.addEventListener("reset", function () {
    form.querySelectorAll(".decision-aid__missing").forEach(function (node) {
      node.classList.remove("decision-aid__missing");
    });
    show(null, []);
  });
})();
