#!/usr/bin/env bash
# Runs every test project of Kit.sln. Needs the .NET 10 SDK; everything else comes from NuGet.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Kit.sln -c Release -nologo -v q
dotnet test Kit.sln -c Release --no-build -nologo --logger "console;verbosity=normal"
