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
