#!/usr/bin/env bash
# Mutation testing: how many small bugs in core/src/ do the fuzzers find?
#
#   ./ci/mutate.sh [--sample N] [--seed S] [--file GLOB] [--function NAME]
#                  [--category allocator|checker|all] [--time SECONDS]
#                  [--jobs N] [--with-tests] [--list] [--out DIR]
#
# Installs what it needs, builds the debug preset's uvmlab (it lists the
# fuzz targets), then runs ci/mutate.py, whose docstring says what it
# does.  The figures in the README come from
#   ./ci/mutate.sh --sample 40 --seed 1 --time 60 --jobs 2 --with-tests
set -euo pipefail
cd "$(dirname "$0")/.."
. ci/packages.sh
ensure_packages "${BUILD_PACKAGES[@]}" clang libclang-rt-14-dev ccache util-linux
cmake --preset debug >/dev/null
cmake --build --preset debug --target uvmlab >/dev/null
exec /usr/bin/python3 ci/mutate.py "$@"
