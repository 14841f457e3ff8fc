/* Glossary terms reach every page as <abbr title="definition"> (hooks/glossary.py).
   Without JavaScript the browser shows the title on hover. With it, this shows the
   definition in a box under the term when the pointer rests on it, a tap lands on
   it, or it has keyboard focus.

   One listener per event for the whole page, so a long page costs nothing while
   it loads. (Material's own tooltips, feature content.tooltips, set up every term
   and heading link one by one: a third of a second of a phone's time on the Q&A
   page before it could respond.)

   - The first appearance of each term joins the Tab order. Later appearances
     still open on hover or tap; making every one focusable would add dozens of
     Tab stops to a long page.
   - WCAG 2.2, 1.4.13 Content on Hover or Focus: the pointer can move onto the
     box without it closing; it stays until the pointer leaves, focus moves or
     the reader taps elsewhere; Escape hides it without moving focus.
   - While the box shows, the term's title moves to the box (aria-describedby),
     so the browser's own tooltip does not show as well. */
(function () {
  var TERMS = ".md-content abbr[title], .md-content abbr[data-definition]";
  var seen = new Set();
  document.querySelectorAll(".md-content abbr[title]").forEach(function (term) {
    if (seen.has(term.title)) return;
    seen.add(term.title);
    term.tabIndex = 0;
  });
  if (!seen.size) return;

  var box = document.createElement("div");
  box.id = "glossary-definition";
  box.className = "glossary-definition";
  box.setAttribute("role", "tooltip");
  box.hidden = true;
  document.body.appendChild(box);
  // How the shown box opened ("hover", "focus" or "tap"): only a box the pointer
  // opened closes when the pointer moves elsewhere, so a mouse resting on another
  // part of the screen cannot close a definition that a tap or Tab opened.
  var shown = null, shownBy = null, hideTimer = 0;

  function show(term, by) {
    clearTimeout(hideTimer);
    if (shown === term) {
      // A tap sends a mouseover before its focus and click: they make the box stay.
      if (by !== "hover") shownBy = by;
      return;
    }
    hide();
    shown = term;
    shownBy = by;
    term.dataset.definition = term.title;
    term.removeAttribute("title");
    term.setAttribute("aria-describedby", box.id);
    box.textContent = term.dataset.definition;
    box.hidden = false;
    place(term);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (!shown) return;
    shown.title = shown.dataset.definition;
    delete shown.dataset.definition;
    shown.removeAttribute("aria-describedby");
    shown = null;
    shownBy = null;
    box.hidden = true;
  }

  // Under the term, or over it when there is no room below; never past the sides.
  function place(term) {
    var rect = term.getBoundingClientRect(), gap = 6;
    var width = box.offsetWidth, height = box.offsetHeight;
    var left = Math.min(Math.max(8, rect.left), document.documentElement.clientWidth - width - 8);
    var top = rect.bottom + gap;
    if (top + height > window.innerHeight && rect.top - gap - height > 0) top = rect.top - gap - height;
    box.style.left = Math.max(8, left) + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function termOf(node) {
    return node instanceof Element ? node.closest(TERMS) : null;
  }

  document.addEventListener("mouseover", function (event) {
    var term = termOf(event.target);
    if (term) show(term, "hover");
    else if (shownBy === "hover" && !box.contains(event.target)) hideTimer = setTimeout(hide, 300);
  });
  box.addEventListener("mouseover", function () { clearTimeout(hideTimer); });
  document.addEventListener("focusin", function (event) {
    var term = termOf(event.target);
    if (term) show(term, "focus");
    else hide();
  });
  document.addEventListener("focusout", function (event) {
    if (event.target === shown) hide();
  });
  document.addEventListener("click", function (event) {
    var term = termOf(event.target);
    if (term) show(term, "tap");
    else if (!box.contains(event.target)) hide();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") hide();
  });
  window.addEventListener("resize", hide);
})();
