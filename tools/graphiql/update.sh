#!/usr/bin/env bash
# Re-vendors the self-hosted GraphiQL assets served by MetricsApi at /graphiql/.
#
# Installs the exact versions pinned in package-lock.json (npm ci) and copies the
# browser-ready UMD builds into src/MetricsApi/wwwroot/graphiql/. The copied files
# are committed as build output; nothing is loaded from a CDN at runtime.
# index.html and init.js in that folder are hand-written and are not touched.
#
# To upgrade: edit the versions in package.json, run `npm install` here to refresh
# package-lock.json, then run this script and commit both.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
dest="$repo_root/src/MetricsApi/wwwroot/graphiql"

cd "$here"
npm ci --no-audit --no-fund

mkdir -p "$dest"

copy() {
  local src="$here/node_modules/$1"
  if [[ ! -f "$src" ]]; then
    echo "update.sh: missing $src (did the package layout change?)" >&2
    exit 1
  fi
  install -m 0644 "$src" "$dest/$2"
  echo "  $1 -> ${dest#"$repo_root"/}/$2"
}

echo "Copying GraphiQL assets:"
copy react/umd/react.production.min.js          react.production.min.js
copy react-dom/umd/react-dom.production.min.js  react-dom.production.min.js
copy graphiql/graphiql.min.js                   graphiql.min.js
copy graphiql/graphiql.min.css                  graphiql.min.css

node -e '
  const v = n => require(`${process.argv[1]}/node_modules/${n}/package.json`).version;
  console.log(`Vendored graphiql@${v("graphiql")}, react@${v("react")}, react-dom@${v("react-dom")}`);
' "$here"
