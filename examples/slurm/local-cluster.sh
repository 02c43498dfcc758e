#!/bin/bash
# A one-node Slurm cluster on this machine, for testing the job scripts:
# installs slurm-wlm and munge from Debian's packages if missing, writes a
# minimal slurm.conf for this host (every daemon as root, no cgroups, no
# accounting), and starts munged, slurmctld and slurmd.
#
#   examples/slurm/local-cluster.sh start | stop
#
# Needs root. Not for production: a real cluster has its own configuration.
set -euo pipefail
action=${1:-start}
state=${SLURM_TEST_STATE:-/var/tmp/reassure-slurm}

stop() {
    for d in slurmd slurmctld; do
        pkill -x "$d" 2>/dev/null || true
    done
    if [ -f "$state/munged.pid" ]; then
        kill "$(cat "$state/munged.pid")" 2>/dev/null || true
    fi
    pkill -x munged 2>/dev/null || true
}

if [ "$action" = stop ]; then
    stop
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "local-cluster.sh: needs root (it installs packages and starts daemons)" >&2
    exit 2
fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq slurm-wlm munge >/dev/null
fi
stop
host=$(hostname -s)
cpus=$(nproc)
# slurmd -C reports this node's real memory; stay a little under it.
mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
mem=$(( ${mem:-2048} * 9 / 10 ))
mkdir -p "$state"/{ctld,slurmd,log} /etc/slurm /etc/munge /run/munge /var/log/munge /var/lib/munge
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=reassure-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
if [ ! -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
fi
chmod 400 /etc/munge/munge.key
# munged refuses to run as root without --force; this is a test cluster.
munged --force --pid-file="$state/munged.pid"
slurmctld
slurmd
for _ in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
        sinfo
        exit 0
    fi
    sleep 1
done
echo "local-cluster.sh: the node did not come up; logs in $state/log" >&2
sinfo >&2 || true
tail -20 "$state/log/slurmctld.log" "$state/log/slurmd.log" >&2 || true
exit 1
