#!/usr/bin/env bash
# Every test: install what is missing, configure the debug preset
# (ASan + UBSan, no recovery), build, and run ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh

ensure_packages "${BUILD_PACKAGES[@]}"
cmake --preset debug
cmake --build --preset debug
ctest --preset debug
