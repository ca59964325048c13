#!/usr/bin/env bash
# Vendor the browser dependencies into static/vendor/ (committed; no CDN at run time).
#
# Installs pinned versions from the npm registry into a throw-away directory and copies
# only the built files the templates load. Re-run after changing a version below, then
# update static/vendor/README.md.
#
# Retentie is not a GOV.UK service: we use GOV.UK Frontend's components for their
# accessibility, but must not ship the GDS Transport typeface or the crown/crest
# artwork, so the copied stylesheet is rewritten to Arial and the fonts and images are
# left out.
set -euo pipefail

GOVUK_FRONTEND_VERSION="6.6.0"
# htmx 2.x: the 4.x line changed attribute inheritance and history handling.
HTMX_VERSION="2.0.11"
# Chart.js (UMD build, sets window.Chart): the compliance dashboard's charts.
CHARTJS_VERSION="4.6.1"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(
    cd "$work"
    npm init --yes >/dev/null
    npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error \
        "govuk-frontend@$GOVUK_FRONTEND_VERSION" "htmx.org@$HTMX_VERSION" "chart.js@$CHARTJS_VERSION"
)

govuk="$work/node_modules/govuk-frontend"
htmx="$work/node_modules/htmx.org"
chartjs="$work/node_modules/chart.js"

rm -rf "$dest/govuk-frontend" "$dest/htmx" "$dest/chartjs"
mkdir -p "$dest/govuk-frontend" "$dest/htmx" "$dest/chartjs"

# GOV.UK Frontend: minified CSS and the ES module bundle (loaded with type="module").
css="$dest/govuk-frontend/govuk-frontend.min.css"
cp "$govuk/dist/govuk/govuk-frontend.min.css" "$css"
cp "$govuk/dist/govuk/govuk-frontend.min.js" "$dest/govuk-frontend/govuk-frontend.min.js"
# Drop the @font-face rules, use Arial wherever GDS Transport was named, blank the crest
# artwork (background and mask of the Crown-copyright footer logo, which we do not
# render) and strip the source-map comments (the maps are not copied).
sed -i -E \
    -e 's/@font-face\{font-family:GDS Transport[^}]*\}//g' \
    -e 's/font-family:GDS Transport,arial,sans-serif/font-family:arial,sans-serif/g' \
    -e 's/font-family:GDS Transport([;}])/font-family:arial,sans-serif\1/g' \
    -e 's#url\(/assets/images/govuk-crest\.svg\)#none#g' \
    -e 's#/\*\# sourceMappingURL=[^*]*\*/##g' \
    "$css"
sed -i -E -e 's#//\# sourceMappingURL=.*$##' "$dest/govuk-frontend/govuk-frontend.min.js"
if grep -q -e 'GDS Transport' -e '/assets/' "$css"; then
    echo "vendor_static.sh: GOV.UK typeface or asset references remain in $css" >&2
    exit 1
fi
# The npm package ships no licence file; this is the project's MIT licence.
cat >"$dest/govuk-frontend/LICENSE.txt" <<'LICENCE'
govuk-frontend (https://github.com/alphagov/govuk-frontend)

The MIT License (MIT)

Copyright (c) 2018 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
LICENCE

# htmx: the minified build and its licence.
cp "$htmx/dist/htmx.min.js" "$dest/htmx/htmx.min.js"
cp "$htmx/LICENSE" "$dest/htmx/LICENSE"

# Chart.js: the minified UMD build (no source map) and its licence.
cp "$chartjs/dist/chart.umd.min.js" "$dest/chartjs/chart.umd.min.js"
sed -i -E -e 's#//\# sourceMappingURL=.*$##' "$dest/chartjs/chart.umd.min.js"
cp "$chartjs/LICENSE.md" "$dest/chartjs/LICENSE.md"

echo "Vendored govuk-frontend $GOVUK_FRONTEND_VERSION, htmx.org $HTMX_VERSION and chart.js $CHARTJS_VERSION into $dest"
