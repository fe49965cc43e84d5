// jobminer report: draws the page from the embedded data. No network, no
// libraries. Errors are written into the page (#errors) so that a headless
// browser test sees them in the DOM; a finished drawing sets data-ok="1".
(function () {
  "use strict";
  function fail(msg) {
    var box = document.getElementById("errors");
    if (!box) { return; }
    box.hidden = false;
    box.className = "errors js-error";
    box.textContent += String(msg) + "\n";
    document.body.setAttribute("data-ok", "0");
  }
  window.onerror = function (msg, src, line) { fail(msg + " (line " + line + ")"); return true; };

  var D, L;
  var FORCES = ["struggle", "progress", "anxiety", "habit"];
  var COLOR = { struggle: "#D55E00", progress: "#0072B2", anxiety: "#CC79A7", habit: "#555555" };
  var DASH = { struggle: "", progress: "6 3", anxiety: "2 3", habit: "9 3 2 3" };

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function t(key, vars) {
    var s = L[key] !== undefined ? L[key] : key;
    if (vars) { Object.keys(vars).forEach(function (k) { s = s.split("{" + k + "}").join(vars[k]); }); }
    return s;
  }
  var locale = document.documentElement.lang === "nl" ? "nl-NL" : "en-GB";
  function num(x, digits) {
    return Number(x).toLocaleString(locale, { maximumFractionDigits: digits === undefined ? 2 : digits });
  }
  function int(x) { return Number(x).toLocaleString(locale); }
  function el(tag, attrs, html) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (html !== undefined) { e.innerHTML = html; }
    return e;
  }
  function swatch(f) {
    return '<svg class="sw" viewBox="0 0 12 12" aria-hidden="true" focusable="false"><rect x="0.5" y="0.5" width="11" height="11" fill="url(#p-' +
      esc(f) + ')" stroke="#333"/></svg>';
  }

  // forcesSVG draws the forces of progress to scale: push (struggle) and
  // pull (progress) arrows point right at the switch line, anxiety and habit
  // arrows point left against it. One scale per picture: the longest arrow
  // is the largest force; each arrow carries its label and value.
  function forcesSVG(v, title) {
    var W = 560, H = 166, mid = W / 2, maxLen = mid - 24;
    var max = Math.max(v.struggle, v.progress, v.anxiety, v.habit, 0.0001);
    var rows = [
      { f: "struggle", lab: t("push") + ": " + t("struggle"), y: 56, dir: 1 },
      { f: "progress", lab: t("pull") + ": " + t("progress"), y: 118, dir: 1 },
      { f: "anxiety", lab: t("anxiety"), y: 56, dir: -1 },
      { f: "habit", lab: t("habit"), y: 118, dir: -1 }
    ];
    var s = '<svg viewBox="0 0 ' + W + " " + H + '" role="img" aria-label="' + esc(title + ": " +
      FORCES.map(function (f) { return t(f) + " " + num(v[f]); }).join(", ")) + '">';
    s += '<text x="' + (mid - 8) + '" y="13" text-anchor="end" font-weight="600">' + esc(t("driving")) + " →</text>";
    s += '<text x="' + (mid + 8) + '" y="13" font-weight="600">← ' + esc(t("holding")) + "</text>";
    rows.forEach(function (r) {
      var val = v[r.f] || 0, len = Math.max(val / max * maxLen, 0), th = 18, head = Math.min(12, len);
      var x0, pts;
      if (r.dir > 0) { // from the left towards the switch line
        x0 = mid - 3 - len;
        pts = [[x0, r.y - th / 2], [mid - 3 - head, r.y - th / 2], [mid - 3 - head, r.y - th / 2 - 5], [mid - 3, r.y],
          [mid - 3 - head, r.y + th / 2 + 5], [mid - 3 - head, r.y + th / 2], [x0, r.y + th / 2]];
      } else { // from the right, pushing back at the switch line
        x0 = mid + 3 + len;
        pts = [[x0, r.y - th / 2], [mid + 3 + head, r.y - th / 2], [mid + 3 + head, r.y - th / 2 - 5], [mid + 3, r.y],
          [mid + 3 + head, r.y + th / 2 + 5], [mid + 3 + head, r.y + th / 2], [x0, r.y + th / 2]];
      }
      if (len > 0.5) {
        s += '<polygon points="' + pts.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" ") +
          '" fill="url(#p-' + r.f + ')" stroke="' + COLOR[r.f] + '" stroke-width="1.5"><title>' +
          esc(r.lab + ": " + num(val)) + "</title></polygon>";
      }
      var lx = r.dir > 0 ? mid - 8 : mid + 8;
      s += '<text class="lbl" x="' + lx + '" y="' + (r.y - th / 2 - 6) + '"' + (r.dir > 0 ? ' text-anchor="end"' : "") + ">" +
        esc(r.lab) + " " + esc(num(val)) + "</text>";
    });
    s += '<line x1="' + mid + '" y1="22" x2="' + mid + '" y2="' + (H - 14) + '" stroke="#1a1a1a" stroke-width="2.5"/>';
    s += '<text x="' + mid + '" y="' + (H - 2) + '" text-anchor="middle" font-weight="600">' + esc(t("switch")) + "</text>";
    return s + "</svg>";
  }

  function table(caption, heads, rows, numeric) {
    var s = "<table><caption>" + esc(caption) + "</caption><thead><tr>";
    heads.forEach(function (h, i) { s += '<th scope="col"' + (numeric[i] ? ' class="n"' : "") + ">" + h + "</th>"; });
    s += "</tr></thead><tbody>";
    rows.forEach(function (r) {
      s += "<tr>" + r.map(function (c, i) { return "<td" + (numeric[i] ? ' class="n"' : "") + ">" + c + "</td>"; }).join("") + "</tr>";
    });
    return s + "</tbody></table>";
  }

  function overview() {
    var o = D.overview, ev = {}, weighted = {}, nEvidence = 0;
    FORCES.forEach(function (f) { ev[f] = 0; weighted[f] = 0; });
    o.forces.forEach(function (f) { ev[f.force] = f.evidence; weighted[f.force] = f.weighted; nEvidence += f.evidence; });
    var cards = [
      [int(o.inputs), t("inputs")], [int(o.documents), t("documents")], [int(o.utterances), t("utterances")],
      [int(o.utterances_with_mention), t("utt_mention")], [int(o.mentions), t("mentions")],
      [int(o.jobs), t("jobs_total")], [int(o.rejects), t("rejects")],
      [o.redactions ? int(o.redactions.reduce(function (a, r) { return a + r.count; }, 0)) : "–",
        t("redactions") + (!o.redactions ? ": " + t("no_redactions") :
          (o.redacted_runs < o.runs.length ? " (" + t("redaction_off", { n: int(o.runs.length - o.redacted_runs) }) + ")" : "") +
          (o.pseudonymised_runs > 0 ? "; " + t("pseudonymised") : ""))],
      ['<span title="' + esc(o.lexicon.files.map(function (f) { return f.name; }).join("\n")) + '">' +
        esc(o.lexicon.version || "–") + "</span>", t("lexicon") + (o.lexicon.mixed ? " " + t("lexicon_mixed") : "")],
      [int(o.runs.length), t("runs") + (o.runs.length ? ": " + esc(o.runs.map(function (r) { return r.id; }).join(", ")) : "")]
    ];
    var s = '<div class="cards">' + cards.map(function (c) { return '<div class="card"><b>' + c[0] + "</b><span>" + c[1] + "</span></div>"; }).join("") + "</div>";
    s += '<div class="cols"><div>';
    s += table(t("by_channel"), [esc(t("channel")), esc(t("language")), esc(t("documents")), esc(t("utt_short")), esc(t("men_short"))],
      o.doc_groups.map(function (g) { return [esc(g.channel), esc(g.language), int(g.documents), int(g.utterances), int(g.mentions)]; }),
      [false, false, true, true, true]);
    s += table(t("by_force"), [esc(t("force")), esc(t("evidence")), esc(t("negated")), esc(t("context")), esc(t("weighted"))],
      o.forces.map(function (f) { return [swatch(f.force) + esc(t(f.force)), int(f.evidence), int(f.negated), int(f.context), num(f.weighted)]; }),
      [false, true, true, true, true]);
    s += '</div><div><h3>' + esc(t("all_forces")) + '</h3><div class="forces" id="forces-all">' + forcesSVG(weighted, t("all_forces")) + "</div>";
    if (o.rejects > 0) {
      s += table(t("reject_reasons"), [esc(t("reason")), esc(t("count"))],
        o.reject_reasons.map(function (r) { return [esc(r.name), int(r.count)]; }), [false, true]);
      s += "<details><summary>" + esc(t("reject_samples")) + " (" + int(o.reject_samples.length) + ")</summary>" +
        table(t("reject_samples"), [esc(t("source")), esc(t("line")), esc(t("reason"))],
          o.reject_samples.map(function (r) { return [esc(r.source), int(r.line), esc(r.reason)]; }), [false, true, false]) + "</details>";
    }
    var redacted = (o.redactions || []).filter(function (r) { return r.count > 0; });
    if (redacted.length) {
      s += table(t("redactions_title"), [esc(t("kind")), esc(t("count"))],
        redacted.map(function (r) { return [esc(r.name), int(r.count)]; }), [false, true]);
    }
    s += "</div></div>";
    document.getElementById("overview-body").innerHTML = s;
  }

  // timeline draws one line per force, each with its own dash pattern and
  // marker shape, plus the numbers as a table for screen readers and print.
  function timeline() {
    var tl = D.timeline;
    if (!tl || tl.periods.length < 2) { return; }
    var W = 900, H = 280, L0 = 56, R0 = 130, T0 = 16, B0 = 46, n = tl.periods.length;
    var max = 0.0001;
    tl.periods.forEach(function (p) { p.weighted.forEach(function (v) { max = Math.max(max, v); }); });
    function x(i) { return L0 + (n === 1 ? 0 : i * (W - L0 - R0) / (n - 1)); }
    function y(v) { return T0 + (H - T0 - B0) * (1 - v / max); }
    var s = '<svg viewBox="0 0 ' + W + " " + H + '" role="img" aria-label="' + esc(t("timeline")) + '">';
    for (var g = 0; g <= 4; g++) {
      var gv = max * g / 4;
      s += '<line class="ax" x1="' + L0 + '" x2="' + (W - R0) + '" y1="' + y(gv) + '" y2="' + y(gv) + '" stroke-opacity="0.35"/>';
      s += '<text x="' + (L0 - 6) + '" y="' + (y(gv) + 4) + '" text-anchor="end" class="lbl">' + esc(num(gv, 1)) + "</text>";
    }
    var step = Math.ceil(n / 14);
    tl.periods.forEach(function (p, i) {
      if (i % step === 0 || i === n - 1) {
        s += '<text class="lbl" x="' + x(i) + '" y="' + (H - B0 + 16) + '" text-anchor="middle">' + esc(p.label) + "</text>";
      }
    });
    var marks = {
      struggle: function (cx, cy) { return '<circle cx="' + cx + '" cy="' + cy + '" r="4"/>'; },
      progress: function (cx, cy) { return '<rect x="' + (cx - 4) + '" y="' + (cy - 4) + '" width="8" height="8"/>'; },
      anxiety: function (cx, cy) { return '<polygon points="' + cx + "," + (cy - 5) + " " + (cx + 5) + "," + (cy + 4) + " " + (cx - 5) + "," + (cy + 4) + '"/>'; },
      habit: function (cx, cy) { return '<polygon points="' + cx + "," + (cy - 5) + " " + (cx + 5) + "," + cy + " " + cx + "," + (cy + 5) + " " + (cx - 5) + "," + cy + '"/>'; }
    };
    FORCES.forEach(function (f, fi) {
      var pts = tl.periods.map(function (p, i) { return x(i).toFixed(1) + "," + y(p.weighted[fi]).toFixed(1); });
      s += '<g fill="' + COLOR[f] + '" stroke="' + COLOR[f] + '"><polyline fill="none" stroke-width="2.2" stroke-dasharray="' + DASH[f] + '" points="' + pts.join(" ") + '"/>';
      tl.periods.forEach(function (p, i) { s += marks[f](x(i), y(p.weighted[fi])); });
      s += "</g>";
      var ly = T0 + 8 + fi * 22;
      s += '<g fill="' + COLOR[f] + '" stroke="' + COLOR[f] + '"><line x1="' + (W - R0 + 12) + '" x2="' + (W - R0 + 40) + '" y1="' + ly + '" y2="' + ly + '" stroke-width="2.2" stroke-dasharray="' + DASH[f] + '"/>' + marks[f](W - R0 + 26, ly) + "</g>";
      s += '<text x="' + (W - R0 + 46) + '" y="' + (ly + 4) + '">' + esc(t(f)) + "</text>";
    });
    s += "</svg>";
    var unit = t("unit_" + tl.unit);
    var body = '<p class="note">' + esc(t("timeline_note", { unit: unit, undated: int(tl.undated) })) + '</p><div class="chart">' + s + "</div>";
    body += "<details><summary>" + esc(t("timeline")) + " (" + esc(unit) + ")</summary>" +
      table(t("timeline"), [esc(unit)].concat(FORCES.map(function (f) { return esc(t(f)); })),
        tl.periods.map(function (p) { return [esc(p.label)].concat(p.weighted.map(function (v, i) { return num(v) + " (" + int(p.count[i]) + ")"; })); }),
        [false, true, true, true, true]) + "</details>";
    document.getElementById("timeline-body").innerHTML = body;
    document.getElementById("timeline").hidden = false;
  }

  // State of the filters; applied to the job table and the evidence lists.
  var F = { lang: "", channel: "", force: "", q: "" };

  function quoteText(q) { return (q.before + q.match + q.after).toLowerCase(); }
  function quoteOK(q) {
    return (!F.lang || q.language === F.lang) && (!F.channel || q.channel === F.channel) &&
      (!F.force || q.force === F.force) && (!F.q || quoteText(q).indexOf(F.q) >= 0);
  }
  function jobOK(j) {
    if (F.lang && j.language !== F.lang) { return false; }
    if (F.channel && j.channels.indexOf(F.channel) < 0) { return false; }
    if (F.force && !(j[F.force] > 0) && !j.quotes.some(function (q) { return q.force === F.force; })) { return false; }
    if (F.q && j.statement.toLowerCase().indexOf(F.q) < 0 && !j.quotes.some(quoteOK)) { return false; }
    return true;
  }

  function quoteHTML(q) {
    var cls = q.force + (q.negated ? " neg" : "") + (q.context ? " ctx" : "");
    var s = '<li class="' + esc(cls) + '"><blockquote>' + esc(q.before) +
      (q.match ? "<mark>" + esc(q.match) + "</mark>" : "") + esc(q.after) + "</blockquote>";
    s += '<div class="qmeta"><span class="badge">' + swatch(q.force) + esc(t(q.force)) + "</span>";
    if (q.negated) { s += '<span class="badge neg">' + esc(t("negated_note")) + "</span>"; }
    if (q.context) { s += '<span class="badge neg">' + esc(t("ctx_" + q.context)) + "</span>"; }
    s += esc([t("role") + ": " + q.role, q.channel, q.language, q.date, q.source + (q.line ? ":" + q.line : "")]
      .filter(function (x) { return x; }).join(" · ")) + "</div></li>";
    return s;
  }

  function jobDetail(j) {
    var art = el("article", { "class": "job", id: "job-" + j.id, "aria-labelledby": "jh-" + j.id });
    var comp = [[esc(t("reach")) + " = log2(1 + " + int(j.respondents) + ")", num(j.reach, 3)]]
      .concat(FORCES.map(function (f) { return [swatch(f) + esc(t(f)), num(j[f])]; }))
      .concat([["<b>" + esc(t("score")) + "</b>", "<b>" + num(j.score) + "</b>"]]);
    var meta = [t("language") + ": " + j.language, t("channel") + ": " + (j.channels.join(", ") || "–"),
      int(j.respondents) + " " + t("respondents"), int(j.documents) + " " + t("documents")];
    if (j.first_seen) { meta.push(t("seen") + ": " + j.first_seen + (j.last_seen && j.last_seen !== j.first_seen ? " – " + j.last_seen : "")); }
    art.innerHTML = '<h3 id="jh-' + esc(j.id) + '">' + j.rank + ". " + esc(j.statement) + "</h3>" +
      '<p class="meta">' + esc(meta.join(" · ")) + "</p>" +
      '<div class="grid"><div>' + table(t("components"), ["", esc(t("score"))], comp, [false, true]) +
      '<p class="note">' + esc(t("formula")) + "</p></div>" +
      '<div class="forces">' + forcesSVG(j, t("forces_picture") + " — " + j.statement) + "</div></div>" +
      '<details class="evidence"' + (j.rank === 1 ? " open" : "") + '><summary></summary><ol class="quotes"></ol></details>' +
      '<p class="back"><a href="#jobs">' + esc(t("top")) + "</a></p>";
    return art;
  }

  var rows = [], details = [];
  function jobs() {
    var tbody = document.getElementById("job-rows"), box = document.getElementById("job-details");
    D.jobs.forEach(function (j) {
      var tr = el("tr", { "data-job": j.id });
      tr.innerHTML = '<td class="n">' + j.rank + '</td><td><a href="#job-' + esc(j.id) + '">' + esc(j.statement) + "</a></td>" +
        "<td>" + esc(j.language) + '</td><td class="n">' + num(j.score) + '</td><td class="n">' + int(j.respondents) + "</td>" +
        FORCES.map(function (f) { return '<td class="n">' + num(j[f]) + "</td>"; }).join("") +
        '<td class="mini">' + miniBar(j) + "</td>";
      tbody.appendChild(tr);
      rows.push(tr);
      var art = jobDetail(j);
      box.appendChild(art);
      details.push(art);
    });
    var l = D.limits;
    document.getElementById("limits").textContent = t("limits", { shown: int(l.jobs_shown), total: int(l.jobs_total),
      quotes: int(l.max_quotes), qshown: int(l.quotes_shown), qtotal: int(l.quotes_total) });
  }

  // miniBar: driving forces to the right, holding forces to the left of a
  // centre line, on one scale for the whole table.
  var tableMax = 0.0001;
  function miniBar(j) {
    var W = 120, mid = 60, s = '<svg viewBox="0 0 ' + W + ' 16" width="' + W + '" height="16" aria-hidden="true">', x = mid;
    ["struggle", "progress"].forEach(function (f) {
      var w = j[f] / tableMax * (mid - 2);
      s += '<rect x="' + x.toFixed(1) + '" y="3" width="' + w.toFixed(1) + '" height="10" fill="url(#p-' + f + ')"/>'; x += w;
    });
    x = mid;
    ["anxiety", "habit"].forEach(function (f) {
      var w = j[f] / tableMax * (mid - 2); x -= w;
      s += '<rect x="' + x.toFixed(1) + '" y="3" width="' + w.toFixed(1) + '" height="10" fill="url(#p-' + f + ')"/>';
    });
    return s + '<line x1="' + mid + '" x2="' + mid + '" y1="0" y2="16" stroke="#1a1a1a"/></svg>';
  }

  function apply() {
    var visible = 0;
    D.jobs.forEach(function (j, i) {
      var ok = jobOK(j);
      rows[i].hidden = !ok;
      details[i].hidden = !ok;
      if (!ok) { return; }
      visible++;
      var qs = j.quotes.filter(quoteOK);
      var det = details[i].querySelector("details");
      det.querySelector("summary").textContent = t("quotes", { n: int(qs.length), total: int(j.quotes_total) });
      det.querySelector("ol").innerHTML = qs.length ? qs.map(quoteHTML).join("") : "<li>" + esc(t("no_quotes")) + "</li>";
    });
    document.getElementById("shown").textContent = t("shown", { n: int(visible), total: int(D.jobs.length) });
  }

  function filters() {
    function fill(id, values, label) {
      var sel = document.getElementById(id);
      sel.innerHTML = '<option value="">' + esc(t("all")) + "</option>" +
        values.map(function (v) { return '<option value="' + esc(v) + '">' + esc(label ? label(v) : v) + "</option>"; }).join("");
    }
    fill("f-lang", D.facets.languages);
    fill("f-channel", D.facets.channels);
    fill("f-force", D.facets.forces, function (f) { return t(f); });
    var timer = null;
    function read() {
      F.lang = document.getElementById("f-lang").value;
      F.channel = document.getElementById("f-channel").value;
      F.force = document.getElementById("f-force").value;
      F.q = document.getElementById("f-q").value.trim().toLowerCase();
      apply();
    }
    ["f-lang", "f-channel", "f-force"].forEach(function (id) { document.getElementById(id).addEventListener("change", read); });
    document.getElementById("f-q").addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(read, 150); });
    // A link may carry filters: report.html#filter?lang=nl&channel=chat&force=anxiety&q=excel
    if (location.hash.indexOf("#filter?") === 0) {
      var params = new URLSearchParams(location.hash.slice("#filter?".length));
      [["lang", "f-lang"], ["channel", "f-channel"], ["force", "f-force"], ["q", "f-q"]].forEach(function (p) {
        if (params.has(p[0])) { document.getElementById(p[1]).value = params.get(p[0]); }
      });
      read();
    }
    var form = document.getElementById("filters");
    form.addEventListener("submit", function (e) { e.preventDefault(); read(); });
    form.addEventListener("reset", function () { setTimeout(read, 0); });
  }

  // Printing shows every job's evidence.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });

  try {
    D = JSON.parse(document.getElementById("data").textContent);
    L = JSON.parse(document.getElementById("labels").textContent);
    D.jobs.forEach(function (j) { tableMax = Math.max(tableMax, j.struggle + j.progress, j.anxiety + j.habit); });
    overview();
    timeline();
    jobs();
    filters();
    apply();
    if (document.body.getAttribute("data-ok") !== "0") {
      document.body.setAttribute("data-draw-ms", String(Math.round(performance.now())));
      document.body.setAttribute("data-ok", "1");
    }
  } catch (e) {
    fail((L && L.error ? L.error + ": " : "") + (e && e.stack ? e.stack : e));
  }
})();
