// An embed page in a frame tells the page around it how tall its content is, whenever that
// changes, so the host can size the frame to fit (the protocol: dashboard/texts/embed.*.md;
// assets/embed-resize.js is the host's side). Other pages, and embeds opened on their own,
// send nothing.
(function () {
  if (window.parent === window || window.location.pathname.indexOf("/embed/") !== 0) return;
  var last = 0, pending = false;
  function height() {
    var root = document.getElementById("react-entry-point") || document.body;
    var margin = parseFloat(window.getComputedStyle(document.body).marginBottom) || 0;
    return Math.ceil(root.getBoundingClientRect().bottom + window.scrollY + margin);
  }
  function post() {
    pending = false;
    var now = height();
    if (now === last || now <= 0) return;
    last = now;
    window.parent.postMessage({type: "fotavtrykk:height", height: now}, "*");
  }
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(post);
  }
  if ("ResizeObserver" in window) {
    new window.ResizeObserver(soon).observe(document.documentElement);
    var root = document.getElementById("react-entry-point");
    if (root) new window.ResizeObserver(soon).observe(root);
  }
  new MutationObserver(soon).observe(document.documentElement, {childList: true, subtree: true});
  window.addEventListener("resize", soon);
  window.addEventListener("load", soon);
  soon();
})();
