// Subtitles upload: sends the chosen file as the body of the API's import
// (as the API's own clients do), then opens the new track; a refusal is
// shown in the interface language from its code and line.
(function () {
  const form = document.getElementById('subs-upload');
  if (!form) return;
  const status = document.getElementById('subs-status');
  const messages = JSON.parse(document.getElementById('subs-messages').textContent);
  const msg = (code, params) => {
    let s = messages[code] || messages.generic;
    for (const [k, v] of Object.entries(params || {})) s = s.split('{' + k + '}').join(String(v));
    return s;
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = document.getElementById('subs-file').files[0];
    if (!file) return;
    const q = new URLSearchParams({language: document.getElementById('subs-lang').value,
      usage: document.getElementById('subs-usage').value, format: 'auto', encoding: document.getElementById('subs-encoding').value});
    status.classList.remove('error');
    status.textContent = messages.sending;
    document.getElementById('subs-start').disabled = true;
    try {
      const res = await fetch(form.dataset.endpoint + '?' + q, {method: 'POST', body: file, credentials: 'same-origin',
        headers: {'Content-Type': 'application/octet-stream', 'X-CSRF-Token': form.dataset.csrf}});
      const body = await res.json().catch(() => ({}));
      if (res.status === 201 && body.id) {
        location.href = '/subtitles/' + encodeURIComponent(body.id);
        return;
      }
      const field = (body.errors || []).find(e => e.code) || {};
      let code = field.code || body.code || 'generic';
      if (res.status === 413) code = 'too_large';
      status.textContent = msg(code, field.params);
      status.classList.add('error');
    } catch (e) {
      status.textContent = msg('generic');
      status.classList.add('error');
    } finally {
      document.getElementById('subs-start').disabled = false;
    }
  });
})();
