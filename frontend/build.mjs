// Front-end asset build for the Cohesion Strategy Toolkit.
//
// Usage: npm ci && npm run build
//
// Deterministic: no timestamps, no source maps, stable file order, so
// running it twice produces byte-identical output. Only node_modules is read;
// nothing in node_modules is needed at runtime.
//
// Outputs owned by this script (removed and recreated on every run):
//   app/static/css/app.css
//   app/static/govuk/            (whole directory)
//   app/static/js/htmx.min.js
// app/static/js/app.js is hand-written source and is never touched.

import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const nodeModules = path.join(root, 'node_modules')
const govukDist = path.join(nodeModules, 'govuk-frontend', 'dist', 'govuk')
const staticDir = path.join(root, 'app', 'static')

const out = {
  css: path.join(staticDir, 'css', 'app.css'),
  govukDir: path.join(staticDir, 'govuk'),
  htmx: path.join(staticDir, 'js', 'htmx.min.js')
}

const rel = (p) => path.relative(root, p).split(path.sep).join('/')

function rm (p) {
  fs.rmSync(p, { recursive: true, force: true })
}

function copyFile (src, dest) {
  fs.mkdirSync(path.dirname(dest), { recursive: true })
  fs.copyFileSync(src, dest)
  console.log(`  ${rel(dest)}`)
}

// Recursive copy with a sorted walk, so output order and logs are stable.
function copyDir (src, dest, skip = () => false) {
  for (const name of fs.readdirSync(src).sort()) {
    const from = path.join(src, name)
    const to = path.join(dest, name)
    if (skip(from)) continue
    if (fs.statSync(from).isDirectory()) {
      copyDir(from, to, skip)
    } else {
      copyFile(from, to)
    }
  }
}

// 1. Clean previous outputs this script owns.
for (const p of Object.values(out)) rm(p)

// 2. Sass -> CSS.
const result = sass.compile(path.join(root, 'frontend', 'app.scss'), {
  loadPaths: [nodeModules],
  style: 'compressed',
  sourceMap: false,
  // Silence deprecation noise coming from inside govuk-frontend itself;
  // warnings from our own app.scss are still shown.
  quietDeps: true
})
let css = result.css
if (!css.endsWith('\n')) css += '\n'

// Guard: the site must never reference GDS Transport (not a GOV.UK service).
if (/GDS Transport|@font-face/i.test(css)) {
  throw new Error('app.css unexpectedly contains GDS Transport / @font-face')
}
if (!/font-family:\s*arial/i.test(css)) {
  throw new Error('app.css does not set an Arial font-family')
}
fs.mkdirSync(path.dirname(out.css), { recursive: true })
fs.writeFileSync(out.css, css)
console.log(`  ${rel(out.css)}`)

// 3. GOV.UK Frontend JavaScript (ES module) and its source map (relative
//    source paths only; avoids a devtools 404 for the sourceMappingURL).
copyFile(path.join(govukDist, 'govuk-frontend.min.js'),
  path.join(out.govukDir, 'govuk-frontend.min.js'))
copyFile(path.join(govukDist, 'govuk-frontend.min.js.map'),
  path.join(out.govukDir, 'govuk-frontend.min.js.map'))

// 4. GOV.UK Frontend assets (images, manifest.json), without the GDS
//    Transport fonts we do not use.
const assetsSrc = path.join(govukDist, 'assets')
copyDir(assetsSrc, path.join(out.govukDir, 'assets'),
  (p) => p === path.join(assetsSrc, 'fonts'))

// 5. htmx (classic script build).
copyFile(path.join(nodeModules, 'htmx.org', 'dist', 'htmx.min.js'), out.htmx)

console.log('Front-end build complete.')
