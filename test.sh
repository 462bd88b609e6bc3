#!/usr/bin/env bash
# Runs every test project of Kit.sln. Needs the .NET 10 SDK and Node.js; setup.sh installs the rest
# (Chromium, Thai fonts, openssl, the pinned Antom web SDK).
set -euo pipefail
cd "$(dirname "$0")"
./setup.sh
dotnet build Kit.sln -c Release -nologo -v q
dotnet test Kit.sln -c Release --no-build -nologo --logger "console;verbosity=normal"
