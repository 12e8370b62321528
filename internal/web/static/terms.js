// Deal terms form: add and remove instalment rows. Without script the form
// still offers one empty row per submission.
(function () {
  "use strict";
  function init() {
    document.querySelectorAll("[data-add-payment]").forEach(function (btn) {
      var set = btn.closest(".payments");
      var list = set.querySelector(".payment-rows");
      var tpl = set.querySelector("#payment-row-template");
      btn.hidden = false;
      btn.addEventListener("click", function () {
        list.appendChild(tpl.content.cloneNode(true));
        var rows = list.querySelectorAll(".payment-row");
        rows[rows.length - 1].querySelector("input").focus();
      });
      list.addEventListener("click", function (e) {
        var rm = e.target.closest("[data-remove-payment]");
        if (rm) {
          rm.closest(".payment-row").remove();
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
