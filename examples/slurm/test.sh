#!/bin/bash
# The Slurm test, for real: a one-node cluster on this machine
# (local-cluster.sh), a sharded run submitted with submit.sh (an array of
# shard tasks and a dependent merge job), and the merged summary.json
# compared with one local unsharded run (equal apart from timing).
#
#   examples/slurm/test.sh [REASSURE_BINARY]
#
# Needs root (to install and start Slurm). Exit 0 when they are equal.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
bin=$(realpath "${1:-$repo/target/release/reassure}")
scenario=$repo/scenarios/coalition-baseline.toml
runs=${SLURM_TEST_RUNS:-400000} shards=${SLURM_TEST_SHARDS:-4}
work=$(mktemp -d /var/tmp/reassure-slurm-test.XXXXXX)
trap '"$here/local-cluster.sh" stop; rm -rf "$work"' EXIT
"$here/local-cluster.sh" start
cd "$work"
REASSURE=$bin OUT=$work/merged PARTS=$work/parts "$here/submit.sh" "$scenario" "$runs" "$shards" 2025
# Wait for both jobs to leave the queue (ten minutes at most).
for _ in $(seq 1 600); do
    if [ -z "$(squeue -h -u root -o %i)" ]; then
        break
    fi
    sleep 1
done
if [ -n "$(squeue -h -u root -o %i)" ]; then
    echo "slurm test: jobs still queued after 10 minutes" >&2
    squeue >&2
    exit 1
fi
echo "--- a shard's log"
cat "$work"/reassure-shard-*_1.log
echo "--- the merge's log"
cat "$work"/reassure-merge-*.log | tail -5
parts=$(ls "$work"/parts/*/part-*-of-"$shards".json | wc -l)
if [ "$parts" != "$shards" ]; then
    echo "slurm test: $parts part files, expected $shards" >&2
    exit 1
fi
"$bin" run "$scenario" --runs "$runs" --seed 2025 --out "$work/local" --charts none --quiet
python3 - "$work/merged/coalition-baseline/summary.json" "$work/local/coalition-baseline/summary.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for x in (a, b):
    x.pop("timing", None)
if a != b:
    diff = [k for k in set(a) | set(b) if a.get(k) != b.get(k)]
    sys.exit(f"slurm test: the merged summary differs from the local run in {sorted(diff)}")
print(f"slurm test: the merged and the local summary.json are equal apart from timing ({a['runs']:,} runs)")
PY
for f in "$work"/merged/coalition-baseline/{report.html,outcomes.csv,headline.csv}; do
    test -s "$f" || { echo "slurm test: $f missing" >&2; exit 1; }
done
echo "slurm test: passed"
