#!/usr/bin/env bash
# Installs the harness's web side, only where it is missing or stale: npm ci of the pinned Antom web SDK
# (@alipay/ams-checkout, package-lock.json) with its build tools, then the ES module bundle (the guide's npm way,
# esbuild) and its polyfilled variant (babel-preset-env and core-js for the seed's browsers). setup.sh runs it, and
# packing the kit-harness tool does, which ships the result. Needs Node.js and npm.
set -euo pipefail
cd "$(dirname "$0")"
command -v npm >/dev/null 2>&1 || { echo "harness/web: npm is missing; install Node.js (it brings npm), then run this again" >&2; exit 1; }
if ! cmp -s package-lock.json node_modules/.package-lock.json.kit 2>/dev/null; then
  echo "setup: npm ci in harness/web"
  npm ci --no-audit --no-fund --loglevel=error
  rm -rf dist
  cp package-lock.json node_modules/.package-lock.json.kit
fi
if [ ! -f dist/merchant-esm.js ] || [ ! -f dist/polyfills.json ] || [ merchant/esm-entry.js -nt dist/merchant-esm.js ] \
   || [ merchant/build-polyfilled.mjs -nt dist/polyfills.json ]; then
  echo "setup: building harness/web/dist/merchant-esm.js (esbuild) and merchant-esm-polyfilled.js (babel-preset-env, core-js)"
  npm run --silent build
fi
# What the kit-harness tool package ships of node_modules for the static check: es-check and its dependencies.
if [ ! -f dist/es-check.files ] || [ package-lock.json -nt dist/es-check.files ]; then
  npm query '#es-check, #es-check *' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log([...new Set(JSON.parse(s).map(p=>p.location))].sort().join("\n")))' > dist/es-check.files
fi
