// Draws every figure's Vega or Vega-Lite specification with the vendored vega-embed, using the
// CSP-safe expression interpreter (no eval), and wires each figure's chart/table toggle.
(function () {
  function draw(view) {
    var data = document.getElementById(view.dataset.spec);
    if (!data) { return; }
    vegaEmbed(view, JSON.parse(data.textContent), {
      ast: true, expr: vega.expressionInterpreter, renderer: "svg", defaultStyle: false,
      actions: false, tooltip: { disableDefaultStyle: true }
    }).catch(function (error) { view.textContent = String(error); });
  }
  function wire(figure) {
    var button = figure.querySelector("button.toggle");
    var view = figure.querySelector(".view");
    var table = document.getElementById(figure.id + "-table");
    if (!button || !view || !table) { return; }
    button.addEventListener("click", function () {
      var showTable = table.hidden;
      table.hidden = !showTable;
      view.hidden = showTable;
      button.setAttribute("aria-expanded", String(showTable));
    });
  }
  function start() {
    document.querySelectorAll("figure.chart .view[data-spec]").forEach(draw);
    document.querySelectorAll("figure.chart").forEach(wire);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
