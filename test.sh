#!/usr/bin/env bash
# Runs the whole test suite: build (warnings are errors, code style enforced), format check, all tests.
set -euo pipefail
cd "$(dirname "$0")"
dotnet restore LocalSail.slnx
dotnet build LocalSail.slnx --no-restore -c Release
dotnet format LocalSail.slnx --verify-no-changes --no-restore
dotnet test LocalSail.slnx --no-build -c Release
