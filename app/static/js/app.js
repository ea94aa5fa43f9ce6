// Cohesion Strategy Toolkit: hand-written site script (not generated).
// Loaded as <script type="module">, so it only runs in browsers that GOV.UK
// Frontend supports; that is exactly what the govuk-frontend-supported class
// means (the GOV.UK template normally sets it with an inline script, which
// our CSP forbids). htmx.min.js is loaded before this as <script defer>.
import { initAll } from '/static/govuk/govuk-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')

// Strict CSP: htmx must not inject a <style> element (indicator styles live
// in app.css), evaluate strings, or run <script> tags from responses. This
// runs before htmx's DOMContentLoaded init, so it takes effect in time.
if (window.htmx) {
  Object.assign(window.htmx.config, {
    includeIndicatorStyles: false,
    allowEval: false,
    allowScriptTags: false,
    // A form with errors (400) or a conflict (409) comes back as a fragment to show in place,
    // exactly as the full page would show it without JavaScript.
    responseHandling: [
      { code: '204', swap: false },
      { code: '[23]..', swap: true },
      { code: '(400|409)', swap: true, error: false },
      { code: '[45]..', swap: false, error: true }
    ]
  })
}

// Components already initialised in an outer scope throw InitError on
// re-init; that is expected after partial swaps, so ignore it.
function onError (error) {
  if (error?.name !== 'InitError') console.error(error)
}

initAll({ onError })

// Initialise GOV.UK components inside content that htmx has swapped in.
// The parent is used as scope so an outerHTML-swapped component root
// (which querySelectorAll on itself would not match) is included too.
document.body.addEventListener('htmx:afterSwap', (evt) => {
  const elt = evt.detail?.elt
  if (!(elt instanceof Element) || !elt.isConnected) return
  initAll({ scope: elt.parentElement ?? elt, onError })
})

// Send the CSRF token with every htmx request.
document.body.addEventListener('htmx:configRequest', (evt) => {
  const token = document.querySelector('meta[name="csrf-token"]')?.content
  if (token) evt.detail.headers['X-CSRF-Token'] = token
})
