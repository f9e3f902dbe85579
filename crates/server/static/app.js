// medbridge: small conveniences on top of pages that work without JavaScript.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // After a failed submit, move focus to the list of problems so screen readers announce it
  // and keyboard users can jump from there to each field.
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
  // Sorting applies at once; the "show results" button still works without this.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
  // Print buttons (the report works from the browser's own print menu too).
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  // Times are printed in the event's local time with UTC; where the reader's own clock
  // differs from the venue's, add their time too ("your time 09:00–10:00").
  var mine = -new Date().getTimezoneOffset();
  document.querySelectorAll("time[data-viewer-time]").forEach(function (t) {
    if (Number(t.dataset.offset) === mine) return;
    var label = (t.closest("[data-viewer-label]") || t).dataset.viewerLabel || "";
    var hhmm = function (iso) {
      var d = new Date(iso);
      return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
    };
    var span = document.createElement("small");
    span.className = "viewer-time";
    span.textContent = " · " + label + " " + hhmm(t.getAttribute("datetime")) +
      (t.dataset.ends ? "–" + hhmm(t.dataset.ends) : "");
    t.parentNode.insertBefore(span, t.nextSibling);
  });
  // Follow a summary link to its field and focus it (not only scroll).
  document.querySelectorAll(".error-summary a[href^='#']").forEach(function (a) {
    a.addEventListener("click", function (e) {
      var target = document.getElementById(a.getAttribute("href").slice(1));
      if (!target) return;
      e.preventDefault();
      var input = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      (input || target).focus();
      target.scrollIntoView({ block: "center" });
    });
  });
});
