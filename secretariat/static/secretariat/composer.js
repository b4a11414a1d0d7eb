// The version composer: every change answers with the draft's new version (X-Draft-Version);
// the other paragraphs' forms on the page take it, so one change does not make them stale.
// A change someone else made still arrives as a 409 from the server, never as an overwrite.
(function () {
  "use strict";
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    var version = xhr && xhr.getResponseHeader("X-Draft-Version");
    if (!version) { return; }
    document.querySelectorAll("input.draft-version").forEach(function (input) {
      input.value = version;
    });
  });
})();
