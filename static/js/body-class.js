// Runs first in <body>: tells GOV.UK Frontend's CSS that JavaScript (and ES modules) are
// available, before anything is painted. A file rather than inline script, so a strict
// Content-Security-Policy needs no exception.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
