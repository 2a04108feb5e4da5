#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (clang) in build/fuzz if needed and runs each for SECONDS.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]      e.g. tests/fuzz/run.sh 600 fuzz_zoom_csv
# Seeds come from tests/data (and tests/fuzz/regressions/<target>/) into build/fuzz/corpus/<target>/,
# which keeps what the fuzzer finds between runs. Crash, leak and timeout inputs are written to
# build/fuzz/artifacts/<target>/. Exits non-zero when any target fails.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${LETSCONNECT_FUZZ_BUILD:-$root/build/fuzz}
seconds=${1:-30}
[[ $# -gt 0 ]] && shift
all=(fuzz_directory_json fuzz_capx_json fuzz_taxonomy_json fuzz_clinics_json fuzz_zoom_csv fuzz_names)
if [[ $# -gt 0 ]]; then targets=("$@"); else targets=("${all[@]}"); fi
data=$root/tests/data

if [[ ! -f $build/CMakeCache.txt ]]; then
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLETSCONNECT_BUILD_FUZZERS=ON -DLETSCONNECT_BUILD_TESTS=OFF -DLETSCONNECT_INSTALL=OFF
fi
cmake --build "$build" --parallel "$(nproc)" --target "${targets[@]}"

# seeds <target> <file>...: copies the files into the target's corpus (each under a seed- name).
seeds() {
  local dir=$build/corpus/$1 f
  shift
  for f in "$@"; do [[ -f $f ]] && cp "$f" "$dir/seed-$(basename "$(dirname "$f")")-$(basename "$f")"; done
  return 0
}

make_corpus() {
  local target=$1 dir=$build/corpus/$1
  mkdir -p "$dir"
  case $target in
    fuzz_directory_json)
      seeds "$target" "$data"/directory_*.json "$data"/planning/*.json "$data"/programme/directory.json \
        "$data"/reconcile/directory.json "$root"/data/sample_directory.json ;;
    fuzz_capx_json)
      # profiles, skills, territories, languages, organizations separated by NUL bytes
      local capx=$data/capx profiles
      for profiles in "$capx"/profiles.json "$data"/recommend/capx_profiles.json; do
        { cat "$profiles"; printf '\0'; cat "$capx/skills.json"; printf '\0'; cat "$capx/territories.json"
          printf '\0'; cat "$capx/languages.json"; printf '\0'; cat "$capx/organizations.json"; } \
          >"$dir/seed-all-$(basename "$profiles")"
        { cat "$profiles"; printf '\0'; cat "$capx/skills.json"; } >"$dir/seed-minimal-$(basename "$profiles")"
      done ;;
    fuzz_taxonomy_json)
      seeds "$target" "$data"/taxonomy_*.json "$root"/data/taxonomy/*.json "$data"/capx/skills.json ;;
    fuzz_clinics_json)
      seeds "$target" "$data"/clinics/*.json "$data"/programme/clinics.json "$data"/reconcile/clinics.json ;;
    fuzz_zoom_csv)
      seeds "$target" "$data"/zoom/*.csv "$data"/zoom/*.txt "$data"/programme/zoom/*.csv "$data"/reconcile/zoom/*.csv ;;
    fuzz_names)
      # "display name\nusername" pairs of the labelled reconciliation set
      python3 - "$data/reconcile/labels.csv" "$dir" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for i, row in enumerate(csv.DictReader(f)):
        with open(f"{sys.argv[2]}/seed-label-{i:04d}", "w", encoding="utf-8") as out:
            out.write(f"{row['display_name']}\n{row['username'] or row['person']}")
PY
      ;;
    *) echo "run.sh: unknown target $target (known: ${all[*]})" >&2; exit 2 ;;
  esac
  if [[ -d $root/tests/fuzz/regressions/$target ]]; then
    local f
    for f in "$root/tests/fuzz/regressions/$target"/*; do [[ -f $f ]] && cp "$f" "$dir/regression-$(basename "$f")"; done
  fi
  return 0
}

dict_of() {
  case $1 in
    fuzz_zoom_csv) echo "$root/tests/fuzz/csv.dict" ;;
    fuzz_names) echo "$root/tests/fuzz/names.dict" ;;
    *) echo "$root/tests/fuzz/json.dict" ;;
  esac
}

failed=()
summary=()
for target in "${targets[@]}"; do
  make_corpus "$target"
  mkdir -p "$build/artifacts/$target" "$build/logs"
  log=$build/logs/$target.log
  echo "== $target: ${seconds}s, corpus $build/corpus/$target ($(ls "$build/corpus/$target" | wc -l) files)"
  status=0
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -detect_leaks=1 -dict="$(dict_of "$target")" -artifact_prefix="$build/artifacts/$target/" \
      "$build/corpus/$target" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 || true)
  line="$target: execs ${execs:-?}, ${cov:-cov: ?}, corpus $(ls "$build/corpus/$target" | wc -l) files, exit $status"
  echo "$line"
  summary+=("$line")
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    echo "---- last lines of $log" >&2
    tail -n 60 "$log" >&2
  fi
done

echo "== summary"
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "FAILED: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
