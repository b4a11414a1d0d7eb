// The consensus map follows changes live: the server names what changed (server-sent events)
// and the page re-reads just that row through the normal, permission-checked view — or, for a
// position, puts in the row the event carries (rendered once on the server for every open
// map, in the site's language and the poster's), when the page shows every column in one of
// those languages. When the
// stream is refused or unsupported, the page polls the whole map instead and keeps trying to
// go live again. After the stream ends (the server ends it every few minutes), EventSource
// reconnects with the id of the last event it saw, and the server replays the events missed
// meanwhile; when it no longer can, it sends a "refresh" event and the page re-reads the map.
// The first stream starts after the id the page was rendered at (data-events-after), so a
// change made while the page loaded is replayed too: EventSource cannot send Last-Event-ID
// on its first connection, so it goes in the URL. Applying an event twice changes nothing
// (a carried row is put in whole, a named row or the map is re-read).
(function () {
  "use strict";
  var root = document.querySelector("[data-live-map]");
  if (!root) { return; }
  var status = document.getElementById("live-status");
  var filtersForm = document.querySelector("form.filters");
  var pollTimer = null;
  var retryTimer = null;
  var source = null;
  var renderedAfter = root.dataset.eventsAfter || "";

  function say(text) { if (status) { status.textContent = text; } }

  function query() {
    return filtersForm ? new URLSearchParams(new FormData(filtersForm)).toString() : "";
  }

  function refreshAll() {
    htmx.ajax("GET", root.dataset.mapUrl + "?" + query(), { target: "#map", swap: "innerHTML" });
  }

  function refreshRow(eid) {
    var row = document.getElementById("row-" + eid);
    var onlyOpen = filtersForm && filtersForm.querySelector("[name=open]:checked");
    if (!row || onlyOpen) { refreshAll(); return; }
    var url = root.dataset.rowUrl.replace("__eid__", encodeURIComponent(eid));
    htmx.ajax("GET", url + "?" + query(), { target: row, swap: "outerHTML" });
  }

  // Puts in the row an event carried; false when this page must re-read it instead: the map
  // is filtered, or in another language, or already shows a later change of that row (two
  // events can arrive out of order; the change numbers are decimal strings beyond 2^53).
  function putCarriedRow(event) {
    var html = event.rows && event.rows[document.documentElement.lang];
    var row = document.getElementById("row-" + event.eid);
    var filtered = filtersForm && filtersForm.querySelector("[name=open]:checked, [name=mine]:checked");
    if (!html || !row || filtered || !event.change) { return false; }
    if (row.dataset.change && BigInt(row.dataset.change) > BigInt(event.change)) { return false; }
    var holder = document.createElement("template");
    holder.innerHTML = html.trim();
    var fresh = holder.content.firstElementChild;
    if (!fresh || fresh.id !== row.id) { return false; }
    fresh.dataset.change = event.change;
    row.replaceWith(fresh);
    htmx.process(fresh);
    return true;
  }

  function startPolling() {
    if (source) { source.close(); source = null; }
    say(root.dataset.pollingLabel);
    if (!pollTimer) { pollTimer = setInterval(refreshAll, 10000); }
    if (window.EventSource && !retryTimer) { retryTimer = setTimeout(connect, 30000); }
  }

  function connect() {
    retryTimer = null;
    var url = root.dataset.eventsUrl;
    // Only the first stream: one opened after polling re-reads the map instead (below).
    if (renderedAfter) { url += "?after=" + encodeURIComponent(renderedAfter); renderedAfter = ""; }
    source = new EventSource(url);
    source.onopen = function () {
      // Back from polling: a new EventSource has no id to resume from, so read the map once.
      if (pollTimer) { clearInterval(pollTimer); pollTimer = null; refreshAll(); }
      root.dataset.live = "on";
      say(root.dataset.liveLabel);
    };
    source.onmessage = function (message) {
      var event = JSON.parse(message.data);
      if (event.kind === "position" && event.eid) {
        if (!putCarriedRow(event)) { refreshRow(event.eid); }
      } else { refreshAll(); }  // a new version, a status, or "refresh": missed events
    };
    source.onerror = function () {
      root.dataset.live = "off";
      if (source.readyState === EventSource.CLOSED) { startPolling(); }
      else { say(root.dataset.reconnectingLabel); }
    };
  }

  if (window.EventSource) { connect(); } else { startPolling(); }
})();
