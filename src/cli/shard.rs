//! Shards and `reassure merge`. `run`, `compare` and `sweep` with
//! `--shard K/N` simulate only part K of N contiguous parts of their work
//! and write one file, `OUT/<name>/part-K-of-N.json`: the exact integer
//! aggregates of that part, the scenario texts (so `merge` rebuilds exactly
//! the scenarios that ran), the seed, runs, N and the tool's version.
//! `merge` checks that the parts belong together and writes what the
//! unsharded command writes. Because aggregates are integers and every draw
//! is keyed by run index, the merged aggregates are the unsharded ones.

use super::run::{self, Done, json};
use super::term::{say, warn};
use super::{EXIT_EXPECT, EXIT_INPUT, EXIT_WRITE, Failure, MergeArgs, RunOpts, ShardBy};
use crate::analysis::compare::{Paired, PairedWire};
use crate::engine::aggregate::AggregateWire;
use crate::engine::{Aggregate, Shard};
use crate::model::Model;
use crate::report::table::num;
use crate::scenario::{self, Scenario};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// The part file format's name and version.
pub const FORMAT: &str = "reassure-part/4";

/// Part files larger than this are refused (a part holds aggregates, not runs).
const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;

/// A scenario as a part carries it: its file name, hash and text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartScenario {
    pub file: String,
    pub sha256: String,
    pub text: String,
}

impl PartScenario {
    pub fn of(s: &Scenario) -> PartScenario {
        PartScenario {
            file: s.file.clone(),
            sha256: s.sha256.clone(),
            text: s.text.to_string(),
        }
    }
}

/// One shard's result.
#[derive(Debug, Serialize, Deserialize)]
pub struct Part {
    pub format: String,
    /// `run`, `compare` or `sweep`.
    pub command: String,
    pub version: String,
    pub seed: u64,
    pub runs: u64,
    /// K and N.
    pub shard: u64,
    pub shards: u64,
    /// The part's slice of the runs (or of the grid points for a sweep cut
    /// by points): `first .. first + count`.
    pub first: u64,
    pub count: u64,
    pub scenarios: Vec<PartScenario>,
    /// A sweep's `--vary` and `--outcome` as given, and how it was cut.
    #[serde(default)]
    pub vary: Vec<String>,
    #[serde(default)]
    pub outcome: Vec<String>,
    #[serde(default)]
    pub shard_by: String,
    /// A sweep's heatmap colouring (`--scale`, `--difference`), which
    /// `merge` draws with.
    #[serde(default)]
    pub scale: String,
    #[serde(default)]
    pub difference: bool,
    pub elapsed_s: f64,
    pub threads: usize,
    pub data: PartData,
    /// HMAC-SHA256 of the part without this field, keyed by
    /// `REASSURE_SHARD_KEY` when that was set for the shard; `merge` with
    /// the same key refuses a part whose MAC is missing or wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<String>,
}

/// The environment variable holding the key shards sign their parts with
/// and `merge` checks them against.
pub const KEY_VAR: &str = "REASSURE_SHARD_KEY";

/// The shared key, if one is set and not empty.
fn shard_key() -> Option<Vec<u8>> {
    std::env::var_os(KEY_VAR)
        .map(|k| k.into_encoded_bytes())
        .filter(|k| !k.is_empty())
}

/// HMAC-SHA256 (RFC 2104) of `msg` under `key`, in hex.
fn hmac_sha256(key: &[u8], msg: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |b: u8| k.map(|x| x ^ b);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(msg)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    outer.iter().map(|b| format!("{b:02x}")).collect()
}

/// With a key, a part must carry the MAC the key gives its JSON without the
/// `mac` field (taken out of `p` here): a part whose provenance was edited,
/// even with its hashes recomputed, or that was made without the key, is
/// refused. Whether the part was signed.
fn take_mac(p: &mut Part, path: &Path, key: Option<&[u8]>) -> Result<bool, String> {
    let mac = p.mac.take();
    match (key, mac) {
        (None, mac) => Ok(mac.is_some()),
        (Some(_), None) => Err(format!(
            "{} carries no MAC, but {KEY_VAR} is set: it was made without the key",
            path.display()
        )),
        (Some(key), Some(m)) if m != hmac_sha256(key, json(p).as_bytes()) => Err(format!(
            "{}: its MAC does not match under {KEY_VAR}: it was edited, or made with another key",
            path.display()
        )),
        (Some(_), Some(_)) => Ok(true),
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartData {
    Run {
        aggregate: Box<AggregateWire>,
    },
    Compare {
        paired: PairedWire,
    },
    /// One aggregate per grid point of the part, in grid order.
    Sweep {
        aggregates: Vec<AggregateWire>,
    },
}

pub fn part_name(sh: Shard) -> String {
    format!("part-{}-of-{}.json", sh.k, sh.n)
}

/// What every part of one job shares (its identity), for the checks.
impl Part {
    pub fn new(
        command: &str,
        seed: u64,
        runs: u64,
        sh: Shard,
        slice: std::ops::Range<u64>,
    ) -> Part {
        Part {
            format: FORMAT.into(),
            command: command.into(),
            version: super::VERSION.into(),
            seed,
            runs,
            shard: sh.k,
            shards: sh.n,
            first: slice.start,
            count: slice.end - slice.start,
            scenarios: Vec::new(),
            vary: Vec::new(),
            outcome: Vec::new(),
            shard_by: "runs".into(),
            scale: String::new(),
            difference: false,
            elapsed_s: 0.0,
            threads: 1,
            data: PartData::Run {
                aggregate: Box::new(Aggregate::new(0).to_wire()),
            },
            mac: None,
        }
    }
}

/// Write a part file into `OUT/name/` under a temporary name renamed into
/// place, so an interrupted or failed shard leaves no part file. No folder
/// lock: the shards of one job write side by side.
pub fn write_part(opts: &RunOpts, name: &str, sh: Shard, mut part: Part, of: &str) -> u8 {
    // Signed over the part as written, without its `mac`.
    part.mac = shard_key().map(|key| hmac_sha256(&key, json(&part).as_bytes()));
    let dir = opts.output.out.join(name);
    let target = dir.join(part_name(sh));
    let tmp = dir.join(format!(".{}.tmp-{}", part_name(sh), std::process::id()));
    let result = (|| -> std::io::Result<()> {
        if opts.output.out.exists() && !opts.output.out.is_dir() {
            return Err(std::io::Error::other("--out is a file, not a folder"));
        }
        std::fs::create_dir_all(&dir)?;
        crate::cleanup::register(&tmp);
        std::fs::write(&tmp, json(&part))?;
        std::fs::rename(&tmp, &target)
    })();
    crate::cleanup::unregister(&tmp);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        warn(&format!(
            "error: cannot write {}: {e}\n  = help: choose a writable folder with --out DIR\n",
            target.display()
        ));
        return EXIT_WRITE;
    }
    if opts.output.json {
        say(&format!(
            "{{\"part\": {:?}}}\n",
            target.display().to_string()
        ));
    } else if !opts.output.quiet {
        say(&format!(
            "shard {}/{}: {} of {of} in {:.2} s on {} thread{} → {}\n",
            sh.k,
            sh.n,
            num(part.count as f64),
            part.elapsed_s,
            part.threads,
            if part.threads == 1 { "" } else { "s" },
            target.display()
        ));
    }
    0
}

/// Progress for a shard's log (a cluster job has no terminal): a line on
/// stderr about every 10 seconds and at the end, unless `--quiet`.
pub fn log_progress(label: String, total: u64, quiet: bool) -> impl Fn(u64) + Sync {
    let state = Mutex::new((0u64, Instant::now(), Instant::now()));
    move |n: u64| {
        if quiet {
            return;
        }
        let mut g = state.lock().unwrap_or_else(|e| e.into_inner());
        g.0 += n;
        let now = Instant::now();
        if now.duration_since(g.2).as_secs_f64() >= 10.0 || g.0 >= total {
            g.2 = now;
            let secs = now.duration_since(g.1).as_secs_f64().max(1e-9);
            let rate = g.0 as f64 / secs;
            let eta = if rate > 0.0 {
                (total.saturating_sub(g.0)) as f64 / rate
            } else {
                0.0
            };
            warn(&format!(
                "{label}: {} / {} runs ({:.0}%), {}, {:.0} s elapsed, ETA {:.0} s\n",
                num(g.0 as f64),
                num(total as f64),
                100.0 * g.0 as f64 / total.max(1) as f64,
                super::term::rate(rate),
                secs,
                eta
            ));
        }
    }
}

/// A sharded command refused where sharding does not apply yet.
pub fn refuse(command: &str, instead: &str) -> u8 {
    warn(&format!(
        "error: `{command}` does not take --shard\n  = help: {instead}\nnothing was run\n"
    ));
    EXIT_INPUT
}

// ---------------------------------------------------------------- merge

/// The part files named by the arguments: files as given, folders searched
/// (not recursively) for `part-K-of-N.json`.
fn part_files(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for a in args {
        if a.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(a)
                .map_err(|e| format!("cannot read the folder {}: {e}", a.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("part-") && n.ends_with(".json"))
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(format!(
                    "no part-K-of-N.json files in the folder {}",
                    a.display()
                ));
            }
            out.extend(found);
        } else if a.exists() {
            out.push(a.clone());
        } else {
            return Err(format!("{} does not exist", a.display()));
        }
    }
    Ok(out)
}

fn read_part(path: &Path) -> Result<Part, String> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{shown} is not a regular file"));
    }
    if meta.len() > MAX_PART_BYTES {
        return Err(format!(
            "{shown} is larger than a part file can be ({} bytes)",
            meta.len()
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    let probe: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| format!("{shown}:{}:{}: not a part file: {e}", e.line(), e.column()))?;
    let format = probe.get("format").and_then(|f| f.as_str()).unwrap_or("");
    if format != FORMAT {
        return Err(format!(
            "{shown}: not a part file of this format (format `{}`, expected `{FORMAT}`)",
            crate::text::clip(&crate::text::printable(format), 40)
        ));
    }
    serde_json::from_value(probe).map_err(|e| format!("{shown}: a damaged part file: {e}"))
}

/// Check that the parts are one whole: the same job (command, version,
/// seed, runs, N, scenarios, sweep settings), each K once, none missing,
/// each with the slice its K names.
fn check(parts: &[(PathBuf, Part)]) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let (p0_path, p0) = &parts[0];
    for (path, p) in parts {
        let shown = path.display();
        if p.version != super::VERSION {
            problems.push(format!(
                "{shown} was made by reassure {}, this is {}: merge with the version that made the parts (or run the shards again)",
                crate::text::printable(&p.version),
                super::VERSION
            ));
        }
        let same = [
            ("command", p.command == p0.command),
            ("seed", p.seed == p0.seed),
            ("runs", p.runs == p0.runs),
            ("number of shards N", p.shards == p0.shards),
            (
                "scenario (its SHA-256)",
                p.scenarios
                    .iter()
                    .map(|s| &s.sha256)
                    .eq(p0.scenarios.iter().map(|s| &s.sha256)),
            ),
            ("--vary", p.vary == p0.vary),
            ("--outcome", p.outcome == p0.outcome),
            ("--shard-by", p.shard_by == p0.shard_by),
            (
                "--scale or --difference",
                p.scale == p0.scale && p.difference == p0.difference,
            ),
        ];
        for (what, ok) in same {
            if !ok {
                problems.push(format!(
                    "{shown} belongs to another job than {}: its {what} differs",
                    p0_path.display()
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let n = p0.shards;
    let mut seen: Vec<Option<&Path>> = vec![None; n as usize];
    for (path, p) in parts {
        if p.shard < 1 || p.shard > n {
            problems.push(format!("{} names part {} of {n}", path.display(), p.shard));
            continue;
        }
        match seen[p.shard as usize - 1] {
            Some(first) => problems.push(format!(
                "part {} of {n} is given twice: {} and {}",
                p.shard,
                first.display(),
                path.display()
            )),
            None => seen[p.shard as usize - 1] = Some(path),
        }
    }
    let missing: Vec<String> = seen
        .iter()
        .enumerate()
        .filter(|(_, s)| s.is_none())
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "{} of {n} parts missing: {}{}",
            missing.len(),
            missing
                .iter()
                .take(20)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            if missing.len() > 20 { ", ..." } else { "" }
        ));
    }
    if problems.is_empty() {
        let total = if p0.shard_by == "points" {
            match super::sweep::axes_of(&p0.vary) {
                Ok(axes) => crate::analysis::sweep::grid(&axes).len() as u64,
                Err(e) => return Err(vec![format!("{}: {e}", p0_path.display())]),
            }
        } else {
            p0.runs
        };
        for (path, p) in parts {
            let r = Shard { k: p.shard, n }.range(total);
            if p.first != r.start || p.count != r.end - r.start {
                problems.push(format!(
                    "{} holds {}..{}, but part {} of {n} is {}..{}",
                    path.display(),
                    p.first,
                    p.first + p.count,
                    p.shard,
                    r.start,
                    r.end
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Rebuild the scenarios a part ran, checked against their hashes.
fn scenarios_of(p: &Part, path: &Path) -> Result<Vec<Scenario>, String> {
    p.scenarios
        .iter()
        .map(|ps| {
            let mut s = scenario::parse(&ps.text, &ps.file).map_err(|d| {
                format!(
                    "{}: the scenario {} it carries no longer validates: {}",
                    path.display(),
                    ps.file,
                    d.first().map(|x| x.to_string()).unwrap_or_default()
                )
            })?;
            if s.sha256 != ps.sha256 {
                return Err(format!(
                    "{}: the scenario text of {} does not match its hash (the file was edited)",
                    path.display(),
                    ps.file
                ));
            }
            s.seed = p.seed;
            s.runs = p.runs;
            Ok(s)
        })
        .collect()
}

pub fn merge(a: MergeArgs) -> u8 {
    let fail = |msgs: &[String]| {
        for m in msgs {
            warn(&format!("error: {m}\n"));
        }
        warn(
            "  = help: give every part-K-of-N.json of one job, made by this version, once each\nnothing was merged\n",
        );
        EXIT_INPUT
    };
    let files = match part_files(&a.parts) {
        Ok(f) => f,
        Err(e) => return fail(&[e]),
    };
    let key = shard_key();
    let mut parts = Vec::new();
    let mut problems = Vec::new();
    let mut signed = false;
    for f in files {
        match read_part(&f).and_then(|mut p| {
            signed |= take_mac(&mut p, &f, key.as_deref())?;
            Ok(p)
        }) {
            Ok(p) => parts.push((f, p)),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return fail(&problems);
    }
    if signed && key.is_none() {
        warn(&format!(
            "note: the parts carry a MAC; set {KEY_VAR} to the shards' key to check it\n"
        ));
    }
    if let Err(p) = check(&parts) {
        return fail(&p);
    }
    parts.sort_by_key(|(_, p)| p.shard);
    let scenarios = match scenarios_of(&parts[0].1, &parts[0].0) {
        Ok(s) => s,
        Err(e) => return fail(&[e]),
    };
    // Every part's data is read, checked and merged before the results
    // folder is touched: a damaged part leaves nothing behind.
    let merged = match combine(&parts, &scenarios) {
        Ok(m) => m,
        Err(Failure(code, msg)) => {
            warn(&format!("{msg}\n"));
            return code;
        }
    };
    let opts = a.output.run_opts(Some(
        parts
            .iter()
            .map(|(_, p)| p.threads as u64)
            .max()
            .unwrap_or(1),
    ));
    let _out = match super::guard::OutFolder::claim(&opts.output.out) {
        Ok(o) => o,
        Err(msg) => {
            warn(&format!("{msg}\nnothing was merged\n"));
            return EXIT_WRITE;
        }
    };
    let elapsed: f64 = parts.iter().map(|(_, p)| p.elapsed_s).sum();
    let p0 = &parts[0].1;
    if !a.output.quiet && !a.output.json {
        warn(&format!(
            "merging {} parts of `{}` ({} runs, seed {}, {} scenario{})\n",
            parts.len(),
            p0.command,
            num(p0.runs as f64),
            p0.seed,
            scenarios.len(),
            if scenarios.len() == 1 { "" } else { "s" }
        ));
    }
    let result = match merged {
        Merged::Run(agg) => publish_run(parts.len(), &scenarios[0], &opts, &agg, elapsed),
        Merged::Compare(paired) => Ok(super::compare::publish_compare(
            &scenarios, &paired, elapsed, &opts,
        )),
        Merged::Sweep(axes, aggs) => Ok(super::sweep::publish_sweep(
            &scenarios[0],
            &axes,
            &p0.outcome,
            &aggs,
            elapsed,
            &opts,
            super::sweep::view_of(&p0.scale, p0.difference),
        )),
    };
    match result {
        Ok(code) => code,
        Err(Failure(code, msg)) => {
            warn(&format!("{msg}\n"));
            code
        }
    }
}

fn bad_data(path: &Path, e: String) -> Failure {
    Failure(
        EXIT_INPUT,
        format!(
            "error: {}: a damaged part file: {e}\nnothing was merged",
            path.display()
        ),
    )
}

/// The parts' data, checked and merged.
enum Merged {
    Run(Box<Aggregate>),
    Compare(Paired),
    Sweep(Vec<crate::analysis::sweep::Axis>, Vec<Aggregate>),
}

/// Read every part's data, check each against the invariants of an honest
/// part, and merge them with checked arithmetic.
fn combine(parts: &[(PathBuf, Part)], scenarios: &[Scenario]) -> Result<Merged, Failure> {
    match parts[0].1.command.as_str() {
        "run" => combine_run(parts, &scenarios[0]).map(|a| Merged::Run(Box::new(a))),
        "compare" => combine_compare(parts, scenarios).map(Merged::Compare),
        "sweep" => combine_sweep(parts, &scenarios[0]).map(|(x, a)| Merged::Sweep(x, a)),
        other => Err(Failure(
            EXIT_INPUT,
            format!(
                "error: parts of `{}` cannot be merged",
                crate::text::printable(other)
            ),
        )),
    }
}

fn combine_run(parts: &[(PathBuf, Part)], s: &Scenario) -> Result<Aggregate, Failure> {
    let mut agg = Aggregate::new(s.horizon_months);
    for (path, p) in parts {
        let PartData::Run { aggregate } = &p.data else {
            return Err(bad_data(path, "not a run's data".into()));
        };
        let part =
            Aggregate::from_wire(aggregate, s.horizon_months).map_err(|e| bad_data(path, e))?;
        if part.runs != p.count {
            return Err(bad_data(
                path,
                format!("{} runs for a slice of {}", part.runs, p.count),
            ));
        }
        agg.try_merge(&part).map_err(|e| bad_data(path, e))?;
    }
    Ok(agg)
}

fn publish_run(
    n_parts: usize,
    s: &Scenario,
    opts: &RunOpts,
    agg: &Aggregate,
    elapsed: f64,
) -> Result<u8, Failure> {
    let Done { summary, dir } = run::finish(s, opts, agg, elapsed)?;
    if opts.output.json {
        say(&json(&summary));
    } else if !opts.output.quiet {
        say(&crate::report::markdown::summary_text(&summary));
        say(&format!(
            "\nResults: {}/  (merged from {n_parts} parts)\n",
            dir.display(),
        ));
    }
    Ok(if run::report_expectations("", &summary) {
        0
    } else {
        EXIT_EXPECT
    })
}

fn combine_compare(parts: &[(PathBuf, Part)], scenarios: &[Scenario]) -> Result<Paired, Failure> {
    let models: Vec<Model> = scenarios.iter().map(Model::new).collect();
    let mut whole: Option<Paired> = None;
    for (path, p) in parts {
        let PartData::Compare { paired } = &p.data else {
            return Err(bad_data(path, "not a comparison's data".into()));
        };
        let part = Paired::from_wire(paired, &models).map_err(|e| bad_data(path, e))?;
        if part.aggs.iter().any(|a| a.runs != p.count) {
            return Err(bad_data(
                path,
                format!("an option's runs differ from its slice of {}", p.count),
            ));
        }
        match &mut whole {
            Some(w) => w.try_merge(&part).map_err(|e| bad_data(path, e))?,
            None => whole = Some(part),
        }
    }
    whole.ok_or_else(|| Failure(EXIT_INPUT, "error: no parts".into()))
}

fn combine_sweep(
    parts: &[(PathBuf, Part)],
    base: &Scenario,
) -> Result<(Vec<crate::analysis::sweep::Axis>, Vec<Aggregate>), Failure> {
    let p0 = &parts[0].1;
    let axes =
        super::sweep::axes_of(&p0.vary).map_err(|e| Failure(EXIT_INPUT, format!("error: {e}")))?;
    let points = crate::analysis::sweep::grid(&axes);
    let models = super::sweep::point_scenarios(base, &axes, &points);
    let by_points = p0.shard_by == "points";
    let total_points: u64 = parts.iter().map(|(_, p)| p.count).sum();
    if by_points && total_points != points.len() as u64 {
        return Err(Failure(
            EXIT_INPUT,
            format!(
                "error: the parts hold {total_points} grid points, the grid has {}",
                points.len()
            ),
        ));
    }
    let mut aggs: Vec<Option<Aggregate>> = vec![None; points.len()];
    for (path, p) in parts {
        let PartData::Sweep { aggregates } = &p.data else {
            return Err(bad_data(path, "not a sweep's data".into()));
        };
        let slice: Vec<usize> = if by_points {
            (p.first as usize..(p.first + p.count) as usize).collect()
        } else {
            (0..points.len()).collect()
        };
        if aggregates.len() != slice.len() {
            return Err(bad_data(
                path,
                format!("{} grid points, expected {}", aggregates.len(), slice.len()),
            ));
        }
        for (i, w) in slice.into_iter().zip(aggregates) {
            let part =
                Aggregate::from_wire(w, models[i].horizon_months).map_err(|e| bad_data(path, e))?;
            match &mut aggs[i] {
                Some(a) => a.try_merge(&part).map_err(|e| bad_data(path, e))?,
                None => aggs[i] = Some(part),
            }
        }
    }
    let aggs: Vec<Aggregate> = aggs
        .into_iter()
        .map(|a| {
            a.ok_or_else(|| {
                Failure(
                    EXIT_INPUT,
                    "error: a grid point is missing from the parts".into(),
                )
            })
        })
        .collect::<Result<_, _>>()?;
    if aggs.iter().any(|a| a.runs != base.runs) {
        return Err(Failure(
            EXIT_INPUT,
            "error: a grid point's runs do not add up to the sweep's".into(),
        ));
    }
    Ok((axes, aggs))
}

/// Which slice of the work a shard does, for sweeps cut by points.
pub fn by(s: ShardBy) -> &'static str {
    match s {
        ShardBy::Runs => "runs",
        ShardBy::Points => "points",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231's test cases 1 and 6 (a key longer than a block).
    #[test]
    fn hmac_sha256_matches_rfc_4231() {
        assert_eq!(
            hmac_sha256(&[0x0b; 20], b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            ),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }
}
