// Progressive enhancement of the submission page: poll the JSON status and move the bar;
// reload once the check has finished so the server renders the results. Without
// JavaScript the page's <noscript> meta refresh does the same job.
(function () {
  "use strict";
  var box = document.querySelector("[data-status-url]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var stage = box.querySelector("[data-stage]");
  var percent = box.querySelector("[data-percent]");
  var failures = 0;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
        if (stage) { stage.textContent = data.stage_label; }
        if (percent) { percent.textContent = data.progress + "%"; }
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, 1500); }
      })
      .catch(function () {
        // Back off on errors (server restart, network blip) instead of hammering.
        failures += 1;
        window.setTimeout(poll, Math.min(30000, 1500 * Math.pow(2, failures)));
      });
  }
  window.setTimeout(poll, 1000);
})();
