// The stats page: polls /_stats every second, updates the numbers and draws hits vs renders per second.
(function () {
  var root = document.getElementById('stats');
  if (!root) { return; }
  var url = root.getAttribute('data-url');
  var canvas = document.getElementById('chart');
  var ctx = canvas.getContext('2d');
  var points = [];
  var last = null;

  function draw() {
    var w = canvas.width, h = canvas.height, pad = 28;
    ctx.clearRect(0, 0, w, h);
    var max = 4;
    points.forEach(function (p) { max = Math.max(max, p.hits, p.renders); });
    max = Math.ceil(max / 4) * 4;
    ctx.strokeStyle = '#e4e7eb'; ctx.fillStyle = '#616e7c'; ctx.font = '12px sans-serif';
    for (var i = 0; i <= 4; i++) {
      var y = pad + (h - 2 * pad) * i / 4;
      ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(w - 4, y); ctx.stroke();
      ctx.fillText(String(Math.round(max * (4 - i) / 4)), 2, y + 4);
    }
    function line(key, color) {
      ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.beginPath();
      points.forEach(function (p, i) {
        var x = pad + (w - pad - 4) * i / 59;
        var y = h - pad - (h - 2 * pad) * p[key] / max;
        if (i === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
      });
      ctx.stroke();
    }
    line('hits', '#1f6f50');
    line('renders', '#d9822b');
  }

  function update(stats) {
    document.querySelectorAll('[data-key]').forEach(function (el) {
      var key = el.getAttribute('data-key');
      if (key in stats) { el.textContent = stats[key]; }
    });
    document.getElementById('cache-state').textContent = stats.cache;
    if (last) {
      points.push({ hits: Math.max(0, stats.pageHits - last.pageHits),
                    renders: Math.max(0, stats.pageRenders - last.pageRenders) });
      if (points.length > 60) { points.shift(); }
    }
    last = stats;
    draw();
  }

  function poll() {
    fetch(url, { cache: 'no-store' }).then(function (r) { return r.json(); }).then(update)
      .catch(function () { /* the next poll tries again */ });
  }
  poll();
  setInterval(poll, 1000);
})();
