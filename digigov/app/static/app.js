/* digigov workbench: the release-only range slider, live row recolouring, the language switch.
   Served from the package (no network). */
(function () {
  "use strict";
  function fmt(el) {
    var v = parseFloat(el.value);
    return (el.step && parseFloat(el.step) >= 1) ? String(Math.round(v)) : v.toFixed(2);
  }
  function show(el) {
    var out = document.querySelector('output[for="' + el.id + '"]');
    if (out) out.textContent = fmt(el);
  }
  // Recolour the truth-table rows while a cut-off slider moves (before the server answers):
  // OUT 1 when incl >= incl_cut and PRI >= pri_cut, remainder when n < n_cut.
  function recolour() {
    var ic = document.getElementById("incl_cut"), pc = document.getElementById("pri_cut"),
        nc = document.getElementById("n_cut");
    if (!ic || !pc || !nc) return;
    var i = parseFloat(ic.value), p = parseFloat(pc.value), n = parseFloat(nc.value);
    document.querySelectorAll(".dg-tt-table tbody tr").forEach(function (tr) {
      var cls = parseFloat(tr.dataset.n) < n ? "out-r" :
        (parseFloat(tr.dataset.incl) >= i && parseFloat(tr.dataset.pri) >= p ? "out-1" : "out-0");
      tr.className = cls;
    });
  }
  document.addEventListener("input", function (ev) {
    var el = ev.target;
    if (el.classList && el.classList.contains("dg-range")) {
      show(el);
      if (["incl_cut", "pri_cut", "n_cut"].indexOf(el.id) >= 0) recolour();
    }
  });
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el.classList && el.classList.contains("dg-range")) window.dgLastRelease = performance.now();
  });

  function register() {
    var b = new Shiny.InputBinding();
    $.extend(b, {
      find: function (scope) { return $(scope).find("input.dg-range"); },
      getValue: function (el) { return parseFloat(el.value); },
      setValue: function (el, v) { el.value = v; show(el); },
      subscribe: function (el, callback) {
        $(el).on("change.dgrange", function () { callback(false); });
        if (el.classList.contains("dg-live")) $(el).on("input.dgrange", function () { callback(true); });
      },
      unsubscribe: function (el) { $(el).off(".dgrange"); },
      receiveMessage: function (el, data) {
        if (data.min !== undefined) el.min = data.min;
        if (data.max !== undefined) el.max = data.max;
        if (data.step !== undefined) el.step = data.step;
        if (data.value !== undefined) { el.value = data.value; show(el); $(el).trigger("change"); }
      },
      getRatePolicy: function (el) {
        return el && el.classList.contains("dg-live") ? {policy: "throttle", delay: 150} : null;
      }
    });
    Shiny.inputBindings.register(b, "digigov.range");
  }
  if (window.Shiny && Shiny.InputBinding) register();
  else document.addEventListener("DOMContentLoaded", register);

  // The language switch: every [data-i18n] text from the catalogue carried in the page.
  function translate(lang) {
    var cat = JSON.parse(document.getElementById("dg-i18n").textContent)[lang];
    document.querySelectorAll("[data-i18n]").forEach(function (el) {
      var text = cat[el.dataset.i18n];
      if (text !== undefined) el.textContent = text;
    });
    document.documentElement.lang = lang;
  }
  document.addEventListener("change", function (ev) {
    if (ev.target.name === "lang") translate(ev.target.value);
  });
  $(document).on("shiny:value", function (ev) {
    // outputs drawn in the old language are redrawn by the server; keep their labels in step meanwhile
    var checked = document.querySelector('input[name="lang"]:checked');
    if (checked) setTimeout(function () { translate(checked.value); }, 0);
  });
})();
/* teaching mode: a link to a step opens its tab */
document.addEventListener("click", function (ev) {
  var a = ev.target.closest ? ev.target.closest("a.dg-goto") : null;
  if (!a) return;
  ev.preventDefault();
  var tab = document.querySelector('a[data-value="' + a.dataset.goto + '"]');
  if (tab) tab.click();
});
