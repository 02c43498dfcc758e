//! The command line: clap definitions, and each subcommand wired from the
//! library's parts. Exit codes (product brief): 0 success; 1 an `[expect]`
//! check failed; 2 bad input; 3 results could not be written.

use crate::engine::{self, DEFAULT_BATCH, Plan};
use crate::model::Model;
use crate::report::charts::{self, ChartSet, Formats};
use crate::report::{self, markdown};
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
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Scenario file. Without it, the built-in default scenario (scenarios/coalition-baseline.toml).
    scenario: Option<PathBuf>,
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
            "{spinner} [{bar:40}] {pos}/{len} runs  {per_sec}  ETA {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    Some(pb)
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
    if let Some(r) = a.runs {
        s.runs = r;
    }
    if let Some(seed) = a.seed {
        s.seed = seed;
    }
    let threads = a
        .threads
        .map(|t| t as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let model = Model::new(&s);
    let plan = Plan {
        seed: s.seed,
        first: 0,
        runs: s.runs,
        threads,
        batch: a.batch_size,
    };
    let pb = progress_bar(s.runs, a.quiet);
    let started = Instant::now();
    let agg = engine::simulate(&model, &plan, &|n| {
        if let Some(pb) = &pb {
            pb.inc(n);
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    let mut summary = report::summarize(&s, &agg, elapsed, threads);
    let formats = Formats::from(a.charts);
    let drawn = Instant::now();
    let rendered = if formats == Formats::None {
        Vec::new()
    } else {
        match charts::render(
            &ChartSet::single(&summary),
            &charts::Kind::ALL,
            formats.png_files(),
        ) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_WRITE);
            }
        }
    };
    summary.timing.charts_s = drawn.elapsed().as_secs_f64();
    let files = report::result_files(&summary, &rendered, formats);
    let dir = match report::write::write_folder(&a.out, &s.slug, &files) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("  = help: choose a writable folder with --out DIR");
            return ExitCode::from(EXIT_WRITE);
        }
    };
    if !a.quiet {
        print!("{}", markdown::summary_text(&summary));
        println!(
            "\nResults: {}/  ({:.2} s on {} threads; charts {:.2} s)",
            dir.display(),
            elapsed,
            threads,
            summary.timing.charts_s
        );
    }
    let failed: Vec<_> = summary.failed_expectations().collect();
    if !failed.is_empty() {
        for e in &failed {
            eprintln!("expectation failed: {}", e.describe());
        }
        return ExitCode::from(EXIT_EXPECT);
    }
    ExitCode::SUCCESS
}
