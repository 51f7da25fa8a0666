// Copy buttons and preview widths of the embed builder (dashboard/pages/embed_builder.py).
// A button with data-copy="<textarea id>" copies that box's text and says so in
// "<id>-status" (a live region). A button works from the keyboard as from the mouse; without
// the clipboard API the box's text is selected and copied the older way, or the reader is
// told to copy it.
(function () {
  function say(status, text) {
    if (!status) return;
    status.textContent = "";
    // cleared first, so a second copy is announced again
    window.setTimeout(function () { status.textContent = text; }, 30);
  }
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var id = button.getAttribute("data-copy");
    var box = document.getElementById(id), status = document.getElementById(id + "-status");
    if (!box) return;
    function fallback() {
      box.focus();
      box.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (err) { copied = false; }
      say(status, button.getAttribute(copied ? "data-copied" : "data-copy-failed"));
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(box.value).then(function () {
        say(status, button.getAttribute("data-copied"));
      }, fallback);
    } else {
      fallback();
    }
  });
})();

// The builder's preview widths: a button with data-preview-width shows the preview frame that
// wide (0: the page's width), so a journalist sees the embed as a phone reader will.
document.addEventListener("click", function (event) {
  var button = event.target && event.target.closest ?
    event.target.closest("[data-preview-width]") : null;
  var frame = document.querySelector(".embed-preview");
  if (!button || !frame) return;
  var width = Number(button.getAttribute("data-preview-width"));
  frame.style.width = width ? width + "px" : "";
  button.parentNode.querySelectorAll("[data-preview-width]").forEach(function (b) {
    b.setAttribute("aria-pressed", b === button ? "true" : "false");
    b.classList.toggle("on", b === button);
  });
});
