// Live inbox: the server says "changed" over Server-Sent Events; the table body is re-fetched as server-encoded HTML.
(function () {
  var body = document.getElementById('inbox-rows');
  if (!body || !window.EventSource) { return; }
  var source = new EventSource('/events');
  source.addEventListener('changed', function () {
    fetch('/inbox/rows' + window.location.search, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null) {
          body.innerHTML = html;
          var live = document.getElementById('live');
          if (live) { live.textContent = 'Updated ' + new Date().toLocaleTimeString(); }
        }
      });
  });
})();
