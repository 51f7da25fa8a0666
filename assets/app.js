// Client-side callbacks: URL state, map clicks and the period player (no server round trip).
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  fotavtrykk: {
    // The front page's view in its URL (replaceState: no reload, no history spam), and the
    // language switch, CSV and embed links pointing at the same view.
    syncHomeUrl: function (level, city, category, index, sort, months, lang) {
      var ns = window.dash_clientside.fotavtrykk;
      var query = ns.viewQuery({level: level, city: city, category: category,
                                period: months && months[index], sort: sort});
      var qs = new URLSearchParams(query).toString();
      var here = lang === "en" ? new URLSearchParams(Object.assign({}, query, {lang: "en"}))
        .toString() : qs;
      return [ns.syncQuery(query, lang), "/data/kart.csv" + (qs ? "?" + qs : ""),
              "/bygg-inn" + (here ? "?" + here : "")];
    },
    // The area a tap or click on the front page map landed on: only its code goes to the
    // server (the whole clickData is deeper than dashboard/inputs.py lets a request be).
    pickedArea: function (clickData) {
      var points = clickData && clickData.points;
      if (!points || !points.length) return window.dash_clientside.no_update;
      return String(points[0].location || "");
    },
    // layout.lazy_graph: mount the dcc.Graph once its slot has been seen.
    lazyGraph: function (visible, stored) {
      if (!visible || !stored) return window.dash_clientside.no_update;
      var slot = window.dash_clientside.callback_context.outputs_list.id;
      return {namespace: "dash_core_components", type: "Graph",
              props: {id: slot.replace(/-slot$/, ""), figure: stored.figure, config: stored.config}};
    },
    togglePlay: function (clicks, disabled, playText, pauseText) {
      var playing = disabled;  // it was stopped, so now it plays
      return [!playing, playing ? pauseText : playText, playing ? "true" : "false"];
    },
    nextMonth: function (n, value, max) {
      return value >= max ? 0 : value + 1;
    },
    // Other pages: each Input or State is a view field named by its id's tail ("k-category"
    // holds `category`, "c-compare" holds `compare`); the view goes into the URL.
    syncView: function () {
      var ctx = window.dash_clientside.callback_context;
      var fields = {}, lang = "nb", args = arguments;
      ctx.inputs_list.concat(ctx.states_list).forEach(function (item, i) {
        var field = String(item.id).split("-").slice(1).join("-");
        if (field === "lang") lang = args[i]; else fields[field] = args[i];
      });
      var ns = window.dash_clientside.fotavtrykk;
      return ns.syncQuery(ns.viewQuery(fields), lang);
    },
    // A view's URL parameters, encoded by the table dashboard/state.py sends with the page
    // (window.fotavtrykkView): defaults left out, lists joined with commas.
    viewQuery: function (fields) {
      var spec = window.fotavtrykkView, query = {};
      Object.keys(spec.params).forEach(function (name) {
        var param = spec.params[name], value = fields[name];
        if (value === undefined || value === null) return;
        if (Array.isArray(value)) value = value.slice(0, spec.maxCompare).join(",");
        if (param.onlyWith.length) {
          if (fields[param.onlyWith[0]] !== param.onlyWith[1]) return;
        } else if (value === "" || value === param.default) return;
        query[param.name] = String(value);
      });
      return query;
    },
    // Keep a view's query in the URL; the language switch's link to the same view.
    syncQuery: function (query, lang) {
      var params = new URLSearchParams(query || {});
      var other = new URLSearchParams(params);
      if (lang === "en") params.set("lang", "en"); else other.set("lang", "en");
      var qs = params.toString();
      window.history.replaceState(window.history.state, "", window.location.pathname + (qs ? "?" + qs : ""));
      var oqs = other.toString();
      return window.location.pathname + (oqs ? "?" + oqs : "");
    }
  }
});

// The period's range input (controls.period_control) carries no accessible name: give it the
// one its wrapper names (data-slider-label) and announce the month it stands on.
(function () {
  function label() {
    document.querySelectorAll("[data-slider-label] input[type=range]").forEach(function (thumb) {
      var wrap = thumb.closest("[data-slider-label]");
      var name = wrap.getAttribute("data-slider-label");
      if (thumb.getAttribute("aria-label") !== name) thumb.setAttribute("aria-label", name);
      var out = document.getElementById(wrap.getAttribute("data-slider-valuetext") || "");
      if (out && thumb.getAttribute("aria-valuetext") !== out.textContent) {
        thumb.setAttribute("aria-valuetext", out.textContent);
      }
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; label(); });
  }).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
})();

// Charts that mount when they come into view (or at once without IntersectionObserver):
// the front page's map (#home-map-slot) and layout.lazy_graph slots (data-lazy-graph).
// Phones show the numbers before plotly.js does any drawing: a chart whose top edge
// only peeks above the bottom of the screen waits until a fifth of it is in view (its
// height is reserved, so nothing moves when it draws).
(function () {
  function show(el) {
    var id = el.id === "home-map-slot" ? "home-map" : el.getAttribute("data-lazy-graph");
    try {
      window.dash_clientside.set_props(id + "-visible", {data: true});
    } catch (err) {
      // The slot came from the page the server sent and Dash has not taken over yet (with
      // cached scripts it can come into view first): Dash's own copy replaces it shortly
      // and is observed in its turn, so this one is simply left.
    }
  }
  var io = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting && e.intersectionRatio >= 0.2) { io.unobserve(e.target); show(e.target); }
    });
  }, {threshold: [0, 0.2]}) : null;
  new MutationObserver(function () {
    document.querySelectorAll("#home-map-slot:not([data-seen]), [data-lazy-graph]:not([data-seen])")
      .forEach(function (el) {
        el.setAttribute("data-seen", "1");
        if (io) io.observe(el); else show(el);
      });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();

// Frames are made when their box nears the viewport (data-lazy-frame): a frame, even an
// empty one, builds a document the page would pay for before it is seen.
(function () {
  var io = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) { if (e.isIntersecting) load(e.target); });
  }, {rootMargin: "200px"}) : null;
  function load(box) {
    if (io) io.unobserve(box);
    if (box.querySelector("iframe")) return;
    var frame = document.createElement("iframe");
    frame.title = box.getAttribute("data-title") || "";
    frame.src = box.getAttribute("data-lazy-frame");
    box.appendChild(frame);
  }
  new MutationObserver(function () {
    document.querySelectorAll("[data-lazy-frame]:not([data-lazy-watched])").forEach(function (b) {
      b.setAttribute("data-lazy-watched", "1");
      if (io) io.observe(b); else load(b);
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();

// dashboard/markup.py's Markup: server-built, escaped HTML drawn by one React element
// instead of a Dash component per table cell.
window.fotavtrykk_markup = {
  Markup: function (props) {
    return window.React.createElement(props.tag || "div", {
      id: props.id, className: props.className, dangerouslySetInnerHTML: {__html: props.html || ""}
    });
  }
};

// dashboard/markup.py's Range: the browser's own range input. Its value goes to Dash a
// moment after the last move (a drag or held arrow key asks the server once); a value set
// from outside (the player) moves it.
window.fotavtrykk_markup.Range = function (props) {
  var React = window.React, ref = React.useRef(null), timer = React.useRef(null);
  React.useEffect(function () {
    if (ref.current && Number(ref.current.value) !== props.value) ref.current.value = props.value;
  }, [props.value]);
  return React.createElement("input", {
    id: props.id, type: "range", ref: ref, className: props.className, min: props.min,
    max: props.max, step: props.step, defaultValue: props.value,
    onChange: function (event) {
      var value = Number(event.target.value);
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(function () { props.setProps({value: value}); }, 300);
    }
  });
};

// The front page map's zoom buttons (dashboard/components/map_panel.py). The map zooms within
// its own bounds (geo.projection minscale/maxscale); once zoomed in, a drag or a finger pans
// it, and at the whole map a finger scrolls the page again, as a phone user expects.
(function () {
  var STEP = 2;
  function zoom(action) {
    var gd = document.querySelector("#home-map .js-plotly-plot");
    if (!gd || !window.Plotly || !gd._fullLayout || !gd._fullLayout.geo) return;
    var proj = gd._fullLayout.geo.projection, now = proj.scale || 1;
    var scale = action === "in" ? now * STEP : action === "out" ? now / STEP : 1;
    scale = Math.min(Math.max(scale, proj.minscale || 1), proj.maxscale || 16);
    var update = {"geo.projection.scale": scale, dragmode: scale > 1 ? "pan" : false};
    var home = gd.layout.meta && gd.layout.meta.home;
    var pick = gd.layout.meta && gd.layout.meta.pick;
    if (action === "in" && now === 1 && pick) {  // from the whole map to the area tapped
      update["geo.center.lon"] = pick.lon;
      update["geo.center.lat"] = pick.lat;
      update["geo.projection.rotation.lon"] = pick.lon;
    }
    if (scale === 1 && home) {  // the whole map again, however far it was panned
      update["geo.center.lon"] = home.lon;
      update["geo.center.lat"] = home.lat;
      update["geo.projection.rotation.lon"] = home.lon;
    }
    window.Plotly.relayout(gd, update);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-map-zoom]");
    if (button) zoom(button.getAttribute("data-map-zoom"));
  });
})();

// Toggle-button groups (controls.choice): server-built buttons in one element, so a click is
// read here. The pressed button moves only once Dash has taken the store's new value (a
// click on the page the server sent, before Dash renders its own, changes nothing).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-choice] button.pill");
  if (!button) return;
  var group = button.closest("[data-choice]");
  try {
    window.dash_clientside.set_props(group.getAttribute("data-choice"), {data: button.value});
  } catch (err) {
    return;
  }
  group.querySelectorAll("button.pill").forEach(function (b) {
    var on = b === button;
    b.classList.toggle("on", on);
    b.setAttribute("aria-pressed", on ? "true" : "false");
  });
});
