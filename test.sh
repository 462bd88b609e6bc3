#!/usr/bin/env bash
# Runs every test project of Kit.sln. Needs the .NET 10 SDK and Node.js; setup.sh installs the rest
# (Chromium, Thai fonts, openssl, the pinned Antom web SDK).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
dotnet build Kit.sln -c Release -nologo -v q
# One test project at a time (-m:1): the browser suites each drive Chromium, and on two cores they starve each other.
dotnet test Kit.sln -c Release --no-build -nologo -m:1 --logger "console;verbosity=normal"
