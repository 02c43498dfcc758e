//! `reassure run` (and bare `reassure`): one scenario, simulated, drawn and
//! written; and the pieces `batch`, `compare` and `sweep` share with it.

use super::guard;
use super::inputs;
use super::term::{say, warn};
use super::{EXIT_EXPECT, EXIT_INPUT, EXIT_WRITE, Failure, RunArgs, RunOpts};
use crate::engine::{self, Plan};
use crate::model::Model;
use crate::report::charts::{self, ChartSet, Formats, Rendered};
use crate::report::{self, Summary, markdown};
use crate::scenario::Scenario;
use std::path::PathBuf;
use std::time::Instant;

/// One scenario's run: the summary and the folder it was written to.
pub struct Done {
    pub summary: Summary,
    pub dir: PathBuf,
}

pub fn run(a: RunArgs) -> u8 {
    let loaded = inputs::load_or_default(a.scenario.as_deref());
    let mut s = match loaded {
        Ok(s) => s,
        Err(d) => {
            inputs::print_diagnostics(&d);
            warn("nothing was run\n");
            return EXIT_INPUT;
        }
    };
    a.opts.apply(&mut s);
    let export = match super::outfile::export_dest(
        a.export_runs.as_deref(),
        a.scenario.as_deref(),
        a.opts.output.json,
        "--export-runs",
    ) {
        Ok(e) => e,
        Err(code) => return code,
    };
    // The CSV on standard output is alone there.
    let quiet = a.opts.output.quiet || export == Some(super::outfile::Dest::Stdout);
    if let Some(sh) = a.opts.shard {
        if a.export_runs.is_some() {
            warn(
                "error: --export-runs writes every run and cannot be used with --shard\n  = help: export from an unsharded run (`reassure run FILE --export-runs runs.csv`)\nnothing was run\n",
            );
            return EXIT_INPUT;
        }
        return run_shard(&s, &a.opts, sh);
    }
    let _out = match guard::prepare(&a.opts, 1, s.runs, &[&s.slug]) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let pb = super::term::progress(s.runs, a.opts.output.quiet);
    let done = execute(&s, &a.opts, pb.as_ref());
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let Done { summary, dir } = match done {
        Ok(d) => d,
        Err(Failure(code, msg)) => {
            warn(&format!("{msg}\n"));
            return code;
        }
    };
    // The per-run CSV is a second pass over the same keyed runs: the
    // aggregate stays streaming, and the rows are the runs just summarised.
    if let Some(dest) = &export {
        match super::analyse::export_runs(&s, dest, &a.opts) {
            Ok(p) if !quiet && !a.opts.output.json => {
                say(&format!("Per-run sample: {}\n", p.display()))
            }
            Ok(_) => {}
            Err(Failure(code, msg)) => {
                warn(&format!("{msg}\n"));
                return code;
            }
        }
    }
    if a.opts.output.json {
        say(&json(&summary));
    } else if !quiet {
        say(&markdown::summary_text(&summary));
        say(&format!(
            "\nResults: {}/  ({:.2} s on {} threads; charts {:.2} s)\n",
            dir.display(),
            summary.timing.elapsed_s,
            summary.timing.threads,
            summary.timing.charts_s
        ));
    }
    if report_expectations("", &summary) {
        0
    } else {
        EXIT_EXPECT
    }
}

/// `run --shard K/N`: simulate part K of the runs and write its part file.
fn run_shard(s: &Scenario, o: &RunOpts, sh: crate::engine::Shard) -> u8 {
    if let Err(msg) = super::limits::check(1, s.runs, o.allow_large) {
        warn(&format!("{msg}\nnothing was run\n"));
        return EXIT_INPUT;
    }
    let slice = sh.range(s.runs);
    let model = Model::new(s);
    let plan = Plan {
        first: slice.start,
        runs: slice.end - slice.start,
        ..plan(s, o)
    };
    let started = Instant::now();
    let tick = super::shard::log_progress(
        format!("{} shard {}/{}", s.slug, sh.k, sh.n),
        plan.runs,
        o.output.quiet,
    );
    let agg = engine::simulate(&model, &plan, &tick);
    let mut part = super::shard::Part::new("run", s.seed, s.runs, sh, slice);
    part.scenarios = vec![super::shard::PartScenario::of(s)];
    part.elapsed_s = started.elapsed().as_secs_f64();
    part.threads = o.threads();
    part.data = super::shard::PartData::Run {
        aggregate: Box::new(agg.to_wire()),
    };
    super::shard::write_part(
        o,
        &s.slug,
        sh,
        part,
        &format!("{} runs", crate::report::table::num(s.runs as f64)),
    )
}

/// A serialisable result as pretty JSON with a final newline.
pub fn json(v: &impl serde::Serialize) -> String {
    let mut s = serde_json::to_string_pretty(v).expect("results always serialise");
    s.push('\n');
    s
}

/// Simulate a valid scenario, draw its charts and write its folder.
pub fn execute(
    s: &Scenario,
    o: &RunOpts,
    pb: Option<&indicatif::ProgressBar>,
) -> Result<Done, Failure> {
    let (agg, elapsed) = simulate(s, o, pb);
    finish(s, o, &agg, elapsed)
}

/// Simulate a valid scenario: its aggregate and the seconds it took.
pub fn simulate(
    s: &Scenario,
    o: &RunOpts,
    pb: Option<&indicatif::ProgressBar>,
) -> (crate::engine::Aggregate, f64) {
    let model = Model::new(s);
    let started = Instant::now();
    let agg = engine::simulate(&model, &plan(s, o), &|n| {
        if let Some(pb) = pb {
            pb.inc(n);
        }
    });
    (agg, started.elapsed().as_secs_f64())
}

/// The plan of a scenario's runs under the command's options.
pub fn plan(s: &Scenario, o: &RunOpts) -> Plan {
    Plan {
        seed: s.seed,
        first: 0,
        runs: s.runs,
        threads: o.threads(),
        batch: o.batch_size,
    }
}

/// Summarise a simulated scenario, draw its charts and write its folder.
pub fn finish(
    s: &Scenario,
    o: &RunOpts,
    agg: &crate::engine::Aggregate,
    elapsed: f64,
) -> Result<Done, Failure> {
    let (summary, files) = result_of(s, o, agg, elapsed)?;
    let replaced = other_scenario_in(&o.output.out.join(&s.slug), s);
    let dir = write(o, &s.slug, &files)?;
    if let Some(other) = replaced {
        warn(&format!(
            "note: {}/ held the results of {other}, another scenario whose name makes the same folder name; they were replaced\n  = help: give one of the two scenarios another `name`, or write to another folder with --out DIR\n",
            dir.display()
        ));
    }
    Ok(Done { summary, dir })
}

/// The scenario whose results `dir` holds (from its `summary.json`), when it
/// is not `s`: another name, or another file that still exists. A folder
/// that is not a result, or cannot be read, is nobody's.
fn other_scenario_in(dir: &std::path::Path, s: &Scenario) -> Option<String> {
    let path = dir.join("summary.json");
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > 64 << 20 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
    let name = v["scenario"]["name"].as_str()?;
    let file = v["scenario"]["file"].as_str().unwrap_or("");
    let same_file = match (std::fs::canonicalize(file), std::fs::canonicalize(&s.file)) {
        (Ok(a), Ok(b)) => a == b,
        _ => true,
    };
    (name != s.name || !same_file).then(|| {
        format!(
            "\"{}\" ({})",
            crate::text::clip(&crate::text::printable(name), 80),
            crate::text::clip(&crate::text::printable(file), 120)
        )
    })
}

/// Summarise a simulated scenario and draw its files.
pub fn result_of(
    s: &Scenario,
    o: &RunOpts,
    agg: &crate::engine::Aggregate,
    elapsed: f64,
) -> Result<(Summary, Vec<report::File>), Failure> {
    let mut summary = report::summarize(s, agg, elapsed, o.threads());
    let formats = Formats::from(o.output.charts);
    let drawn = Instant::now();
    let rendered = if formats == Formats::None {
        Vec::new()
    } else {
        charts::render(
            &ChartSet::single(&summary).with_look(charts::Look::slide(o.output.slide)),
            &charts::Kind::ALL,
            formats.png_files(),
        )
        .map_err(|e| Failure(EXIT_WRITE, format!("error: {e}")))?
    };
    summary.timing.charts_s = drawn.elapsed().as_secs_f64();
    let mut files = report::result_files(&summary, &rendered, formats);
    files.push(report::brief::file(&report::brief::of_run(&summary)));
    Ok((summary, files))
}

/// Write a results folder `OUT/name/`, saying which files of the user's it
/// kept from the folder it replaced.
pub fn write(o: &RunOpts, name: &str, files: &[report::File]) -> Result<PathBuf, Failure> {
    let w = report::write::write_folder(&o.output.out, name, files).map_err(write_failure)?;
    say_written(&w);
    Ok(w.dir)
}

/// The notes on a written folder: the user's files kept, entries not kept,
/// a previous folder that could not be removed.
pub fn say_written(w: &report::write::Written) {
    if !w.kept.is_empty() {
        warn(&format!(
            "note: kept {} file{} you added to {}/: {}\n",
            w.kept.len(),
            if w.kept.len() == 1 { "" } else { "s" },
            w.dir.display(),
            w.kept.join(", ")
        ));
    }
    if !w.not_kept.is_empty() {
        warn(&format!(
            "note: not kept (a device, FIFO or socket that could not be moved): {}\n",
            w.not_kept.join(", ")
        ));
    }
    if let Some((old, e)) = &w.leftover {
        warn(&format!(
            "warning: the previous results, moved aside to {}, could not be removed ({e}); remove that folder yourself\n",
            old.display()
        ));
    }
}

pub fn write_failure(e: report::write::WriteError) -> Failure {
    Failure(
        EXIT_WRITE,
        format!("error: {e}\n  = help: choose a writable folder with --out DIR"),
    )
}

/// Print every failed `[expect]` bound; true when none failed.
pub fn report_expectations(prefix: &str, summary: &Summary) -> bool {
    let mut ok = true;
    for e in summary.failed_expectations() {
        warn(&format!("expectation failed: {prefix}{}\n", e.describe()));
        ok = false;
    }
    ok
}

/// The end of `compare` and `sweep`: draw the charts (unless `--charts
/// none`), write the folder `OUT/name/`, print the text (or the JSON) and
/// where it went.
pub fn publish(
    opts: &RunOpts,
    name: &str,
    render: impl FnOnce(bool) -> Result<Vec<Rendered>, charts::ChartError>,
    files: impl FnOnce(&[Rendered], Formats) -> Vec<report::File>,
    text: impl FnOnce() -> String,
    json_text: impl FnOnce() -> String,
    (elapsed, threads): (f64, usize),
) -> u8 {
    let formats = Formats::from(opts.output.charts);
    let rendered = if formats == Formats::None {
        Vec::new()
    } else {
        match render(formats.png_files()) {
            Ok(r) => r,
            Err(e) => {
                warn(&format!("error: {e}\n"));
                return EXIT_WRITE;
            }
        }
    };
    let dir = match write(opts, name, &files(&rendered, formats)) {
        Ok(d) => d,
        Err(Failure(code, msg)) => {
            warn(&format!("{msg}\n"));
            return code;
        }
    };
    if opts.output.json {
        say(&json_text());
    } else if !opts.output.quiet {
        say(&text());
        say(&format!(
            "\nResults: {}/  ({:.2} s on {} threads)\n",
            dir.display(),
            elapsed,
            threads
        ));
    }
    0
}
