// The title page's Media panel: resumable uploads with tus-js-client, the
// HLS preview player with hls.js and its audio-language menu, the scene
// strip from the storyboard, and copying delivery links. Every word shown
// comes from the page (data-msg-* attributes), already translated.
(function () {
  'use strict';

  var panel = document.getElementById('media-panel');
  if (!panel) return;
  var lang = document.documentElement.lang || 'en';

  function msg(name, values) {
    var s = panel.getAttribute('data-msg-' + name) || '';
    Object.keys(values || {}).forEach(function (k) { s = s.split('{' + k + '}').join(values[k]); });
    return s;
  }
  function percent(fraction) {
    try {
      return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: fraction < 1 ? 1 : 0 }).format(fraction);
    } catch (e) {
      return Math.round(fraction * 100) + '%';
    }
  }

  // ---- The asset list -------------------------------------------------

  function refreshList() {
    var list = document.getElementById('media-assets');
    if (!list || !window.htmx) return;
    window.htmx.ajax('GET', panel.getAttribute('data-list'), { target: '#media-assets', swap: 'outerHTML' });
  }

  // ---- Upload ---------------------------------------------------------

  var form = document.getElementById('media-upload');
  if (form && window.tus) setUpUpload(form);

  function setUpUpload(form) {
    var fileInput = form.querySelector('#media-file');
    var kind = form.querySelector('#media-kind');
    var language = form.querySelector('#media-lang');
    var button = form.querySelector('#media-start');
    var box = form.querySelector('#media-progress');
    var bar = form.querySelector('#media-bar');
    var text = form.querySelector('#media-progress-text');
    var title = form.getAttribute('data-title');
    var endpoint = form.getAttribute('data-endpoint');
    var csrf = form.getAttribute('data-csrf');
    var storage = window.tus.defaultOptions.urlStorage;

    // The same file for the same title, kind and language continues where
    // it stopped, after a reload or in another tab; another title never
    // picks up this one's upload.
    function fingerprint(file) {
      return Promise.resolve(['silkbridge', location.host, title, kind.value, language.value,
        file.name, file.type, file.size, file.lastModified].join('|'));
    }

    function show(fraction, line) {
      box.hidden = false;
      bar.value = Math.floor(fraction * 1000) / 10;
      bar.setAttribute('data-percent', String(Math.floor(fraction * 100)));
      text.textContent = line;
    }

    // Tell about uploads of this title that stopped, and how far they got.
    function listStopped() {
      var ul = form.querySelector('#media-resumable');
      if (!storage || !storage.findAllUploads) return;
      storage.findAllUploads().then(function (ups) {
        ul.textContent = '';
        ups.filter(function (u) { return u.metadata && u.metadata.title === title; }).forEach(function (u) {
          var li = document.createElement('li');
          li.textContent = msg('resume', { name: u.metadata.filename, pct: '…' });
          ul.appendChild(li);
          ul.hidden = false;
          fetch(u.uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' }, credentials: 'same-origin' })
            .then(function (res) {
              if (!res.ok) { // expired or finished elsewhere: forget it
                storage.removeUpload(u.urlStorageKey);
                li.remove();
                return;
              }
              var off = Number(res.headers.get('Upload-Offset')), len = Number(res.headers.get('Upload-Length')) || u.size;
              li.textContent = msg('resume', { name: u.metadata.filename, pct: percent(len ? off / len : 0) });
            }).catch(function () {});
        });
      }).catch(function () {});
    }
    listStopped();

    function reason(err) {
      var res = err && err.originalResponse;
      var status = res ? res.getStatus() : 0;
      var code = '';
      try { code = JSON.parse(res.getBody() || '{}').code || ''; } catch (e) { code = ''; }
      if (!code && status === 401) code = 'unauthenticated';
      if (!code && status === 403) code = 'forbidden';
      if (!code && status === 413) code = 'too_large';
      if (!code && status === 507) code = 'storage_full';
      return msg('err-' + code) || msg('err-invalid');
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var file = fileInput.files && fileInput.files[0];
      if (!file) { fileInput.focus(); return; }
      button.disabled = true;
      var upload = new window.tus.Upload(file, {
        endpoint: endpoint,
        // Chunks bound what a dropped connection costs and let the bar move.
        chunkSize: 8 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
        metadata: { title: title, kind: kind.value, filename: file.name, language: language.value },
        headers: { 'X-CSRF-Token': csrf },
        fingerprint: fingerprint,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onProgress: function (sent, total) { show(total ? sent / total : 0, msg('percent', { pct: percent(total ? sent / total : 0) })); },
        onShouldRetry: function (err, attempt, options) {
          var status = err.originalResponse ? err.originalResponse.getStatus() : 0;
          if (status >= 400 && status < 500 && status !== 409 && status !== 423) return false;
          text.textContent = msg('offline');
          return true;
        },
        onSuccess: function () {
          show(1, msg('done'));
          form.setAttribute('data-done', 'true');
          button.disabled = false;
          fileInput.value = '';
          listStopped();
          refreshList();
        },
        onError: function (err) {
          text.textContent = msg('failed', { reason: reason(err) });
          box.hidden = false;
          form.setAttribute('data-failed', 'true');
          button.disabled = false;
        }
      });
      upload.findPreviousUploads().then(function (previous) {
        if (previous.length) {
          upload.resumeFromPreviousUpload(previous[0]);
          text.textContent = msg('resuming', { pct: '…' });
          box.hidden = false;
        }
        upload.start();
      });
    });
  }

  // ---- Preview player -------------------------------------------------

  var video = document.getElementById('media-video');
  var audioSelect = document.getElementById('media-audio');
  var hls = null;
  var loadStarted = false;

  function setAudioMenu(tracks, current) {
    var label = audioSelect.closest('label');
    audioSelect.textContent = '';
    (tracks || []).forEach(function (t, i) {
      var o = document.createElement('option');
      o.value = String(i);
      // NAME from the master playlist is already in the language's own name.
      o.textContent = t.name || t.lang || String(i + 1);
      if (t.lang) o.lang = t.lang;
      if (i === current) o.selected = true;
      audioSelect.appendChild(o);
    });
    label.hidden = !tracks || tracks.length < 2;
  }

  function load(src, poster, storyboard, name) {
    if (!video) return;
    panel.querySelector('.media-player').hidden = false;
    if (hls) { hls.destroy(); hls = null; }
    loadStarted = false;
    if (poster) video.poster = poster; else video.removeAttribute('poster');
    var now = document.getElementById('media-now');
    if (name && now) {
      now.textContent = '';
      var b = document.createElement('bdi');
      b.dir = 'auto';
      b.textContent = name;
      now.appendChild(b);
    }
    if (window.Hls && window.Hls.isSupported()) {
      // No worker: the page's CSP allows scripts from this site only.
      hls = new window.Hls({ enableWorker: false, autoStartLoad: false, xhrSetup: function (xhr) { xhr.withCredentials = true; } });
      window.silkbridgeHls = hls; // for tests and the curious
      hls.on(window.Hls.Events.MANIFEST_PARSED, function () { setAudioMenu(hls.audioTracks, hls.audioTrack); });
      hls.on(window.Hls.Events.AUDIO_TRACKS_UPDATED, function () { setAudioMenu(hls.audioTracks, hls.audioTrack); });
      hls.on(window.Hls.Events.AUDIO_TRACK_SWITCHED, function (e, data) { audioSelect.value = String(data.id); });
      hls.loadSource(src);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = src; // Safari plays HLS itself
    }
    strip(storyboard);
  }

  if (video) {
    video.addEventListener('play', function () {
      if (hls && !loadStarted) { loadStarted = true; hls.startLoad(); }
    });
    audioSelect.addEventListener('change', function () {
      if (hls) hls.audioTrack = Number(audioSelect.value);
    });
    if (video.getAttribute('data-hls')) {
      load(video.getAttribute('data-hls'), video.getAttribute('poster'), video.getAttribute('data-storyboard'), '');
    }
  }

  // The storyboard is WebVTT whose cues name tiles of one sprite
  // ("sprite.jpg?sig…#xywh=x,y,w,h"): each becomes a button that seeks.
  function strip(url) {
    var ol = document.getElementById('media-strip');
    if (!ol) return;
    ol.textContent = '';
    ol.hidden = true;
    if (!url) return;
    fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.text() : ''; }).then(function (vtt) {
      var lines = vtt.split(/\r?\n/);
      for (var i = 0; i < lines.length - 1; i++) {
        var m = /^(\d+):(\d\d):(\d\d(?:\.\d+)?)\s+-->/.exec(lines[i]) || /^(\d\d):(\d\d(?:\.\d+)?)\s+-->/.exec(lines[i]);
        if (!m) continue;
        var start = m.length === 4 ? (+m[1]) * 3600 + (+m[2]) * 60 + (+m[3]) : (+m[1]) * 60 + (+m[2]);
        var ref = lines[i + 1].trim();
        var hash = ref.indexOf('#xywh=');
        if (hash < 0) continue;
        var xywh = ref.slice(hash + 6).split(',').map(Number);
        var img = new URL(ref.slice(0, hash), new URL(url, location.href)).href;
        addTile(ol, start, img, xywh);
      }
      ol.hidden = !ol.children.length;
    }).catch(function () {});
  }

  function addTile(ol, start, img, xywh) {
    var li = document.createElement('li');
    var b = document.createElement('button');
    b.type = 'button';
    b.className = 'media-tile';
    var t = Math.floor(start);
    b.textContent = Math.floor(t / 60) + ':' + String(t % 60).padStart(2, '0');
    // Set through the CSSOM: the page's CSP allows no style attributes.
    b.style.backgroundImage = 'url("' + img.replace(/"/g, '%22') + '")';
    b.style.backgroundPosition = (-xywh[0]) + 'px ' + (-xywh[1]) + 'px';
    b.style.width = xywh[2] + 'px';
    b.style.height = xywh[3] + 'px';
    b.addEventListener('click', function () {
      video.currentTime = start;
      if (video.paused) video.play();
    });
    li.appendChild(b);
    ol.appendChild(li);
  }

  // ---- Buttons in the (refreshable) asset list ------------------------

  document.addEventListener('click', function (ev) {
    var play = ev.target.closest('.media-play');
    if (play) {
      load(play.getAttribute('data-hls'), play.getAttribute('data-poster'), play.getAttribute('data-storyboard'), play.getAttribute('data-name'));
      video.scrollIntoView({ block: 'nearest' });
      video.play().catch(function () {});
      return;
    }
    var copy = ev.target.closest('.media-copy-btn');
    if (copy) {
      var input = document.getElementById(copy.getAttribute('data-copy'));
      var done = function () { copy.textContent = msg('copied'); };
      input.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand('copy'); done(); });
      } else {
        document.execCommand('copy');
        done();
      }
    }
  });
})();
