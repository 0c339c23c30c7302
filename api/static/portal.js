// Progressive enhancement only: every page works without this file.
// On a narrow screen the filter panel starts folded, so that the results come first; it opens with one tap.
(function () {
  var panel = document.getElementById("filter-panel");
  if (panel && window.matchMedia("(max-width: 47.99rem)").matches) {
    panel.removeAttribute("open");
  }
})();
