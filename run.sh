#!/usr/bin/env bash
# Kit's main job: runs the real Antom web SDK over the default browser-compatibility matrix
# (harness/matrix.default.json) against the embedded simulator, and writes kit-report/report.html,
# results.json and junit.xml. Arguments go to the harness: ./run.sh --filter scenario=pay-* --workers 2
# Needs the .NET 10 SDK and Node.js; setup.sh installs the rest.
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
dotnet build harness/Kit.Harness -c Release -nologo -v q
exec dotnet run -c Release --no-build --project harness/Kit.Harness -- run "$@"
