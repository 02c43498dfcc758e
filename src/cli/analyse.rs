//! The uncertainty analyses: `sensitivity` (one at a time, or Sobol
//! indices), `discover` (PRIM on the per-run sample), `robustness` (the
//! ranking of options over assumption sets), and the per-run CSV export
//! shared by `discover --export` and `run --export-runs`.

use super::inputs::{self, load_all};
use super::outfile::Dest;
use super::run::{json, publish};
use super::term::{progress, warn};
use super::{
    DiscoverArgs, EXIT_INPUT, EXIT_WRITE, Failure, Method, RobustnessArgs, RunOpts, SensitivityArgs,
};
use crate::analysis::inputs::{Input, coefficients, levers, uncertain};
use crate::analysis::{global, oat, prim, robustness, sample};
use crate::engine::Plan;
use crate::model::Model;
use crate::model::coef::{COEFS, Coef};
use crate::report::uncertainty as page;
use crate::scenario::Scenario;
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

/// The most runs `discover` keeps in memory for PRIM (about 100 bytes a
/// run per input).
pub const MAX_DISCOVER_RUNS: u64 = 2_000_000;

fn refuse_shard(opts: &RunOpts, command: &str) -> Option<u8> {
    opts.shard.map(|_| {
        super::shard::refuse(
            command,
            "the analysis needs every run at once; run it on one machine (its work is bounded by --runs, --samples and --draws)",
        )
    })
}

/// Load one scenario (or the default), apply --runs/--seed.
fn load_one(path: Option<&Path>, opts: &RunOpts, what: &str) -> Result<Scenario, u8> {
    match inputs::load_or_default(path) {
        Ok(mut s) => {
            opts.apply(&mut s);
            Ok(s)
        }
        Err(d) => {
            inputs::print_diagnostics(&d);
            warn(&format!("nothing was {what}\n"));
            Err(EXIT_INPUT)
        }
    }
}

fn tick_of(pb: &Option<indicatif::ProgressBar>) -> impl Fn(u64) + Sync + '_ {
    move |n| {
        if let Some(pb) = pb {
            pb.inc(n);
        }
    }
}

/// Run `work` under a progress bar of `total` trajectories (on a terminal,
/// unless quiet); its result and the seconds it took.
fn timed<T>(total: u64, quiet: bool, work: impl FnOnce(&(dyn Fn(u64) + Sync)) -> T) -> (T, f64) {
    let pb = progress(total, quiet);
    let started = Instant::now();
    let out = work(&tick_of(&pb));
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    (out, elapsed)
}

pub fn sensitivity(a: SensitivityArgs) -> u8 {
    if let Some(code) = refuse_shard(&a.opts, "sensitivity") {
        return code;
    }
    let s = match load_one(a.scenario.as_deref(), &a.opts, "run") {
        Ok(s) => s,
        Err(code) => return code,
    };
    let c = a.outcome;
    let mut ins = uncertain(&s);
    match a.method {
        Method::Oat => {
            if a.levers {
                ins.extend(levers(&s));
            }
            if a.coefficients {
                ins.extend(coefficients(&s));
            }
        }
        Method::Sobol if a.levers || a.coefficients => {
            warn(
                "error: --levers and --coefficients are for --method oat\n  = help: Sobol indices are for the inputs the scenario gives as distributions; give a lever or a coefficient (in [assumptions]) a distribution to include it\nnothing was run\n",
            );
            return EXIT_INPUT;
        }
        Method::Sobol => {}
    }
    if ins.is_empty() {
        warn(&format!(
            "error: {} gives no lever or coefficient as a distribution, so there is no uncertain input to analyse\n  = help: give one a distribution (e.g. `risk_appetite = {{ dist = \"triangular\", min = 0.2, mode = 0.5, max = 0.8 }}`), or add --levers or --coefficients (with --method oat)\nnothing was run\n",
            s.file
        ));
        return EXIT_INPUT;
    }
    let threads = a.opts.threads();
    match a.method {
        Method::Oat => {
            let total = s.runs.saturating_mul(2 * ins.len() as u64 + 1);
            let name = format!("{}-oat-{}", s.slug, c.name());
            let _out = match super::guard::prepare(&a.opts, 1, total, &[&name]) {
                Ok(o) => o,
                Err(code) => return code,
            };
            let plan = Plan {
                seed: s.seed,
                first: 0,
                runs: s.runs,
                threads,
                batch: a.opts.batch_size,
            };
            let (t, elapsed) = timed(total, a.opts.output.quiet, |tick| {
                oat::tornado(&s, &ins, c, &plan, tick)
            });
            publish(
                &a.opts,
                &name,
                |png| page::tornado_charts(&s, &t, c, png),
                |r, f| page::tornado_files(&s, &t, c, r, f, elapsed),
                || page::tornado_text(&s, &t, c),
                || json(&page::tornado_json(&s, &t, elapsed)),
                (elapsed, threads),
            )
        }
        Method::Sobol => {
            let d = ins.len();
            let points = a.samples * (d as u64 + 2);
            // Each bootstrap resample goes over every point once: counted
            // as a trajectory each (a resample costs less, so this is safe).
            let total = points
                .saturating_mul(a.runs_per_point)
                .saturating_add(points.saturating_mul(a.bootstrap));
            let name = format!("{}-sobol-{}", s.slug, c.name());
            let _out = match super::guard::prepare(&a.opts, 1, total, &[&name]) {
                Ok(o) => o,
                Err(code) => return code,
            };
            let set = global::Settings {
                samples: a.samples as usize,
                runs_per_point: a.runs_per_point,
                seed: s.seed,
                threads,
                bootstrap: a.bootstrap as usize,
            };
            let (r, elapsed) = timed(total, a.opts.output.quiet, |tick| {
                global::sobol_indices(&s, &ins, c, &set, tick)
            });
            publish(
                &a.opts,
                &name,
                |png| page::sobol_charts(&s, &r, c, png),
                |rd, f| page::sobol_files(&s, &r, c, rd, f, elapsed),
                || page::sobol_text(&s, &r, c),
                || json(&page::sobol_json(&s, &r, elapsed)),
                (elapsed, threads),
            )
        }
    }
}

pub fn discover(a: DiscoverArgs) -> u8 {
    if let Some(code) = refuse_shard(&a.opts, "discover") {
        return code;
    }
    let s = match load_one(a.scenario.as_deref(), &a.opts, "run") {
        Ok(s) => s,
        Err(code) => return code,
    };
    let export = match super::outfile::export_dest(
        a.export.as_deref(),
        a.scenario.as_deref(),
        a.opts.output.json,
        "--export",
    ) {
        Ok(e) => e,
        Err(code) => return code,
    };
    // The CSV on standard output is alone there.
    let to_stdout = export == Some(Dest::Stdout);
    let c = a.outcome;
    if !c.is_probability() {
        warn(&format!(
            "error: discover explains a yes-or-no case, and `{}` is a mean per run\n  = help: use a class (e.g. war, withdrawn) or a probability figure (ceasefire_at_horizon, p_collapse_given_ceasefire, ...)\nnothing was run\n",
            c.name()
        ));
        return EXIT_INPUT;
    }
    let ins = uncertain(&s);
    if ins.is_empty() {
        warn(&format!(
            "error: {} gives no lever or coefficient as a distribution, so runs differ only by chance and there are no inputs to search\n  = help: give the inputs you want to search a distribution (the library's scenarios draw four assumptions and several levers)\nnothing was run\n",
            s.file
        ));
        return EXIT_INPUT;
    }
    if s.runs > MAX_DISCOVER_RUNS {
        warn(&format!(
            "error: discover keeps every run in memory and takes at most {} runs; {} were asked for\n  = help: use --runs {} or fewer (PRIM needs thousands of runs, not millions)\nnothing was run\n",
            crate::report::table::num(MAX_DISCOVER_RUNS as f64),
            crate::report::table::num(s.runs as f64),
            crate::report::table::num(MAX_DISCOVER_RUNS as f64),
        ));
        return EXIT_INPUT;
    }
    let name = format!("{}-discover-{}", s.slug, c.name());
    let _out = match super::guard::prepare(&a.opts, 1, s.runs, &[&name]) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let threads = a.opts.threads();
    let plan = Plan {
        seed: s.seed,
        first: 0,
        runs: s.runs,
        threads,
        batch: a.opts.batch_size,
    };
    let model = Model::new(&s);
    let pb = progress(s.runs, a.opts.output.quiet);
    let started = Instant::now();
    let mut x: Vec<Vec<f64>> = vec![Vec::with_capacity(s.runs as usize); ins.len()];
    let mut y: Vec<bool> = Vec::with_capacity(s.runs as usize);
    let mut export = match export.as_ref().map(|d| Export::create(d, &ins)) {
        Some(Ok(e)) => Some(e),
        Some(Err(Failure(code, msg))) => {
            warn(&format!("{msg}\nnothing was run\n"));
            return code;
        }
        None => None,
    };
    let mut failed = None;
    sample::for_each_chunk(&model, &ins, &plan, &tick_of(&pb), |rows| {
        for r in rows {
            let (num, den) = c.value(&r.record);
            if den == 0 {
                continue;
            }
            for (col, v) in x.iter_mut().zip(&r.inputs) {
                col.push(*v);
            }
            y.push(num > 0);
        }
        if let Some(e) = &mut export
            && let Err(f) = e.rows(&ins, rows)
        {
            failed = Some(f);
            return false;
        }
        true
    });
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    if let Some(Failure(code, msg)) = failed {
        warn(&format!("{msg}\n"));
        return code;
    }
    let opts = prim::Opts {
        alpha: a.alpha,
        min_mass: a.min_mass,
        ..prim::Opts::default()
    };
    let names: Vec<String> = ins.iter().map(|i| i.key.clone()).collect();
    let t = prim::peel_and_paste(&x, &y, &opts);
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(e) = export {
        match e.finish() {
            Ok(p) => {
                if !a.opts.output.quiet && !a.opts.output.json && !to_stdout {
                    super::term::say(&format!("Per-run sample: {}\n", p.display()));
                }
            }
            Err(Failure(code, msg)) => {
                warn(&format!("{msg}\n"));
                return code;
            }
        }
    }
    let d = page::Discovery::new(&s, c, &ins, &names, (&x, &y), &t);
    let mut opts = a.opts.clone();
    opts.output.quiet |= to_stdout;
    publish(
        &opts,
        &name,
        |png| page::discover_charts(&d, png),
        |r, f| page::discover_files(&d, r, f, elapsed),
        || page::discover_text(&d),
        || json(&d.json(elapsed)),
        (elapsed, threads),
    )
}

/// `run --export-runs FILE`: the per-run sample of any scenario.
pub fn export_runs(
    s: &Scenario,
    dest: &Dest,
    opts: &RunOpts,
) -> Result<std::path::PathBuf, Failure> {
    let ins = uncertain(s);
    let model = Model::new(s);
    let plan = Plan {
        seed: s.seed,
        first: 0,
        runs: s.runs,
        threads: opts.threads(),
        batch: opts.batch_size,
    };
    let mut e = Export::create(dest, &ins)?;
    let mut failed = None;
    sample::for_each_chunk(&model, &ins, &plan, &|_| {}, |rows| {
        match e.rows(&ins, rows) {
            Ok(()) => true,
            Err(f) => {
                failed = Some(f);
                false
            }
        }
    });
    if let Some(f) = failed {
        return Err(f);
    }
    e.finish()
}

/// A CSV written under a temporary name beside its target and renamed
/// when complete (removed on interrupt), or to standard output (`-`).
struct Export {
    target: std::path::PathBuf,
    tmp: Option<std::path::PathBuf>,
    out: std::io::BufWriter<Box<dyn std::io::Write>>,
    buf: String,
    /// Standard output was closed by its reader (`| head`): stop quietly.
    closed: bool,
}

impl Export {
    /// Start the export to `dest` (checked by [`super::outfile::check`]).
    fn create(dest: &Dest, ins: &[Input]) -> Result<Export, Failure> {
        let (target, tmp, sink): (std::path::PathBuf, _, Box<dyn std::io::Write>) = match dest {
            Dest::Stdout => ("<stdout>".into(), None, Box::new(std::io::stdout())),
            Dest::File(target) => {
                let name = target
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_else(|| "runs.csv".into());
                let tmp = target.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
                crate::cleanup::register(&tmp);
                let file = crate::report::write::create_new(&tmp).map_err(|e| {
                    crate::cleanup::unregister(&tmp);
                    Failure(
                        EXIT_WRITE,
                        format!(
                            "error: cannot write the per-run CSV `{}`: {e}\n  = help: choose a writable path for the file",
                            target.display()
                        ),
                    )
                })?;
                (target.clone(), Some(tmp), Box::new(file))
            }
        };
        let mut e = Export {
            target,
            tmp,
            out: std::io::BufWriter::with_capacity(1 << 20, sink),
            buf: String::new(),
            closed: false,
        };
        let header = sample::csv_header(ins);
        e.write(header.as_bytes())?;
        Ok(e)
    }

    fn drop_tmp(&self) {
        if let Some(tmp) = &self.tmp {
            let _ = std::fs::remove_file(tmp);
            crate::cleanup::unregister(tmp);
        }
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), Failure> {
        if self.closed {
            return Ok(());
        }
        match self.out.write_all(bytes) {
            Err(e) if self.tmp.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                return Ok(());
            }
            r => r,
        }
        .map_err(|err| {
            self.drop_tmp();
            Failure(
                EXIT_WRITE,
                format!(
                    "error: cannot write the per-run CSV `{}`: {err}\n  = help: free some space or choose another path",
                    self.target.display()
                ),
            )
        })
    }

    fn rows(&mut self, ins: &[Input], rows: &[sample::Row]) -> Result<(), Failure> {
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        for r in rows {
            sample::csv_row(&mut buf, ins, r);
        }
        let out = self.write(buf.as_bytes());
        self.buf = buf;
        out
    }

    fn finish(mut self) -> Result<std::path::PathBuf, Failure> {
        let flushed = match self.out.flush() {
            Err(e) if self.tmp.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            _ if self.closed => Ok(()),
            r => r,
        };
        let done = match (&self.tmp, flushed) {
            (_, Err(e)) => Err(e),
            (None, Ok(())) => Ok(()),
            (Some(tmp), Ok(())) => {
                // The file is complete on disk before its name says so; the
                // target is checked again just before the rename: a link,
                // folder or device put there since the first check is
                // refused, not replaced.
                std::fs::File::open(tmp)
                    .and_then(|f| f.sync_all())
                    .and_then(|()| match std::fs::symlink_metadata(&self.target) {
                        Ok(m) if !m.file_type().is_file() => Err(std::io::Error::other(
                            "it is no longer a regular file (something replaced it while the runs were simulated)",
                        )),
                        _ => std::fs::rename(tmp, &self.target),
                    })
                    .map(|()| {
                        crate::report::write::sync_dir(
                            self.target.parent().unwrap_or(Path::new(".")),
                        )
                    })
            }
        };
        if let Some(tmp) = &self.tmp {
            crate::cleanup::unregister(tmp);
        }
        match done {
            Ok(()) => Ok(self.target),
            Err(err) => {
                self.drop_tmp();
                Err(Failure(
                    EXIT_WRITE,
                    format!(
                        "error: cannot write the per-run CSV `{}`: {err}\n  = help: choose a writable path",
                        self.target.display()
                    ),
                ))
            }
        }
    }
}

pub fn robustness(a: RobustnessArgs) -> u8 {
    if let Some(code) = refuse_shard(&a.opts, "robustness") {
        return code;
    }
    let mut options = match load_all(&a.scenarios, &a.opts, true) {
        Ok(s) => s,
        Err(code) => return code,
    };
    if options.len() < 2 {
        warn(
            "error: robustness ranks options: give at least two different scenario files\nnothing was run\n",
        );
        return EXIT_INPUT;
    }
    let seed = a.opts.seed.unwrap_or(options[0].seed);
    let runs = a.opts.runs.unwrap_or(DEFAULT_ROBUSTNESS_RUNS);
    for s in &mut options {
        s.seed = seed;
        s.runs = runs;
    }
    let c = a.criterion;
    let which = match coefficients_named(&a.coefficients) {
        Ok(w) => w,
        Err(msg) => {
            warn(&format!("{msg}\nnothing was run\n"));
            return EXIT_INPUT;
        }
    };
    let n = options.len() as u64;
    let total = runs.saturating_mul(n).saturating_mul(a.draws + 1);
    let slugs: Vec<&str> = options.iter().map(|s| s.slug.as_str()).collect();
    let name = crate::report::comparison::folder_name(&slugs).replacen(
        "compare-",
        &format!("robustness-{}-", c.name()),
        1,
    );
    let _out = match super::guard::prepare(&a.opts, 1, total, &[&name]) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let threads = a.opts.threads();
    let (r, elapsed) = timed(total, a.opts.output.quiet, |tick| {
        let written = robustness::as_written(&options, c, seed, runs, threads);
        tick(runs * n);
        let draws = robustness::draws(&options, c, &which, seed, a.draws, runs, threads, tick);
        page::Robustness::new(&options, c, &which, (seed, runs), &written, &draws)
    });
    publish(
        &a.opts,
        &name,
        |png| page::robustness_charts(&r, png),
        |rd, f| page::robustness_files(&r, rd, f, elapsed),
        || page::robustness_text(&r),
        || json(&r.json(elapsed)),
        (elapsed, threads),
    )
}

/// Runs per option and assumption set when `--runs` is not given.
pub const DEFAULT_ROBUSTNESS_RUNS: u64 = 4_000;

/// `--coefficients a,b`: the coefficients an assumption set draws (every
/// one when none is named); a name may carry its `assumptions.` prefix.
fn coefficients_named(names: &[String]) -> Result<Vec<Coef>, String> {
    if names.is_empty() {
        return Ok(Coef::ALL.to_vec());
    }
    let mut out: Vec<Coef> = Vec::new();
    let mut bad = Vec::new();
    for raw in names.iter().flat_map(|n| n.split(',')) {
        let name = raw.trim().trim_start_matches("assumptions.");
        match Coef::ALL.iter().find(|c| c.spec().name == name) {
            Some(c) if !out.contains(c) => out.push(*c),
            Some(_) => {}
            None => {
                let hint = crate::scenario::diag::suggest(name, COEFS.iter().map(|c| c.name))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                bad.push(format!(
                    "error: --coefficients: `{}` is not a coefficient{hint}\n  = help: the names are the keys of [assumptions] (docs/model.md, \"Coefficients\"), e.g. announcement_penalty,renewal_bar",
                    crate::text::printable(name)
                ));
            }
        }
    }
    // Tied pairs are drawn together: each alone, against a partner as an
    // option writes it, could break the rule that ties them.
    let pairs = crate::model::coef::ORDERED
        .iter()
        .map(|(a, b)| (*a, *b, "at most"))
        .chain(
            crate::model::coef::SHARES
                .iter()
                .map(|(a, b, _)| (*a, *b, "a share of one whole with")),
        );
    for (a, b, how) in pairs {
        let (has_a, has_b) = (out.contains(&a), out.contains(&b));
        if has_a != has_b {
            let (named, missing) = if has_a { (a, b) } else { (b, a) };
            bad.push(format!(
                "error: --coefficients: `{}` is tied to `{}` ({} {} {}) and they are drawn together\n  = help: add `{}` to --coefficients",
                named.spec().name,
                missing.spec().name,
                a.spec().name,
                how,
                b.spec().name,
                missing.spec().name
            ));
        }
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(bad.join("\n"))
    }
}
