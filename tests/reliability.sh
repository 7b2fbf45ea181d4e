#!/usr/bin/env bash
# Runs the reliability battery (tests/LocalSail.Server.Tests/Reliability) against the real server process
# and prints what each test measured.
#
#   tests/reliability.sh            the bounded run that ./test.sh also makes (a few minutes)
#   tests/reliability.sh --long     more seeds, kills, first uses, connections (tens of minutes)
#   tests/reliability.sh --seed N   replay a run with seed N (as a failure message says)
#
# Anything after -- goes to dotnet test (e.g. -- --blame-hang-timeout 30m).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=bounded
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --long) mode=long ;;
    --seed) export LOCALSAIL_RELIABILITY_SEED="$2"; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: tests/reliability.sh [--long] [--seed N] [-- dotnet test options]" >&2; exit 2 ;;
  esac
  shift
done

export LOCALSAIL_RELIABILITY="$mode"
dotnet build tests/LocalSail.Server.Tests -c Release
dotnet test tests/LocalSail.Server.Tests -c Release --no-build \
  --filter "FullyQualifiedName~LocalSail.Server.Tests.Reliability" \
  --logger "console;verbosity=detailed" "${extra[@]}"
