// What a chart picture says about itself (assets/chart-export.js draws it), read from the
// page around the chart at download time: title, the view's current choices, the map's
// legend, and the source, licence, release and address from the page's footer.
(function () {
  function text(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }

  // What the picture says about itself, read from the page around the chart.
  function describe(gd) {
    var figure = gd.closest("figure"), main = document.querySelector("main") || document.body;
    var h1 = text(main.querySelector("h1")), h2 = text(heading(figure || gd, main));
    var caption = figure ? text(figure.querySelector("figcaption")) : "";
    var embedded = !!document.querySelector(".embed-title");  // its title says it all
    var footer = document.querySelector(".embed-footer, .site-footer");
    var lines = footer ? Array.prototype.slice.call(footer.querySelectorAll("p"), 0, 2)
      .map(text).filter(Boolean) : [];
    return {
      legend: legendOf(gd, figure || gd, main),
      title: h2 && h2 !== h1 ? h1 + " – " + h2 : h1,
      subtitle: embedded ? "" : choices(gd, main) || caption.split(/\.\s/)[0].replace(/\.$/, ""),
      source: lines.concat([window.location.href])
    };
  }

  // The view's current choices as shown: the pressed toggle buttons (components.controls.choice)
  // and month outputs of the chart's section, else of the page's controls. Read at download
  // time, so a picture says what the chart shows now, whatever was chosen since the page loaded.
  function choices(gd, main) {
    var section = gd.closest("section"), pressed = ".pill[aria-pressed='true']";
    // a section without choices of its own shows what the page's controls do not choose
    var scope = section ? (section.querySelector(pressed) ? section : null)
      : main.querySelector(".controls") || main;
    if (!scope) return "";
    return Array.prototype.filter.call(
      scope.querySelectorAll(pressed + ", output"),
      function (el) { return el.offsetParent !== null; }).map(text).filter(Boolean).join(" · ");
  }

  // The heading the chart sits under: the nearest h2 before it or before one of its parents.
  function heading(el, main) {
    for (; el && el !== main; el = el.parentElement) {
      for (var sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
        if (sib.tagName === "H2") return sib;
      }
    }
    return null;
  }

  // A map's legend is HTML beside it (components.controls.legend): its swatches and labels.
  function legendOf(gd, from, main) {
    if (!(gd.data || []).some(function (t) { return t.type === "choropleth"; })) return null;
    var scope = from;
    while (scope && scope !== main && !scope.querySelector(".legend")) scope = scope.parentElement;
    var legend = scope && scope.querySelector(".legend");
    if (!legend) return null;
    return {title: text(legend.querySelector(".legend-title")),
            items: Array.prototype.map.call(legend.querySelectorAll("li"), function (li) {
              var swatch = li.querySelector(".swatch");
              return {color: swatch ? swatch.style.backgroundColor : "#ccc", label: text(li)};
            })};
  }


  window.fotavtrykkDescribe = describe;
})();
