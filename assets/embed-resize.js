// For pages that embed Folkets Fotavtrykk (optional): each frame from this script's site
// takes the height its content reports through postMessage (the protocol:
// dashboard/texts/embed.*.md). Messages from any other site are ignored.
(function () {
  if (window.fotavtrykkResize) return;  // the script may be pasted more than once
  window.fotavtrykkResize = true;
  var script = document.currentScript;
  var origin = script && script.src ? new URL(script.src, window.location.href).origin
    : window.location.origin;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "fotavtrykk:height") return;
    var height = Number(data.height);
    if (!(height > 0 && height < 100000)) return;
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.ceil(height) + "px";
        return;
      }
    }
  });
})();
