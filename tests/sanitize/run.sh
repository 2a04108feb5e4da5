#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the library and the GoogleTest suite with sanitizers and run the whole suite via ctest.
#
#   tests/sanitize/run.sh asan   # AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer) -> build/asan
#   tests/sanitize/run.sh tsan   # ThreadSanitizer -> build/tsan
#   tests/sanitize/run.sh all    # both, one after the other
#
# Exits non-zero on any sanitizer report (every sanitizer halts the test process, which fails
# its ctest test) or any failing test. Environment knobs:
#   JOBS        parallel compile jobs (default: nproc) and CTEST_JOBS ctest jobs (default: 2)
#   BUILD_ROOT  where build/asan and build/tsan go (default: <repo>/build)
#   CXX         compiler (default: g++)
# Under TSan the script sets LETSCONNECT_TEST_SCALE=small: tests that read it (test_concurrency.cpp)
# do fewer rounds of the same calls; nothing is skipped.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build_root="${BUILD_ROOT:-$root/build}"
jobs="${JOBS:-$(nproc)}"
ctest_jobs="${CTEST_JOBS:-2}"
cxx="${CXX:-g++}"

usage() { echo "usage: $0 asan|tsan|all" >&2; exit 2; }
[[ $# -eq 1 ]] || usage

# -O1 keeps the build and the instrumented run fast while keeping frames (with
# -fno-omit-frame-pointer from LETSCONNECT_SANITIZE) and line tables readable.
opt_flags="-O1 -g1"

run_mode() {
  local mode="$1" sanitize dir
  case "$mode" in
    asan) sanitize="address,undefined" ;;
    tsan) sanitize="thread" ;;
    *) usage ;;
  esac
  dir="$build_root/$mode"
  local start=$SECONDS
  echo "== [$mode] configure $dir (-fsanitize=$sanitize, $opt_flags); load: $(cut -d' ' -f1-3 /proc/loadavg)"
  cmake -S "$root" -B "$dir" -G Ninja \
    -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$opt_flags" \
    -DLETSCONNECT_SANITIZE="$sanitize" \
    -DLETSCONNECT_BUILD_TESTS=ON \
    -DLETSCONNECT_INSTALL=OFF \
    -DLETSCONNECT_BUILD_PYTHON=OFF || return 1
  echo "== [$mode] build"
  # Explicit checks: set -e does not apply inside a function called from `||` (mode all).
  nice cmake --build "$dir" -j "$jobs" || return 1
  local built=$SECONDS

  echo "== [$mode] test (ctest -j$ctest_jobs)"
  local status=0
  if [[ $mode == asan ]]; then
    ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:detect_odr_violation=2:print_summary=1" \
    UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:report_error_type=1" \
    LSAN_OPTIONS="report_objects=1" \
      ctest --test-dir "$dir" -j "$ctest_jobs" --output-on-failure --no-tests=error || status=$?
  else
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:history_size=4:suppressions=$here/tsan.supp" \
    LETSCONNECT_TEST_SCALE=small \
      ctest --test-dir "$dir" -j "$ctest_jobs" --output-on-failure --no-tests=error || status=$?
  fi
  echo "== [$mode] configure+build $((built - start)) s, test $((SECONDS - built)) s, total $((SECONDS - start)) s; load: $(cut -d' ' -f1-3 /proc/loadavg); status $status"
  return "$status"
}

case "$1" in
  asan|tsan) run_mode "$1" ;;
  all)
    rc=0
    run_mode asan || rc=$?
    run_mode tsan || rc=$?
    exit "$rc" ;;
  *) usage ;;
esac
