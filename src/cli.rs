//! The command line: clap definitions, and each subcommand wired from the
//! library's parts. Exit codes (product brief): 0 success; 1 an `[expect]`
//! check failed; 2 bad input; 3 results could not be written.

use crate::analysis;
use crate::engine::{self, DEFAULT_BATCH, Plan};
use crate::model::Model;
use crate::report::charts::{self, ChartSet, Formats};
use crate::report::{self, Summary, markdown};
use crate::scenario::{self, Diagnostic, MAX_RUNS, Scenario};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

pub const EXIT_EXPECT: u8 = 1;
pub const EXIT_INPUT: u8 = 2;
pub const EXIT_WRITE: u8 = 3;

#[derive(Debug, Parser)]
#[command(
    name = "reassure",
    version,
    about = "Monte Carlo scenarios for a European reassurance force in Ukraine",
    long_about = "Monte Carlo scenarios for a European reassurance force in Ukraine.\n\n\
        With no subcommand, `reassure` runs the default scenario (scenarios/coalition-baseline.toml, \
        built into the binary) and writes its results under output/.\n\n\
        Exit codes: 0 success; 1 an [expect] check failed; 2 bad input; 3 results could not be written.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run one scenario and write its results (the default command).
    Run(RunArgs),
    /// Check scenario files and print every problem found; runs nothing.
    Validate(ValidateArgs),
    /// Run every scenario in the given files and folders and write an index
    /// (index.html, index.md, batch.json); exit 1 if any [expect] bound failed.
    Batch(BatchArgs),
    /// Run several scenarios on common random numbers and report each one
    /// and its paired difference from the first.
    Compare(CompareArgs),
    /// Run a grid over one or two levers or assumptions, every point on the
    /// same random numbers.
    Sweep(SweepArgs),
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// Scenario files; the first is the reference the others are compared with.
    #[arg(required = true, num_args = 2..)]
    scenarios: Vec<PathBuf>,
    #[command(flatten)]
    opts: RunOpts,
}

#[derive(Debug, Args)]
struct SweepArgs {
    /// The scenario to vary.
    scenario: PathBuf,
    /// KEY=VALUES: a lever's dotted path (`force.troops`) or
    /// `assumptions.<coefficient>`, and a list `a,b,c` or a range `lo..hi:n`.
    /// Once for a line chart, twice for a grid with heatmaps.
    #[arg(long, required = true, num_args = 1, value_name = "KEY=VALUES")]
    vary: Vec<String>,
    /// Outcomes to chart (repeatable) [default: every outcome that occurs].
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::model::Outcome::NAMES))]
    outcome: Vec<String>,
    #[command(flatten)]
    opts: RunOpts,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Scenario file. Without it, the built-in default scenario (scenarios/coalition-baseline.toml).
    scenario: Option<PathBuf>,
    #[command(flatten)]
    opts: RunOpts,
}

#[derive(Debug, Args)]
struct BatchArgs {
    /// Scenario files and folders (every `*.toml` under a folder, recursively).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Slug of the scenario every other one is compared with, on common
    /// random numbers, in the index; `none` for no comparison [default:
    /// `no-force` when the batch has it].
    #[arg(long)]
    reference: Option<String>,
    #[command(flatten)]
    opts: RunOpts,
}

/// Options shared by every command that runs scenarios.
#[derive(Debug, Args)]
struct RunOpts {
    /// Number of trajectories, 1 to 10^10 [default: the scenario's `runs`, else 100000].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=MAX_RUNS))]
    runs: Option<u64>,
    /// Random seed [default: the scenario's `seed`, else 2025].
    #[arg(long)]
    seed: Option<u64>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    threads: Option<u64>,
    /// Folder for results; each scenario writes OUT/<slug>/.
    #[arg(long, default_value = "output")]
    out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Chart files to write under OUT/<slug>/charts/ (report.html inlines the charts unless `none`).
    #[arg(long, value_enum, default_value_t = ChartsArg::All)]
    charts: ChartsArg,
    /// Runs per batch (results do not depend on it; for tests and tuning).
    #[arg(long, default_value_t = DEFAULT_BATCH, hide = true, value_parser = clap::value_parser!(u64).range(1..))]
    batch_size: u64,
}

impl RunOpts {
    fn threads(&self) -> usize {
        self.threads
            .map(|t| t as usize)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }

    /// Apply `--runs` and `--seed` to a loaded scenario.
    fn apply(&self, s: &mut Scenario) {
        if let Some(r) = self.runs {
            s.runs = r;
        }
        if let Some(seed) = self.seed {
            s.seed = seed;
        }
    }
}

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ChartsArg {
    Svg,
    Png,
    All,
    None,
}

impl From<ChartsArg> for Formats {
    fn from(c: ChartsArg) -> Formats {
        match c {
            ChartsArg::Svg => Formats::Svg,
            ChartsArg::Png => Formats::Png,
            ChartsArg::All => Formats::All,
            ChartsArg::None => Formats::None,
        }
    }
}

#[derive(Debug, Args)]
struct ValidateArgs {
    /// Scenario files to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(e.exit_code().clamp(0, 255) as u8);
        }
    };
    match cli.command.unwrap_or(Command::Run(cli.run)) {
        Command::Run(a) => run(a),
        Command::Validate(a) => validate(&a.files),
        Command::Batch(a) => batch(a),
        Command::Compare(a) => compare(a),
        Command::Sweep(a) => sweep(a),
    }
}

fn print_diagnostics(diags: &[Diagnostic]) {
    let mut err = String::new();
    for d in diags {
        err.push_str(&d.to_string());
        err.push('\n');
    }
    eprint!("{err}");
}

/// Load a scenario or the built-in default.
fn load(path: Option<&Path>) -> Result<Scenario, Vec<Diagnostic>> {
    match path {
        Some(p) => scenario::load(p),
        None => Ok(scenario::load_default()),
    }
}

fn validate(files: &[PathBuf]) -> ExitCode {
    let mut bad = 0;
    let mut problems = 0;
    for f in files {
        match scenario::load(f) {
            Ok(_) => println!("ok  {}", f.display()),
            Err(d) => {
                bad += 1;
                problems += d.len();
                print_diagnostics(&d);
            }
        }
    }
    if bad > 0 {
        eprintln!(
            "{problems} problem{} in {bad} of {} file{}",
            if problems == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
        ExitCode::from(EXIT_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

fn progress_bar(total: u64, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(total);
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {prefix} [{bar:40}] {pos}/{len} runs  {per_sec}  ETA {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    Some(pb)
}

/// A failure after the input was accepted: the exit code and the message.
struct Failure(u8, String);

/// One scenario's run: the summary and the folder it was written to.
struct Done {
    summary: Summary,
    dir: PathBuf,
}

/// Simulate a valid scenario, draw its charts and write its folder.
fn execute(
    s: &Scenario,
    o: &RunOpts,
    pb: Option<&indicatif::ProgressBar>,
) -> Result<Done, Failure> {
    let threads = o.threads();
    let model = Model::new(s);
    let plan = Plan {
        seed: s.seed,
        first: 0,
        runs: s.runs,
        threads,
        batch: o.batch_size,
    };
    let started = Instant::now();
    let agg = engine::simulate(&model, &plan, &|n| {
        if let Some(pb) = pb {
            pb.inc(n);
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut summary = report::summarize(s, &agg, elapsed, threads);
    let formats = Formats::from(o.charts);
    let drawn = Instant::now();
    let rendered = if formats == Formats::None {
        Vec::new()
    } else {
        charts::render(
            &ChartSet::single(&summary),
            &charts::Kind::ALL,
            formats.png_files(),
        )
        .map_err(|e| Failure(EXIT_WRITE, format!("error: {e}")))?
    };
    summary.timing.charts_s = drawn.elapsed().as_secs_f64();
    let files = report::result_files(&summary, &rendered, formats);
    let dir = report::write::write_folder(&o.out, &s.slug, &files).map_err(write_failure)?;
    Ok(Done { summary, dir })
}

fn write_failure(e: report::write::WriteError) -> Failure {
    Failure(
        EXIT_WRITE,
        format!("error: {e}\n  = help: choose a writable folder with --out DIR"),
    )
}

fn report_expectations(prefix: &str, summary: &Summary) -> bool {
    let mut ok = true;
    for e in summary.failed_expectations() {
        eprintln!("expectation failed: {prefix}{}", e.describe());
        ok = false;
    }
    ok
}

fn run(a: RunArgs) -> ExitCode {
    let mut s = match load(a.scenario.as_deref()) {
        Ok(s) => s,
        Err(d) => {
            print_diagnostics(&d);
            eprintln!("nothing was run");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    a.opts.apply(&mut s);
    let pb = progress_bar(s.runs, a.opts.quiet);
    let done = execute(&s, &a.opts, pb.as_ref());
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let Done { summary, dir } = match done {
        Ok(d) => d,
        Err(Failure(code, msg)) => {
            eprintln!("{msg}");
            return ExitCode::from(code);
        }
    };
    if !a.opts.quiet {
        print!("{}", markdown::summary_text(&summary));
        println!(
            "\nResults: {}/  ({:.2} s on {} threads; charts {:.2} s)",
            dir.display(),
            summary.timing.elapsed_s,
            summary.timing.threads,
            summary.timing.charts_s
        );
    }
    if report_expectations("", &summary) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_EXPECT)
    }
}

/// Every scenario file named by `paths`: files as given, folders searched
/// recursively for `*.toml`, in path order. A missing path or a folder with
/// no scenario is a diagnostic.
fn scenario_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out)?;
            } else if p.extension().is_some_and(|e| e == "toml") {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for p in paths {
        let file = p.display().to_string();
        if p.is_dir() {
            let mut found = Vec::new();
            match walk(p, &mut found) {
                Ok(()) if found.is_empty() => diags.push(Diagnostic::file_level(
                    &file,
                    format!("no scenario files (`*.toml`) in the folder `{file}`"),
                    "name a folder that holds scenarios, e.g. scenarios/",
                )),
                Ok(()) => files.extend(found),
                Err(e) => diags.push(Diagnostic::file_level(
                    &file,
                    format!("cannot read the folder `{file}`: {e}"),
                    "check that the folder exists and is readable",
                )),
            }
        } else {
            // Missing and unreadable files are reported by `scenario::load`.
            files.push(p.clone());
        }
    }
    (files, diags)
}

fn batch(a: BatchArgs) -> ExitCode {
    let (files, mut diags) = scenario_files(&a.paths);
    let mut bad_files = diags.len();
    let mut scenarios = Vec::new();
    for f in &files {
        match scenario::load(f) {
            Ok(mut s) => {
                a.opts.apply(&mut s);
                scenarios.push(s);
            }
            Err(d) => {
                bad_files += 1;
                diags.extend(d);
            }
        }
    }
    // Two scenarios with one slug would write one folder.
    for (i, s) in scenarios.iter().enumerate() {
        if let Some(first) = scenarios[..i].iter().find(|t| t.slug == s.slug) {
            bad_files += 1;
            diags.push(Diagnostic::file_level(
                &s.file,
                format!(
                    "scenario `{}` has the slug `{}`, already used by `{}` (`{}`); both would write {}/{}/",
                    s.name,
                    s.slug,
                    first.file,
                    first.name,
                    a.opts.out.display(),
                    s.slug
                ),
                "give one of them a different [scenario] name",
            ));
        }
    }
    if !diags.is_empty() {
        print_diagnostics(&diags);
        eprintln!(
            "{} problem{} in {bad_files} of {} input{}; nothing was run",
            diags.len(),
            if diags.len() == 1 { "" } else { "s" },
            files.len().max(bad_files),
            if files.len().max(bad_files) == 1 {
                ""
            } else {
                "s"
            }
        );
        return ExitCode::from(EXIT_INPUT);
    }
    let total: u64 = scenarios.iter().map(|s| s.runs).sum();
    let pb = progress_bar(total, a.opts.quiet);
    let started = Instant::now();
    let mut done = Vec::new();
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
                eprintln!("{msg}");
                return ExitCode::from(code);
            }
        }
    }
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let summaries: Vec<&Summary> = done.iter().map(|d| &d.summary).collect();
    let reference = match reference_diffs(&scenarios, a.reference.as_deref(), &a.opts) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let index = match report::index::index_files(
        &summaries,
        reference.as_ref(),
        started.elapsed().as_secs_f64(),
        Formats::from(a.opts.charts),
    ) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_WRITE);
        }
    };
    if let Err(e) = report::write::write_files(&a.opts.out, &index) {
        let Failure(code, msg) = write_failure(e);
        eprintln!("{msg}");
        return ExitCode::from(code);
    }
    if !a.opts.quiet {
        print!(
            "{}",
            report::index::headline_text(&summaries, reference.as_ref())
        );
        println!(
            "\nIndex: {}  ({} scenarios, {:.2} s)",
            a.opts.out.join("index.html").display(),
            done.len(),
            started.elapsed().as_secs_f64()
        );
    }
    let mut ok = true;
    for d in &done {
        ok &= report_expectations(&format!("{}: ", d.summary.scenario.slug), &d.summary);
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_EXPECT)
    }
}

/// A batch's reference comparison: every other scenario minus the
/// reference, paired on common random numbers. Scenarios whose seed or runs
/// differ from the reference's cannot be paired and get no difference.
fn reference_diffs(
    scenarios: &[Scenario],
    wanted: Option<&str>,
    o: &RunOpts,
) -> Result<Option<report::index::Reference>, ExitCode> {
    let slug = match wanted {
        Some("none") => return Ok(None),
        Some(s) => s,
        None => "no-force",
    };
    let Some(r) = scenarios.iter().find(|s| s.slug == slug) else {
        if wanted.is_some() {
            let slugs: Vec<&str> = scenarios.iter().map(|s| s.slug.as_str()).collect();
            eprintln!(
                "error: --reference {slug}: no scenario in the batch has that slug\n  = expected: one of {}, or `none`",
                slugs.join(", ")
            );
            return Err(ExitCode::from(EXIT_INPUT));
        }
        return Ok(None);
    };
    let reference = Model::new(r);
    let diffs = scenarios
        .iter()
        .map(|s| {
            (s.slug != r.slug && s.seed == r.seed && s.runs == r.runs).then(|| {
                let plan = Plan {
                    seed: s.seed,
                    first: 0,
                    runs: s.runs,
                    threads: o.threads(),
                    batch: o.batch_size,
                };
                analysis::compare::reference_diffs(&reference, &Model::new(s), &plan)
            })
        })
        .collect();
    Ok(Some(report::index::Reference {
        name: r.name.clone(),
        slug: r.slug.clone(),
        diffs,
    }))
}

/// Load every file; on any problem print them all and return the exit code.
fn load_all(files: &[PathBuf]) -> Result<Vec<Scenario>, ExitCode> {
    let mut diags = Vec::new();
    let mut out = Vec::new();
    for f in files {
        match scenario::load(f) {
            Ok(s) => out.push(s),
            Err(d) => diags.extend(d),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        print_diagnostics(&diags);
        eprintln!("nothing was run");
        Err(ExitCode::from(EXIT_INPUT))
    }
}

fn compare(a: CompareArgs) -> ExitCode {
    let mut scenarios = match load_all(&a.scenarios) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // One seed and one run count for all: the first scenario's, unless given.
    let seed = a.opts.seed.unwrap_or(scenarios[0].seed);
    let runs = a.opts.runs.unwrap_or(scenarios[0].runs);
    for s in &mut scenarios {
        s.seed = seed;
        s.runs = runs;
    }
    let threads = a.opts.threads();
    let models: Vec<Model> = scenarios.iter().map(Model::new).collect();
    let plan = Plan {
        seed,
        first: 0,
        runs,
        threads,
        batch: a.opts.batch_size,
    };
    let pb = progress_bar(runs * models.len() as u64, a.opts.quiet);
    let started = Instant::now();
    let paired = analysis::compare::simulate_paired(&models, &plan, &|n| {
        if let Some(pb) = &pb {
            pb.inc(n);
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let summaries: Vec<Summary> = scenarios
        .iter()
        .zip(&paired.aggs)
        .map(|(s, agg)| report::summarize(s, agg, elapsed, threads))
        .collect();
    let c = report::comparison::compare(&summaries, &paired, elapsed, threads);
    let slugs: Vec<&str> = scenarios.iter().map(|s| s.slug.as_str()).collect();
    publish(
        &a.opts,
        &report::comparison::folder_name(&slugs),
        |png| report::comparison::render_charts(&c, &summaries, png),
        |rendered, formats| report::comparison::files(&c, rendered, formats),
        || report::comparison::text(&c),
        (elapsed, threads),
    )
}

/// The end of `compare` and `sweep`: draw the charts (unless `--charts
/// none`), write the folder `OUT/name/`, print the text and where it went.
fn publish(
    opts: &RunOpts,
    name: &str,
    render: impl FnOnce(bool) -> Result<Vec<report::charts::Rendered>, report::charts::ChartError>,
    files: impl FnOnce(&[report::charts::Rendered], Formats) -> Vec<report::File>,
    text: impl FnOnce() -> String,
    (elapsed, threads): (f64, usize),
) -> ExitCode {
    let formats = Formats::from(opts.charts);
    let rendered = if formats == Formats::None {
        Vec::new()
    } else {
        match render(formats.png_files()) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_WRITE);
            }
        }
    };
    let dir = match report::write::write_folder(&opts.out, name, &files(&rendered, formats)) {
        Ok(d) => d,
        Err(e) => {
            let Failure(code, msg) = write_failure(e);
            eprintln!("{msg}");
            return ExitCode::from(code);
        }
    };
    if !opts.quiet {
        print!("{}", text());
        println!(
            "\nResults: {}/  ({:.2} s on {} threads)",
            dir.display(),
            elapsed,
            threads
        );
    }
    ExitCode::SUCCESS
}

fn sweep(a: SweepArgs) -> ExitCode {
    let mut problems = Vec::new();
    let axes: Vec<analysis::sweep::Axis> = a
        .vary
        .iter()
        .filter_map(|v| {
            analysis::sweep::parse_vary(v)
                .map_err(|e| problems.push(e))
                .ok()
        })
        .collect();
    if a.vary.len() > 2 {
        problems.push(format!(
            "{} `--vary` options: a sweep takes one (a line chart) or two (a grid)",
            a.vary.len()
        ));
    }
    if axes.len() == 2 && axes[0].lever == axes[1].lever {
        problems.push(format!("`{}` is varied twice", axes[0].key));
    }
    let base = scenario::load(&a.scenario);
    if let Err(d) = &base {
        print_diagnostics(d);
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    let mut base = match base {
        Ok(s) if problems.is_empty() => s,
        _ => {
            eprintln!("nothing was run");
            return ExitCode::from(EXIT_INPUT);
        }
    };
    a.opts.apply(&mut base);
    let points = analysis::sweep::grid(&axes);
    let threads = a.opts.threads();
    let pb = progress_bar(base.runs * points.len() as u64, a.opts.quiet);
    let started = Instant::now();
    let mut results = Vec::new();
    for at in &points {
        let mut s = base.clone();
        for (axis, &i) in axes.iter().zip(at) {
            analysis::sweep::apply(&mut s, axis.lever, axis.values[i]);
        }
        let model = Model::new(&s);
        let plan = Plan {
            seed: s.seed,
            first: 0,
            runs: s.runs,
            threads,
            batch: a.opts.batch_size,
        };
        let agg = engine::simulate(&model, &plan, &|n| {
            if let Some(pb) = &pb {
                pb.inc(n);
            }
        });
        results.push(report::sweep::SweepPoint {
            values: axes
                .iter()
                .zip(at)
                .map(|(ax, &i)| (ax.key.clone(), ax.labels[i].clone()))
                .collect(),
            at: at.clone(),
            outcomes: report::summary::outcome_stats(&agg),
        });
    }
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let explicit = !a.outcome.is_empty();
    let sw = report::sweep::Sweep {
        tool: report::summary::Tool::current(),
        scenario: report::summary::ScenarioInfo::of(&base),
        seed: base.seed,
        runs: base.runs,
        axes: axes.iter().map(report::sweep::axis_info).collect(),
        outcomes_charted: if explicit {
            a.outcome.clone()
        } else {
            crate::model::Outcome::NAMES
                .iter()
                .map(|s| s.to_string())
                .collect()
        },
        points: results,
        timing: report::sweep::SweepTiming {
            elapsed_s: elapsed,
            threads,
        },
    };
    let keys: Vec<String> = axes.iter().map(|a| scenario::slugify(&a.key)).collect();
    publish(
        &a.opts,
        &format!("sweep-{}-{}", base.slug, keys.join("-")),
        |png| report::sweep::render_charts(&sw, &axes, explicit, png),
        |rendered, formats| report::sweep::files(&sw, rendered, formats),
        || report::sweep::text(&sw),
        (elapsed, threads),
    )
}
