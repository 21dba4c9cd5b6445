#!/usr/bin/env bash
# Vendors plotly.js's "finance" partial bundle into assets/plotly/ (see assets/plotly/README.md, written here).
#
# The app draws bar, scatter, pie and indicator traces only; the finance bundle has those four (and bar's
# relatives candlestick, funnel, funnelarea, histogram, ohlc, waterfall) in 1.3 MB instead of the full bundle's
# 4.8 MB. Dash loads every script of assets/ in the page, and dcc.Graph draws with the window.Plotly it finds
# there instead of fetching the full bundle from the plotly package.
#
# The version is the one the python plotly package bundles (its figures are written for it), read from the
# installed package: run this script again whenever plotly is upgraded (tests/app/test_plotly_bundle.py fails
# until then). The bundle comes from the npm registry's plotly.js package (its dist/ holds every partial
# bundle), checked against the registry's sha512 integrity.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(python -c "from plotly.offline import get_plotlyjs_version as v; print(v())")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "plotly.js@$VERSION" >/dev/null)
tarball="$work/plotly.js-$VERSION.tgz"
expected=$(npm view "plotly.js@$VERSION" dist.integrity)
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$expected" != "$actual" ]; then
  echo "plotly.js@$VERSION: integrity $actual, the registry says $expected" >&2
  exit 1
fi
tar xzf "$tarball" -C "$work" package/dist/plotly-finance.min.js package/LICENSE
mkdir -p assets/plotly
cp "$work/package/dist/plotly-finance.min.js" assets/plotly/plotly-finance.min.js
cp "$work/package/LICENSE" assets/plotly/LICENSE
bytes=$(wc -c < assets/plotly/plotly-finance.min.js)
sha=$(sha256sum assets/plotly/plotly-finance.min.js | cut -d' ' -f1)
cat > assets/plotly/README.md <<EOF
# plotly.js, finance partial bundle (vendored)

- File: \`plotly-finance.min.js\`, $bytes bytes, sha256 \`$sha\`
- Source: the npm registry's \`plotly.js@$VERSION\`, file \`dist/plotly-finance.min.js\`
  (tarball integrity \`$expected\`); the bundle npm also publishes alone as \`plotly.js-finance-dist-min\`.
- Version: $VERSION, the plotly.js the installed python \`plotly\` package bundles.
- Licence: MIT (\`LICENSE\`, Plotly, Inc.; the licences of its dependencies are at the end of the file).
- Traces: bar, candlestick, funnel, funnelarea, histogram, indicator, ohlc, pie, scatter, waterfall (the app
  draws bar, scatter, pie and indicator).
- Why: Dash loads every script in \`assets/\`, and \`dcc.Graph\` uses the \`window.Plotly\` it defines instead of
  fetching the full plotly.js (4.8 MB) from the python package: see "Big pages in a real browser" in
  \`docs/performance.md\`.

Written by \`tools/vendor_plotly.sh\`: do not edit, run the script again (after every upgrade of \`plotly\`).
EOF
echo "assets/plotly/plotly-finance.min.js: plotly.js $VERSION, $bytes bytes"
