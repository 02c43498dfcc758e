#!/bin/bash
# Submit a sharded run to Slurm: an array of N shard tasks and a merge job
# that starts when all of them have succeeded.
#
#   examples/slurm/submit.sh SCENARIO RUNS N [SEED]
#
# Environment: REASSURE (the binary, default `reassure` on PATH), OUT (the
# results folder, default output), PARTS (where the part files go, default
# parts/<time stamp>, one folder per submission so jobs never mix), and
# SBATCH_ARGS (extra sbatch options such as --partition or --time).
# Prints the two job ids.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 SCENARIO RUNS N [SEED]" >&2
    exit 2
fi
# Checked before anything is made: without sbatch, nothing is submitted,
# and no parts folder is left behind.
if ! command -v sbatch >/dev/null 2>&1; then
    echo "$0: sbatch not found: this script submits to Slurm (run it on a login node)" >&2
    exit 127
fi
here=$(cd "$(dirname "$0")" && pwd)
SCENARIO=$(realpath "$1") RUNS=$2 N=$3 SEED=${4:-2025}
REASSURE=${REASSURE:-reassure}
OUT=${OUT:-output}
PARTS=${PARTS:-parts/$(date +%Y%m%d-%H%M%S)-$$}
mkdir -p "$PARTS"
export REASSURE SCENARIO RUNS SEED PARTS OUT
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_ARGS:-} --array="1-$N" --export=ALL "$here/shard.sbatch")
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_ARGS:-} --dependency="afterok:$array" --export=ALL "$here/merge.sbatch")
echo "shards: job $array (array 1-$N)   merge: job $merge   parts: $PARTS   results: $OUT"
