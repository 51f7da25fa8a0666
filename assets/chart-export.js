// PNG and SVG downloads of every chart and map, for print and slides. A picture travels
// without its page, so it carries the page's attribution: a title band above the chart (the
// page's heading, the section's, and the choices the view was made with, such as category
// and month, or else the first sentence of the chart's text alternative)
// and a source band below it (source and licence, release date, and the view's address),
// both copied from the page itself. The chart is plotly.js's own SVG export, placed between
// the bands; the PNG is that same SVG drawn on a canvas, so both formats carry the same text.
// What the bands say is read from the page by assets/chart-export-describe.js.
(function () {
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var PAD = 16;
  // Narrower charts (a phone) are exported at this width, readable in print.
  var MIN_WIDTH = 640;
  var STYLES = {
    title: {font: "600 18px " + FONT, size: 18, line: 24, fill: "#1a1a1a"},
    subtitle: {font: "13px " + FONT, size: 13, line: 18, fill: "#333333"},
    source: {font: "11px " + FONT, size: 11, line: 15, fill: "#333333"}
  };

  // The legend as SVG: its title, then swatches and labels in rows; returns [svg, height].
  function legendBand(legend, y, width) {
    if (!legend || !legend.items.length) return ["", 0];
    var style = STYLES.source, ctx = document.createElement("canvas").getContext("2d");
    ctx.font = style.font;
    var out = ['<text class="export-legend" x="' + PAD + '" y="' + (y + style.size) +
      '" font-family="' + escapeXml(FONT) + '" font-size="' + style.size +
      '" font-weight="600" fill="' + style.fill + '">' + escapeXml(legend.title) + "</text>"];
    var x = PAD, row = y + style.line + 2;
    legend.items.forEach(function (item) {
      var w = 14 + 6 + ctx.measureText(item.label).width + 16;
      if (x > PAD && x + w > width - PAD) { x = PAD; row += 20; }
      out.push('<rect x="' + x + '" y="' + row + '" width="14" height="14" fill="' +
        escapeXml(item.color) + '" stroke="#767676" stroke-width="0.5"/>' +
        '<text class="export-legend" x="' + (x + 20) + '" y="' + (row + 11) +
        '" font-family="' + escapeXml(FONT) + '" font-size="' + style.size + '" fill="' +
        style.fill + '">' + escapeXml(item.label) + "</text>");
      x += w;
    });
    return [out.join(""), row + 20 - y];
  }

  function wrap(line, style, width) {
    var ctx = wrap.ctx || (wrap.ctx = document.createElement("canvas").getContext("2d"));
    ctx.font = style.font;
    var out = [], current = "";
    line.split(" ").forEach(function (word) {
      var next = current ? current + " " + word : word;
      if (current && ctx.measureText(next).width > width) { out.push(current); current = word; }
      else current = next;
    });
    if (current) out.push(current);
    return out;
  }

  function escapeXml(s) {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  // Lines of one band as SVG <text> elements from `y`; returns [elements, height].
  function band(lines, y) {
    var out = [], height = 0;
    lines.forEach(function (item) {
      var style = STYLES[item.kind];
      out.push('<text class="export-' + item.kind + '" x="' + PAD + '" y="' + (y + height +
        style.size) + '" font-family="' + escapeXml(FONT) + '" font-size="' + style.size +
        '"' + (item.kind === "title" ? ' font-weight="600"' : "") + ' fill="' + style.fill +
        '">' + escapeXml(item.text) + "</text>");
      height += style.line;
    });
    return [out, height];
  }

  function lines(parts, kind, width) {
    var out = [];
    parts.filter(Boolean).forEach(function (part) {
      wrap(part, STYLES[kind], width - 2 * PAD).forEach(function (l) {
        out.push({kind: kind, text: l});
      });
    });
    return out;
  }

  // The chart with its title and source bands, as SVG text, with its size in CSS pixels.
  function decorated(gd, info) {
    var full = gd._fullLayout;
    var width = Math.max(Math.round(full.width), MIN_WIDTH), height = Math.round(full.height);
    return window.Plotly.toImage(gd, {format: "svg", width: width, height: height})
      .then(function (url) {
        var chart = decodeURIComponent(url.slice(url.indexOf(",") + 1));
        var head = band(lines([info.title], "title", width)
          .concat(lines([info.subtitle], "subtitle", width)), PAD);
        var top = PAD + head[1] + 8;
        var key = legendBand(info.legend, top + height + 4, width);
        var foot = band(lines(info.source, "source", width), top + height + 8 + key[1]);
        var total = top + height + 8 + key[1] + foot[1] + PAD;
        var svg = '<svg xmlns="http://www.w3.org/2000/svg" ' +
          'xmlns:xlink="http://www.w3.org/1999/xlink" width="' + width + '" height="' + total +
          '" viewBox="0 0 ' + width + " " + total + '"><rect width="100%" height="100%" ' +
          'fill="#ffffff"/>' + head[0].join("") +
          chart.replace(/<svg\b/, '<svg x="0" y="' + top + '"') + key[0] + foot[0].join("") +
          "</svg>";
        return {svg: svg, width: width, height: total, chartTop: top, chartHeight: height};
      });
  }

  function toPng(image, scale) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = image.width * scale;
        canvas.height = image.height * scale;
        var ctx = canvas.getContext("2d");
        ctx.fillStyle = "#ffffff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        resolve(canvas.toDataURL("image/png"));
      };
      img.onerror = reject;
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(image.svg);
    });
  }

  function filename(title, format) {
    var base = title.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9æøå]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
    return (base || "fotavtrykk") + "." + format;
  }

  // One picture of a drawn chart: {href, name, image} (image: the decorated SVG and size).
  function picture(gd, format) {
    var info = window.fotavtrykkDescribe(gd);
    return decorated(gd, info).then(function (image) {
      var name = filename(info.title, format);
      if (format === "svg") {
        var blob = new Blob([image.svg], {type: "image/svg+xml"});
        return {href: URL.createObjectURL(blob), name: name, image: image};
      }
      return toPng(image, 2).then(function (href) {
        return {href: href, name: name, image: image};
      });
    });
  }

  function save(result) {
    var a = document.createElement("a");
    a.href = result.href;
    a.download = result.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  window.fotavtrykkExport = {describe: function (gd) { return window.fotavtrykkDescribe(gd); },
                             picture: picture};

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-export]")
      : null;
    if (!button) return;
    var graph = document.getElementById(button.parentNode.getAttribute("data-export-for"));
    var gd = graph && graph.querySelector(".js-plotly-plot");
    if (!gd || !gd._fullLayout || !window.Plotly) return;
    picture(gd, button.getAttribute("data-export")).then(save);
  });

  // A bar of download buttons after every chart (dcc.Graph), added once it is on the page.
  function addBars() {
    document.querySelectorAll(".dash-graph[id]").forEach(function (graph) {
      var own = Array.prototype.filter.call(graph.parentNode.children, function (el) {
        return el.classList.contains("chart-export") &&
          el.getAttribute("data-export-for") === graph.id;
      })[0];
      // React may put a new chart where the old one was: the bar follows it
      if (own && graph.nextElementSibling !== own) {
        graph.parentNode.insertBefore(own, graph.nextSibling);
      }
      if (own) return;
      var bar = document.createElement("div");
      bar.className = "chart-export";
      bar.setAttribute("data-export-for", graph.id);
      ["png", "svg"].forEach(function (format) {
        var button = document.createElement("button");
        button.type = "button";
        button.setAttribute("data-export", format);
        button.innerHTML = '<span aria-hidden="true">⤓ </span>' + format.toUpperCase();
        bar.appendChild(button);
      });
      graph.parentNode.insertBefore(bar, graph.nextSibling);
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; addBars(); });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
