//! `reassure batch`: every scenario in the given files and folders, each
//! into its own folder, then the index with every option's difference from
//! the reference scenario (`no-force` when the batch has it).

use super::guard;
use super::inputs::load_all;
use super::run::{Done, execute, report_expectations, write_failure};
use super::term::{say, warn};
use super::{BatchArgs, EXIT_EXPECT, EXIT_INPUT, EXIT_WRITE, Failure, RunOpts};
use crate::analysis;
use crate::engine::Plan;
use crate::model::Model;
use crate::report::{self, Summary, charts::Formats};
use crate::scenario::Scenario;
use std::time::Instant;

pub fn batch(a: BatchArgs) -> u8 {
    let scenarios = match load_all(&a.paths, &a.opts, true) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let total: u64 = scenarios.iter().map(|s| s.runs).sum();
    let reference = match reference_diffs(&scenarios, a.reference.as_deref(), &a.opts) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let _out = match guard::prepare(&a.opts, 1, total) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let pb = super::term::progress(total, a.opts.quiet);
    let started = Instant::now();
    let mut done: Vec<Done> = Vec::new();
    for s in &scenarios {
        if let Some(pb) = &pb {
            pb.set_prefix(s.slug.clone());
        }
        match execute(s, &a.opts, pb.as_ref()) {
            Ok(d) => done.push(d),
            Err(Failure(code, msg)) => {
                if let Some(pb) = &pb {
                    pb.finish_and_clear();
                }
                warn(&format!("{msg}\n"));
                return code;
            }
        }
    }
    let reference = reference.map(|plan| plan.run());
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let summaries: Vec<&Summary> = done.iter().map(|d| &d.summary).collect();
    let index = match report::index::index_files(
        &summaries,
        reference.as_ref(),
        started.elapsed().as_secs_f64(),
        Formats::from(a.opts.charts),
    ) {
        Ok(f) => f,
        Err(e) => {
            warn(&format!("error: {e}\n"));
            return EXIT_WRITE;
        }
    };
    if let Err(e) = report::write::write_files(&a.opts.out, &index) {
        let Failure(code, msg) = write_failure(e);
        warn(&format!("{msg}\n"));
        return code;
    }
    if a.opts.json {
        if let Some((_, bytes)) = index.iter().find(|(n, _)| n == "batch.json") {
            say(&String::from_utf8_lossy(bytes));
        }
    } else if !a.opts.quiet {
        say(&report::index::headline_text(
            &summaries,
            reference.as_ref(),
        ));
        say(&format!(
            "\nIndex: {}  ({} scenarios, {:.2} s)\n",
            a.opts.out.join("index.html").display(),
            done.len(),
            started.elapsed().as_secs_f64()
        ));
    }
    let mut ok = true;
    for d in &done {
        ok &= report_expectations(&format!("{}: ", d.summary.scenario.slug), &d.summary);
    }
    if ok { 0 } else { EXIT_EXPECT }
}

/// The reference comparison, resolved before anything runs (a missing
/// reference is bad input) and run after the scenarios.
struct ReferencePlan<'a> {
    scenarios: &'a [Scenario],
    reference: &'a Scenario,
    threads: usize,
    batch: u64,
}

impl ReferencePlan<'_> {
    /// Every other scenario minus the reference, paired on common random
    /// numbers. Scenarios whose seed or runs differ from the reference's
    /// cannot be paired and get no difference.
    fn run(&self) -> report::index::Reference {
        let r = self.reference;
        let reference = Model::new(r);
        let diffs = self
            .scenarios
            .iter()
            .map(|s| {
                (s.slug != r.slug && s.seed == r.seed && s.runs == r.runs).then(|| {
                    let plan = Plan {
                        seed: s.seed,
                        first: 0,
                        runs: s.runs,
                        threads: self.threads,
                        batch: self.batch,
                    };
                    analysis::compare::reference_diffs(&reference, &Model::new(s), &plan)
                })
            })
            .collect();
        report::index::Reference {
            name: r.name.clone(),
            slug: r.slug.clone(),
            diffs,
        }
    }
}

/// Which scenario is the reference: `--reference SLUG`, `none`, or
/// `no-force` when the batch has it. An unknown slug is exit 2.
fn reference_diffs<'a>(
    scenarios: &'a [Scenario],
    wanted: Option<&str>,
    o: &RunOpts,
) -> Result<Option<ReferencePlan<'a>>, u8> {
    let slug = match wanted {
        Some("none") => return Ok(None),
        Some(s) => s,
        None => "no-force",
    };
    let Some(reference) = scenarios.iter().find(|s| s.slug == slug) else {
        if wanted.is_some() {
            let slugs: Vec<&str> = scenarios.iter().map(|s| s.slug.as_str()).collect();
            warn(&format!(
                "error: --reference {slug}: no scenario in the batch has that slug\n  = expected: one of {}, or `none`\nnothing was run\n",
                slugs.join(", ")
            ));
            return Err(EXIT_INPUT);
        }
        return Ok(None);
    };
    Ok(Some(ReferencePlan {
        scenarios,
        reference,
        threads: o.threads(),
        batch: o.batch_size,
    }))
}
