//! `reassure batch`: every scenario in the given files and folders, each
//! into its own folder, then the index with every option's difference from
//! the reference scenario (`no-force` when the batch has it).

use super::guard;
use super::inputs::load_all;
use super::run::{plan, report_expectations, result_of, say_written, simulate, write_failure};
use super::term::{say, warn};
use super::{BatchArgs, EXIT_EXPECT, EXIT_INPUT, EXIT_WRITE, Failure};
use crate::analysis::compare::{RefDiff, reference_diffs, simulate_paired};
use crate::analysis::robustness;
use crate::model::Model;
use crate::report::{self, Summary, charts::Formats};
use crate::scenario::Scenario;
use indexmap::IndexMap;
use std::time::Instant;

pub fn batch(a: BatchArgs) -> u8 {
    if a.opts.shard.is_some() {
        return super::shard::refuse(
            "batch",
            "shard each scenario with `reassure run FILE --shard K/N` and merge each with `reassure merge`, or compare options with `reassure compare ... --shard K/N`",
        );
    }
    let scenarios = match load_all(&a.paths, &a.opts, true) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let reference = match reference_of(&scenarios, a.reference.as_deref()) {
        Ok(r) => r,
        Err(code) => return code,
    };
    // An option paired with the reference runs once, together with it: its
    // own results are the paired run's (the same keyed streams give the
    // same aggregate), so pairing costs the reference's runs, not the
    // option's twice.
    let paired = |s: &Scenario| {
        reference.is_some_and(|r| {
            s.slug != r.slug
                && s.seed == r.seed
                && s.runs == r.runs
                && s.horizon_months == r.horizon_months
        })
    };
    let check_runs = |s: &Scenario| (s.runs / 20).clamp(200, 2_000);
    let total: u64 = scenarios
        .iter()
        .map(|s| {
            if paired(s) {
                2 * s.runs + 2 * a.robustness_draws * check_runs(s)
            } else {
                s.runs
            }
        })
        .sum();
    let names: Vec<&str> = scenarios.iter().map(|s| s.slug.as_str()).collect();
    let _out = match guard::prepare(&a.opts, 1, total, &names) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let pb = super::term::progress(total, a.opts.output.quiet);
    let tick = |n| {
        if let Some(pb) = &pb {
            pb.inc(n);
        }
    };
    let started = Instant::now();
    let reference_model = reference.map(Model::new);
    // Every scenario's folder is staged under its temporary name; all are
    // put in place together with the index at the end, so an interrupt
    // leaves the previous batch whole (never new folders beside an old
    // index).
    let mut done: Vec<Summary> = Vec::new();
    let mut staged: Vec<report::write::Staged> = Vec::new();
    let mut diffs: Vec<Option<IndexMap<String, RefDiff>>> = Vec::new();
    let mut survival: Vec<Option<IndexMap<String, robustness::Survival>>> = Vec::new();
    for s in &scenarios {
        if let Some(pb) = &pb {
            pb.set_prefix(s.slug.clone());
        }
        let result = match &reference_model {
            Some(r) if paired(s) => {
                let at = Instant::now();
                let both = simulate_paired(&[r.clone(), Model::new(s)], &plan(s, &a.opts), &tick);
                let d = reference_diffs(&both.pairings[0], s.runs);
                // The option's own time excludes the check below.
                let elapsed = at.elapsed().as_secs_f64();
                survival.push((a.robustness_draws > 0).then(|| {
                    let written: Vec<(f64, [f64; 2])> =
                        d.values().map(|x| (x.diff, x.ci95)).collect();
                    let v = robustness::survival(
                        reference.expect("paired with a reference"),
                        s,
                        &written,
                        s.runs,
                        a.robustness_draws,
                        check_runs(s),
                        a.opts.threads(),
                        &tick,
                    );
                    d.keys().cloned().zip(v).collect()
                }));
                diffs.push(Some(d));
                result_of(s, &a.opts, &both.aggs[1], elapsed)
            }
            _ => {
                diffs.push(None);
                survival.push(None);
                let (agg, elapsed) = simulate(s, &a.opts, pb.as_ref());
                result_of(s, &a.opts, &agg, elapsed)
            }
        };
        let result = result.and_then(|(summary, files)| {
            report::write::stage_folder(&a.opts.output.out, &s.slug, &files)
                .map(|st| (summary, st))
                .map_err(write_failure)
        });
        match result {
            Ok((summary, st)) => {
                done.push(summary);
                staged.push(st);
            }
            Err(Failure(code, msg)) => {
                if let Some(pb) = &pb {
                    pb.finish_and_clear();
                }
                staged.into_iter().for_each(report::write::Staged::discard);
                warn(&format!("{msg}\n"));
                return code;
            }
        }
    }
    let reference = reference.map(|r| report::index::Reference {
        name: r.name.clone(),
        slug: r.slug.clone(),
        diffs,
        survival,
    });
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let summaries: Vec<&Summary> = done.iter().collect();
    let index = match report::index::index_files(
        &summaries,
        reference.as_ref(),
        started.elapsed().as_secs_f64(),
        Formats::from(a.opts.output.charts),
        report::charts::Look::slide(a.opts.output.slide),
    ) {
        Ok(f) => f,
        Err(e) => {
            staged.into_iter().for_each(report::write::Staged::discard);
            warn(&format!("error: {e}\n"));
            return EXIT_WRITE;
        }
    };
    // The commit: every folder, then the index, with interrupts held off.
    let commit = {
        let _commit = crate::cleanup::commit_guard();
        let mut failed = None;
        for st in staged {
            if failed.is_some() {
                st.discard();
                continue;
            }
            match st.commit() {
                Ok(w) => say_written(&w),
                Err(e) => failed = Some(e),
            }
        }
        match failed {
            Some(e) => Err(e),
            None => report::write::write_files(&a.opts.output.out, &index),
        }
    };
    if let Err(e) = commit {
        let Failure(code, msg) = write_failure(e);
        warn(&format!("{msg}\n"));
        return code;
    }
    if a.opts.output.json {
        if let Some((_, bytes)) = index.iter().find(|(n, _)| n == "batch.json") {
            say(&String::from_utf8_lossy(bytes));
        }
    } else if !a.opts.output.quiet {
        say(&report::index::headline_text(
            &summaries,
            reference.as_ref(),
        ));
        say(&format!(
            "\nIndex: {}  ({} scenarios, {:.2} s)\n",
            a.opts.output.out.join("index.html").display(),
            done.len(),
            started.elapsed().as_secs_f64()
        ));
    }
    let mut ok = true;
    for d in &done {
        ok &= report_expectations(&format!("{}: ", d.scenario.slug), d);
    }
    if ok { 0 } else { EXIT_EXPECT }
}

/// The scenario every other one is compared with: `--reference SLUG`,
/// `none`, or `no-force` when the batch has it. An unknown slug is exit 2.
/// Scenarios whose seed or runs differ from the reference's cannot be
/// paired and get no difference.
fn reference_of<'a>(
    scenarios: &'a [Scenario],
    wanted: Option<&str>,
) -> Result<Option<&'a Scenario>, u8> {
    let slug = match wanted {
        Some("none") => return Ok(None),
        Some(s) => s,
        None => "no-force",
    };
    match scenarios.iter().find(|s| s.slug == slug) {
        Some(r) => Ok(Some(r)),
        None if wanted.is_some() => {
            let slugs: Vec<&str> = scenarios.iter().map(|s| s.slug.as_str()).collect();
            warn(&format!(
                "error: --reference {slug}: no scenario in the batch has that slug\n  = expected: one of {}, or `none`\nnothing was run\n",
                slugs.join(", ")
            ));
            Err(EXIT_INPUT)
        }
        None => Ok(None),
    }
}
