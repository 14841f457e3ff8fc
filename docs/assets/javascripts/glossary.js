/* Glossary terms reach every page as <abbr title="definition"> (hooks/glossary.py).
   Material's tooltips (feature content.tooltips, checked with Material 9.8.2) show
   the definition when the pointer is over a term or a tap lands on it, and when
   the term has keyboard focus; but an <abbr> cannot take focus on its own. So:

   - the first appearance of each term on a page joins the Tab order. Later
     appearances still show the definition on hover or tap; making every one
     focusable would add dozens of Tab stops to a long page.
   - Escape hides an open definition without moving focus or the pointer
     (WCAG 2.2, 1.4.13 Content on Hover or Focus). */
document$.subscribe(function () {
  var seen = new Set();
  document.querySelectorAll(".md-content abbr[title]").forEach(function (term) {
    if (seen.has(term.title)) return;
    seen.add(term.title);
    term.tabIndex = 0;
  });
});

document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll('.md-tooltip2--active[role="tooltip"]').forEach(function (tip) {
    tip.classList.remove("md-tooltip2--active");
  });
});
