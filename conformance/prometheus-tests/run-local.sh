#!/usr/bin/env bash
# Checks the extracted rules/ and dashboards/ PromQL, then runs every promtool unit test here against
# rules/ (refresh both first: node extract-rules.cjs),
# from the rules folder as conformance/run.sh does. PROMTOOL defaults to the conformance cache's.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
promtool="${PROMTOOL:-$(ls "${CONFORMANCE_CACHE:-$HOME/.cache/platform-compiler-conformance}"/bin/promtool-* 2>/dev/null | head -1)}"
[[ -x "$promtool" ]] || { echo "no promtool (set PROMTOOL, or run conformance/build-tools.sh promtool)" >&2; exit 1; }
rc=0
for f in "$here"/rules/*/*/*.yaml "$here"/rules/fixtures/*/*/*.yaml "$here"/dashboards/*/*/*.yaml; do "$promtool" check rules "$f" || rc=1; done
for t in "$here"/*.yaml; do
  cp "$t" "$here/rules/.$(basename "$t")"
  (cd "$here/rules" && "$promtool" test rules ".$(basename "$t")") || rc=1
  rm -f "$here/rules/.$(basename "$t")"
done
exit $rc
