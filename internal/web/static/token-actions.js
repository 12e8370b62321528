// Tokens page: revoking asks first (the question is in the form's
// data-confirm, already translated), and a new token has a copy button.
// No inline scripts: the page's CSP allows only same-origin files.
(function () {
  'use strict';
  document.addEventListener('submit', function (ev) {
    var f = ev.target;
    if (f instanceof HTMLFormElement && f.dataset.confirm && !window.confirm(f.dataset.confirm)) {
      ev.preventDefault();
    }
  });
  function copyByHand(el) {
    // Fallback for pages served over plain http, where navigator.clipboard is missing.
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    return ok;
  }
  document.addEventListener('click', function (ev) {
    var b = ev.target instanceof Element && ev.target.closest('button[data-copy]');
    if (!b) return;
    var el = document.getElementById(b.dataset.copy);
    var status = document.getElementById(b.dataset.status);
    if (!el) return;
    var say = function (ok) { if (status) status.textContent = ok ? b.dataset.copied : b.dataset.failed; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(el.textContent.trim()).then(function () { say(true); }, function () { say(copyByHand(el)); });
    } else {
      say(copyByHand(el));
    }
  });
})();
