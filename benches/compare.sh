#!/usr/bin/env bash
# Side-by-side timings of `unattui check` against the references in issue 6, as ratios with
# PASS/FAIL. Runs from anywhere; installs hyperfine, xmllint (libxml2-utils) and GNU time if
# missing (apt-get, as root or with sudo). Not used by `cargo test`.
#
#   benches/compare.sh                       # 10 rounds of 4 runs of each command
#   ROUNDS=20 PER_ROUND=2 benches/compare.sh
#
# The commands of a comparison are interleaved (see `interleave`), so both run under the same
# load; ratios use medians over all runs. hyperfine sends their output to /dev/null, as
# `> /dev/null` would. RUNS (default 20) is the number of runs of the scaling measurements.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-20}"

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v xmllint >/dev/null || need+=(libxml2-utils)
[ -x /usr/bin/time ] || need+=(time)
command -v jq >/dev/null || need+=(jq)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

cargo build --release --no-default-features --quiet --bin unattui --example gen-answer-file
bin="$PWD/target/release/unattui"
gen="$PWD/target/release/examples/gen-answer-file"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

"$gen" --commands 30000 --out "$dir/large.xml"
"$gen" --commands 500 --out "$dir/medium.xml"
"$gen" --typical --out "$dir/typical.xml"
mkdir "$dir/many"
for i in $(seq 1 1000); do "$gen" --typical --seed "$i" --out "$dir/many/f$i.xml"; done
large_bytes=$(stat -c %s "$dir/large.xml")

# The ratios come from interleaved runs: ROUNDS rounds, each running every command of a
# comparison PER_ROUND times in turn, so that a slow spell of a shared machine falls on all of
# them; medians are taken over all the rounds' runs.
ROUNDS="${ROUNDS:-10}"
PER_ROUND="${PER_ROUND:-4}"
interleave() { # output prefix, then hyperfine's `-n NAME COMMAND` pairs
  local out="$1"; shift
  for r in $(seq 1 "$ROUNDS"); do
    hyperfine -N --style none --warmup 1 --runs "$PER_ROUND" --export-json "$out.$r.json" "$@" >/dev/null
  done
}
# median of command N (0-based) over every round of an interleaved comparison, in seconds
median() {
  jq -s "[.[].results[$2].times[]] | sort | if length % 2 == 1 then .[length / 2 | floor]
         else (.[length / 2 - 1] + .[length / 2]) / 2 end" "$1".*.json
}
# one line per command: its median over all rounds
report() { # prefix, then the commands' names in order
  local out="$1" i=0; shift
  for name in "$@"; do
    printf '   %-14s median %9.2f ms over %d runs\n' "$name" \
      "$(awk -v m="$(median "$out" "$i")" 'BEGIN { print m * 1000 }')" $((ROUNDS * PER_ROUND))
    i=$((i + 1))
  done
}
results=()
verdict() { # name ratio limit
  local ok; ok=$(awk -v r="$2" -v l="$3" 'BEGIN { print (r <= l) ? "PASS" : "FAIL" }')
  results+=("$(printf '%-58s %8.3f  (target <= %s)  %s' "$1" "$2" "$3" "$ok")")
}
hf() { hyperfine -N --style basic --warmup 3 --runs "${HF_RUNS:-$RUNS}" --export-json "$@"; }

echo "== 10 MB open + validate vs xmllint --noout ($(numfmt --to=iec "$large_bytes"))"
# The third command is the same check without the second start under glibc's malloc
# tunables (src/cli/tuning.rs), for comparison only: `env` adds its own start (~0.5 ms).
interleave "$dir/h1" \
  -n unattui "$bin check --format json $dir/large.xml" \
  -n xmllint "xmllint --noout $dir/large.xml" \
  -n no-restart "env GLIBC_TUNABLES= $bin check --format json $dir/large.xml"
report "$dir/h1" unattui xmllint no-restart
verdict "check --format json 10MB / xmllint --noout" \
  "$(awk -v a="$(median "$dir/h1" 0)" -v b="$(median "$dir/h1" 1)" 'BEGIN{print a/b}')" 0.5
awk -v a="$(median "$dir/h1" 2)" -v b="$(median "$dir/h1" 1)" \
  'BEGIN { printf "   without the second start (for comparison, not a target): %.3f\n", a / b }'

echo "== typical 6 KB: unattui check vs true"
PER_ROUND=$((PER_ROUND * 5)) interleave "$dir/h2" \
  -n unattui "$bin check $dir/typical.xml" \
  -n true "true"
PER_ROUND=$((PER_ROUND * 5)) report "$dir/h2" unattui true
verdict "check typical 6KB / true" \
  "$(awk -v a="$(median "$dir/h2" 0)" -v b="$(median "$dir/h2" 1)" 'BEGIN{print a/b}')" 2

echo "== 1000 typical files: one unattui check vs xmllint (one process, and one per file)"
many=$(echo "$dir"/many/*.xml)
interleave "$dir/h3" \
  -n unattui "$bin check --format json $many" \
  -n xmllint-one "xmllint --noout $many"
report "$dir/h3" unattui xmllint-one
verdict "check 1000 files / xmllint --noout f1..f1000 (one process)" \
  "$(awk -v a="$(median "$dir/h3" 0)" -v b="$(median "$dir/h3" 1)" 'BEGIN{print a/b}')" 0.5
# One xmllint process per file (as a CI loop would run it) is slow: a few runs are enough.
HF_RUNS=5 hf "$dir/h4.json" -n xmllint-loop "sh -c 'for f in $dir/many/*.xml; do xmllint --noout \$f; done'" >/dev/null
verdict "check 1000 files / xmllint --noout per file (shell loop)" \
  "$(awk -v a="$(median "$dir/h3" 0)" -v b="$(jq -r '.results[0].median' "$dir/h4.json")" 'BEGIN{print a/b}')" 0.5

echo "== CPU use of check over 1000 files (user+sys / wall; 2 cores busy = 2.0)"
/usr/bin/time -f "%e %U %S" -o "$dir/t3" "$bin" check --format json "$dir"/many/*.xml >/dev/null || true
read -r wall user sys < "$dir/t3"
awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN { printf "   wall %.3fs, cpu %.3fs: %.2f cores\n", w, u+s, (u+s)/w }'

echo "== peak memory (max RSS) of check on the 10 MB file"
peak=0
for _ in 1 2 3; do
  /usr/bin/time -f "%M" -o "$dir/m" "$bin" check --format json "$dir/large.xml" >/dev/null || true
  kb=$(tail -n 1 "$dir/m"); [ "$kb" -gt "$peak" ] && peak=$kb
done
verdict "peak RSS / file size (max of 3)" \
  "$(awk -v k="$peak" -v b="$large_bytes" 'BEGIN{print k*1024/b}')" 3
echo "   peak ${peak} KiB for a ${large_bytes}-byte file"

echo "== scaling: check --format json, median wall time and peak RSS"
printf '   %-10s %12s %12s %12s\n' file bytes median peak_KiB
for f in typical medium large; do
  HF_RUNS=10 hf "$dir/s.json" "$bin check --format json $dir/$f.xml" >/dev/null
  /usr/bin/time -f "%M" -o "$dir/m" "$bin" check --format json "$dir/$f.xml" >/dev/null || true
  printf '   %-10s %12s %10.2fms %12s\n' "$f" "$(stat -c %s "$dir/$f.xml")" \
    "$(awk -v m="$(jq -r '.results[0].median' "$dir/s.json")" 'BEGIN{print m*1000}')" "$(tail -n 1 "$dir/m")"
done

echo
echo "== summary ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
printf '%s\n' "${results[@]}"
echo "(the save and editor-keystroke targets are measured in-process: cargo bench)"
