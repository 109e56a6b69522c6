#!/usr/bin/env bash
# Print linter finding counts per check id per tool (and per cluster), to see what to fix.
#   bash conformance/lint-report.sh [DIST_DIR]
exec bash "$(dirname "${BASH_SOURCE[0]}")/lint.sh" --report "$@"
