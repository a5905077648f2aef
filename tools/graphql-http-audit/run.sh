#!/usr/bin/env bash
# Runs the graphql-http server audits against a GraphQL endpoint.
#
# Usage:   tools/graphql-http-audit/run.sh <graphql-url>
#          AUDIT_TOKEN=<jwt> tools/graphql-http-audit/run.sh http://127.0.0.1:5000/graphql
#
# Installs the pinned dependencies (npm ci) the first time. Exit 0 only if every audit is ok.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [ ! -d node_modules ]; then
  npm ci --silent --no-audit --no-fund >&2
fi
exec node audit.mjs "$@"
