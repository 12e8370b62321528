// Translation: the request form on the title page, and the cue-aligned
// editor. The editor saves edited cues a moment after typing stops, with
// If-Match, so two translators never overwrite each other; on 412 it says
// so and offers a reload. QC issues come back with every save and are shown
// beside each cue. Alt+↓/Alt+↑ or Ctrl+Enter move between cues.
(function () {
  const msgEl = document.getElementById('tr-messages');
  if (!msgEl) return;
  const messages = JSON.parse(msgEl.textContent);
  const msg = (code, params) => {
    let s = messages[code] || messages.generic;
    for (const [k, v] of Object.entries(params || {})) s = s.split('{' + k + '}').join(String(v));
    return s;
  };
  const problem = async (res) => {
    const body = await res.json().catch(() => ({}));
    const field = (body.errors || []).find(e => e.code) || {};
    return msg(field.code || body.code || 'generic', field.params);
  };

  const form = document.getElementById('tr-request');
  if (form) {
    const status = document.getElementById('tr-request-status');
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const src = document.getElementById('tr-source').value;
      const body = {target_language: document.getElementById('tr-target').value,
        assignee: document.getElementById('tr-assignee').value};
      const due = document.getElementById('tr-due').value;
      if (due) body.due = due;
      status.textContent = messages.sending;
      const res = await fetch('/api/v1/subtitles/' + encodeURIComponent(src) + '/translations', {method: 'POST',
        credentials: 'same-origin', headers: {'Content-Type': 'application/json', 'X-CSRF-Token': form.dataset.csrf},
        body: JSON.stringify(body)}).catch(() => null);
      if (res && res.status === 201) {
        const t = await res.json();
        location.href = '/translations/' + encodeURIComponent(t.id);
        return;
      }
      status.textContent = res ? await problem(res) : msg('generic');
      status.classList.add('error');
    });
  }

  const ed = document.getElementById('tr-editor');
  if (!ed) return;
  const rules = JSON.parse(document.getElementById('tr-rules').textContent);
  const api = '/api/v1/translations/' + encodeURIComponent(ed.dataset.task);
  const status = document.getElementById('tr-status');
  const texts = Array.from(ed.querySelectorAll('.tr-text'));
  let version = ed.dataset.version;
  const dirty = new Map(); // index → {lines} or {confirm}
  let timer = null, saving = null, conflict = false;

  const say = (text, error) => {
    status.textContent = text;
    status.classList.toggle('error', !!error);
  };
  const showConflict = () => {
    conflict = true;
    document.getElementById('tr-conflict').hidden = false;
    texts.forEach(t => { t.readOnly = true; });
  };
  document.getElementById('tr-reload').addEventListener('click', () => location.reload());

  const measure = (is) => {
    if (is.rule === 'glossary') return rules['measure.term'].split('{term}').join(is.term || '');
    const fill = (k) => rules[k].split('{value}').join(String(is.value)).split('{limit}').join(String(is.limit));
    if (['cpl', 'cps', 'lines'].includes(is.rule)) return fill('measure.count');
    if (['min_duration', 'max_duration', 'gap'].includes(is.rule)) return fill('measure.ms');
    if (is.rule === 'overlap') return fill('measure.overlap');
    return '';
  };
  // render updates each cue's issues, machine mark and the progress.
  const render = (task) => {
    version = String(task.version);
    const byCue = {};
    for (const is of (task.qc && task.qc.issues) || []) (byCue[is.cue] = byCue[is.cue] || []).push(is);
    for (const c of task.cue_list) {
      const li = ed.querySelector('.tr-cue[data-index="' + c.index + '"]');
      if (!li) continue;
      const ul = li.querySelector('.tr-issues');
      ul.replaceChildren(...(byCue[c.index] || []).map(is => {
        const x = document.createElement('li');
        x.dataset.rule = is.rule;
        const m = measure(is);
        x.textContent = (rules[is.rule] || is.rule) + (m ? ': ' + m : '');
        return x;
      }));
      li.classList.toggle('has-issues', !!byCue[c.index]);
      const machine = !!(c.flags && c.flags.machine);
      li.classList.toggle('is-machine', machine);
      if (!machine) li.querySelectorAll('.tr-machine, .tr-confirm').forEach(e => e.remove());
    }
  };

  const save = async () => {
    if (conflict || dirty.size === 0) return;
    if (saving) { await saving; return save(); }
    const cues = Array.from(dirty.entries()).map(([index, c]) => Object.assign({index: Number(index)}, c));
    dirty.clear();
    say(messages.saving);
    saving = fetch(api + '/cues', {method: 'PATCH', credentials: 'same-origin', body: JSON.stringify({cues}),
      headers: {'Content-Type': 'application/json', 'If-Match': '"v' + version + '"', 'X-CSRF-Token': ed.dataset.csrf}})
      .then(async (res) => {
        if (res.status === 200) {
          render(await res.json());
          say(messages.saved);
        } else if (res.status === 412) {
          showConflict();
          say('', false);
        } else {
          say(await problem(res), true);
        }
      }).catch(() => say(msg('generic'), true)).finally(() => { saving = null; });
    await saving;
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 700);
  };

  texts.forEach((t, i) => {
    t.addEventListener('input', () => {
      const lines = t.value.split(/\r?\n/).map(l => l.trimEnd()).filter(l => l !== '');
      dirty.set(t.dataset.index, {lines});
      schedule();
    });
    t.addEventListener('keydown', (ev) => {
      let to = -1;
      if ((ev.altKey && ev.key === 'ArrowDown') || (ev.ctrlKey && ev.key === 'Enter')) to = i + 1;
      if (ev.altKey && ev.key === 'ArrowUp') to = i - 1;
      if (to < 0 || to >= texts.length) return;
      ev.preventDefault();
      texts[to].focus();
      texts[to].closest('.tr-cue').scrollIntoView({block: 'nearest'});
    });
  });
  ed.addEventListener('click', (ev) => {
    const b = ev.target.closest('.tr-confirm');
    if (!b) return;
    const cur = dirty.get(b.dataset.index) || {};
    dirty.set(b.dataset.index, Object.assign(cur, {confirm: true}));
    save();
  });

  // Buttons of the task: machine draft and the steps. Pending edits are
  // saved first, so a step never leaves them behind.
  ed.querySelectorAll('[data-action]').forEach(b => b.addEventListener('click', async () => {
    clearTimeout(timer);
    await save();
    if (conflict) return;
    const action = b.dataset.action;
    const body = {};
    const note = document.getElementById('tr-note');
    if (action === 'request-changes' && note) body.message = note.value;
    say(action === 'machine-draft' ? messages.drafting : messages.sending);
    ed.querySelectorAll('[data-action]').forEach(x => { x.disabled = true; });
    const res = await fetch(api + '/' + action, {method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
      headers: {'Content-Type': 'application/json', 'If-Match': '"v' + version + '"', 'X-CSRF-Token': ed.dataset.csrf}})
      .catch(() => null);
    if (res && res.status === 200) {
      location.reload();
      return;
    }
    ed.querySelectorAll('[data-action]').forEach(x => { x.disabled = false; });
    if (res && res.status === 412) {
      showConflict();
      return;
    }
    say(res ? await problem(res) : msg('generic'), true);
  }));
})();
