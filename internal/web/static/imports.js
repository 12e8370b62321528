// Avails import form: the browser's own file button speaks the browser's
// language, not the page's, so with script the page shows its own button and
// the chosen file's name. Without script the native control stays.
(function () {
  "use strict";
  function init(root) {
    root.querySelectorAll("[data-file-picker]").forEach(function (box) {
      if (box.dataset.ready) {
        return;
      }
      box.dataset.ready = "1";
      var input = box.querySelector("input[type=file]");
      var pick = box.querySelector(".file-pick");
      var name = box.querySelector("[data-file-name]");
      input.classList.add("vh");
      pick.hidden = false;
      input.addEventListener("change", function () {
        name.textContent = input.files.length ? input.files[0].name : name.dataset.none;
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (e) { init(e.target); });
})();
