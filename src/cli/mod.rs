//! The command line: clap definitions here, one module per command, each a
//! short recipe over library calls. Exit codes (product brief): 0 success;
//! 1 an `[expect]` check failed; 2 bad input; 3 results could not be
//! written; 130 interrupted.
//!
//! Shared pieces: `inputs` (the one way scenarios are read), `term`
//! (everything printed, safe on a closed pipe), `guard` (the results
//! folder's checks and lock, the interrupt handler), `limits` (work a
//! command may take on without `--allow-large`).

mod analyse;
mod batch;
mod compare;
mod explain;
mod guard;
mod inputs;
mod limits;
mod lock;
mod meta;
mod narrate;
mod new;
mod outfile;
mod run;
mod shard;
mod sweep;
mod term;
mod validate;

pub use inputs::MAX_SHOWN;
pub use limits::{MAX_GRID_POINTS, MAX_TRAJECTORIES};

use crate::engine::DEFAULT_BATCH;
use crate::report::charts::Formats;
use crate::scenario::Scenario;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

pub const EXIT_EXPECT: u8 = 1;
pub const EXIT_INPUT: u8 = 2;
pub const EXIT_WRITE: u8 = 3;
pub const EXIT_INTERRUPTED: u8 = 130;

/// `0.1.0`, and the git revision when built from a git checkout.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), env!("REASSURE_GIT_SUFFIX"));

#[derive(Debug, Parser)]
#[command(
    name = "reassure",
    version = VERSION,
    about = "Monte Carlo scenarios for a European reassurance force in Ukraine",
    long_about = "Monte Carlo scenarios for a European reassurance force in Ukraine.\n\n\
        With no subcommand, `reassure` runs the default scenario (scenarios/coalition-baseline.toml, \
        built into the binary) and writes its results under output/. A scenario argument of `-` reads \
        the scenario from standard input.\n\n\
        Exit codes: 0 success; 1 an [expect] check failed; 2 bad input; 3 results could not be \
        written; 130 interrupted.",
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
    /// Check scenario files (and folders of them) and print every problem
    /// found; runs nothing.
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
    /// Explain a scenario for people: its resolved parameters, perceived
    /// deterrence term by term, and one mission month's event tree with
    /// every branch's and every leaf's probability (explain.md, tree.svg/png).
    Explain(ExplainArgs),
    /// Tell single trajectories month by month in plain English: run I of
    /// the same random numbers `run` uses (stories.md, stories.html and a
    /// timeline picture per story).
    Narrate(NarrateArgs),
    /// Which uncertain inputs move a result: one at a time (a tornado, with
    /// --levers and --coefficients every lever and coefficient across its
    /// range) or Sobol indices (--method sobol), on common random numbers.
    Sensitivity(SensitivityArgs),
    /// Scenario discovery: under which drawn inputs does a run end a given
    /// way? PRIM boxes over the per-run sample (--export writes the sample
    /// as CSV).
    Discover(DiscoverArgs),
    /// Is the ranking of options robust? Every option run under many
    /// assumption sets drawn from the coefficients' plausible ranges: the
    /// chance each ranks best, its regret, and where the leader changes.
    #[command(mut_arg("runs", |a| a.help("Runs per option and assumption set, 1 to 10^10 [default: 4000]")))]
    Robustness(RobustnessArgs),
    /// Join the part files of a sharded `run`, `compare` or `sweep` (made with
    /// `--shard K/N`) and write exactly what the unsharded command writes.
    Merge(MergeArgs),
    /// Write a new scenario file with every field present and commented
    /// (unit, range, default, source), from the default or a library scenario.
    New(NewArgs),
    /// Print the JSON Schema of scenario files (for editors: taplo and other
    /// TOML language servers validate and complete with it).
    Schema,
    /// Print shell completions for bash, zsh, fish, elvish or powershell.
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `reassure man > reassure.1`.
    Man,
}

#[derive(Debug, Args)]
struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// Scenario file (`-` for standard input, a library name such as `skyshield` for the built-in copy) [default: the built-in default scenario].
    scenario: Option<PathBuf>,
    /// Mission month whose tree to show (1 = the force's first month).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=600))]
    month: u32,
    /// KEY=VALUE: the state to show the tree in (repeatable), e.g. `rung=2`,
    /// `backstop=failed`, `credibility=0.4`; `--at help` lists the keys.
    #[arg(long, value_name = "KEY=VALUE")]
    at: Vec<String>,
    /// Where and how to write (writes OUT/<slug>-explain/: explain.md,
    /// explain.json, tree.svg, tree.png).
    #[command(flatten)]
    output: OutputOpts,
}

#[derive(Debug, Args)]
struct NarrateArgs {
    /// Scenario file (`-` for standard input, a library name such as `skyshield` for the built-in copy) [default: the built-in default scenario].
    scenario: Option<PathBuf>,
    /// Number of stories to tell.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=100))]
    count: u64,
    /// The first run to tell (story i is run i of `reassure run` on the same seed).
    #[arg(long, default_value_t = 0)]
    run: u64,
    /// Tell only runs that ended this way (a peace or mission class, or
    /// `ceasefire_at_horizon`, `withdrawn`): the first COUNT such runs from
    /// --run on, searching up to the scenario's `runs` (or --runs).
    #[arg(long, value_parser = share_parser)]
    outcome: Option<crate::model::Share>,
    #[command(flatten)]
    opts: RunOpts,
}

/// A share of runs by name (`--outcome` of `narrate`): a class of either
/// family or a group; a version 2 name gets its replacement.
fn share_parser(s: &str) -> Result<crate::model::Share, String> {
    crate::model::Share::find(s).ok_or_else(|| {
        if let Some(new) = crate::model::v2_replacement(s) {
            return format!(
                "`{s}` is a class of model version 2; version 3 scores the peace apart from the mission: use {new}"
            );
        }
        let names = crate::model::Share::names();
        let hint = crate::scenario::diag::suggest(s, names.iter().copied())
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        format!(
            "`{}` is not a class{hint}; use one of {}",
            crate::text::printable(s),
            names.join(", ")
        )
    })
}

/// [`share_parser`], keeping the name.
fn share_name(s: &str) -> Result<String, String> {
    share_parser(s).map(|x| x.name().to_string())
}

/// `--outcome` of the analyses: an outcome class or a figure.
fn criterion_parser(s: &str) -> Result<crate::analysis::criterion::Criterion, String> {
    s.parse()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Method {
    /// One at a time: each input at its low and high setting (a tornado).
    Oat,
    /// Sobol first-order and total indices (Saltelli sampling, Jansen and
    /// Saltelli 2010 estimators, bootstrap intervals).
    Sobol,
}

#[derive(Debug, Args)]
struct SensitivityArgs {
    /// Scenario file (`-` for standard input, a library name such as `skyshield` for the built-in copy) [default: the built-in default scenario].
    scenario: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Method::Oat)]
    method: Method,
    /// What to measure: a peace class (`war`, `wider_war`, ...),
    /// `ceasefire_at_horizon`, `months_of_ceasefire`, a mission class
    /// (`withdrawn`, `in_place`, ...), `p_ceasefire`,
    /// `p_collapse_given_ceasefire`, `p_in_place_given_deployed`,
    /// `hostile_deaths_per_run`, `cost_eur_bn_per_run` or
    /// `civilian_harm_per_run`.
    #[arg(long, default_value = "ceasefire_at_horizon", value_parser = criterion_parser)]
    outcome: crate::analysis::criterion::Criterion,
    /// With oat: also every numeric lever the scenario fixes, across its whole range.
    #[arg(long)]
    levers: bool,
    /// With oat: also every coefficient the scenario does not draw, across its plausible range.
    #[arg(long)]
    coefficients: bool,
    /// With sobol: base samples (rows of the matrices A and B); the design has samples × (inputs + 2) points.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(2..=1_000_000))]
    samples: u64,
    /// With sobol: runs per design point (the outcome's frequency at the point).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(2..=1_000_000))]
    runs_per_point: u64,
    /// With sobol: bootstrap resamples for the intervals.
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(10..=100_000))]
    bootstrap: u64,
    /// With oat, --runs is the runs per setting (every setting on the same runs).
    #[command(flatten)]
    opts: RunOpts,
}

#[derive(Debug, Args)]
struct DiscoverArgs {
    /// Scenario file (`-` for standard input, a library name such as `skyshield` for the built-in copy) [default: the built-in default scenario].
    scenario: Option<PathBuf>,
    /// The case to explain: a class (`war`, `withdrawn`, ...) or a
    /// probability figure (`ceasefire_at_horizon`, `p_collapse_given_ceasefire`,
    /// ...; a conditional figure searches only the runs it counts).
    #[arg(long, required = true, value_parser = criterion_parser)]
    outcome: crate::analysis::criterion::Criterion,
    /// Also write the per-run sample as CSV (one row per run: every drawn
    /// input, the outcome and every per-run figure). Only a new file or a
    /// regular file that is not the scenario is written; `-` writes the CSV
    /// to standard output (and nothing else there).
    #[arg(long, value_name = "FILE")]
    export: Option<PathBuf>,
    /// PRIM's peeling fraction: the share of the box's runs each step removes.
    #[arg(long, default_value_t = 0.05, value_parser = unit_interval)]
    alpha: f64,
    /// PRIM stops peeling when the box would hold less than this share of the runs.
    #[arg(long, default_value_t = 0.05, value_parser = unit_interval)]
    min_mass: f64,
    #[command(flatten)]
    opts: RunOpts,
}

fn unit_interval(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x > 0.0 && x < 0.5 => Ok(x),
        _ => Err(format!(
            "`{}` is not a share between 0 and 0.5 (exclusive), e.g. 0.05",
            crate::text::printable(s)
        )),
    }
}

#[derive(Debug, Args)]
struct RobustnessArgs {
    /// The options to rank (scenario files or folders).
    #[arg(required = true, num_args = 2..)]
    scenarios: Vec<PathBuf>,
    /// What to rank on (best first in its good direction: more is better
    /// for a ceasefire in force, quiet or contested, its months,
    /// `p_ceasefire` and the force in place; less for the rest).
    #[arg(long, required = true, value_parser = criterion_parser)]
    criterion: crate::analysis::criterion::Criterion,
    /// Assumption sets to draw (every coefficient uniform over its plausible range).
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    draws: u64,
    /// Draw only these coefficients (comma-separated `[assumptions]` keys);
    /// the others stay as each option writes them [default: every coefficient].
    #[arg(long, value_name = "NAME,...")]
    coefficients: Vec<String>,
    /// --runs is the runs per option and assumption set [default: 4000].
    #[command(flatten)]
    opts: RunOpts,
}

#[derive(Debug, Args)]
struct MergeArgs {
    /// Part files (`part-K-of-N.json`), or folders holding them.
    #[arg(required = true)]
    parts: Vec<PathBuf>,
    /// Where and how to write (OUT/<name>/, as the unsharded command would).
    #[command(flatten)]
    output: OutputOpts,
}

#[derive(Debug, Args)]
struct NewArgs {
    /// The file to write (`-` for standard output); refused if it exists, unless --force.
    file: PathBuf,
    /// Start from a library scenario (its slug, e.g. `skyshield`) or a
    /// scenario file [default: the default scenario].
    #[arg(long, value_name = "NAME")]
    from: Option<String>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct CompareArgs {
    /// Scenario files (or library names such as `skyshield`); the first is the reference the others are compared with.
    #[arg(required = true, num_args = 2..)]
    scenarios: Vec<PathBuf>,
    #[command(flatten)]
    opts: RunOpts,
}

#[derive(Debug, Args)]
struct SweepArgs {
    /// The scenario to vary (`-` for standard input).
    scenario: PathBuf,
    /// KEY=VALUES: a lever's dotted path (`force.troops`) or
    /// `assumptions.<coefficient>`, and a list `a,b,c` or a range `lo..hi:n`.
    /// Once for a line chart, twice for a grid with heatmaps.
    #[arg(long, required = true, num_args = 1, value_name = "KEY=VALUES")]
    vary: Vec<String>,
    /// Classes to chart (repeatable): a peace or mission class, or
    /// `ceasefire_at_horizon`, `withdrawn` [default: every class that occurs].
    #[arg(long, value_parser = share_name)]
    outcome: Vec<String>,
    /// With --shard: cut the runs (each part has every grid point) or the
    /// grid points (each part has every run of its points).
    #[arg(long, value_enum, default_value_t = ShardBy::Runs)]
    shard_by: ShardBy,
    /// Heatmaps' colour scale: `data` fits each outcome's own range over
    /// the grid; `shared` uses one range across the outcomes drawn.
    #[arg(long, value_enum, default_value_t = HeatmapScale::Data)]
    scale: HeatmapScale,
    /// Heatmaps colour each cell by its difference from the cell of the
    /// scenario's own values (blue better, vermillion worse); needs those
    /// values on the grid.
    #[arg(long)]
    difference: bool,
    #[command(flatten)]
    opts: RunOpts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum HeatmapScale {
    Data,
    Shared,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum ShardBy {
    Runs,
    Points,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Scenario file (`-` for standard input, a library name such as
    /// `skyshield` for the built-in copy). Without it, the built-in default
    /// scenario (scenarios/coalition-baseline.toml).
    scenario: Option<PathBuf>,
    /// Also write one CSV row per run: every drawn input, the outcome and
    /// every per-run figure (for analysis in other tools). Only a new file
    /// or a regular file that is not the scenario is written; `-` writes the
    /// CSV to standard output (and nothing else there).
    #[arg(long, value_name = "FILE")]
    export_runs: Option<PathBuf>,
    #[command(flatten)]
    opts: RunOpts,
}

#[derive(Debug, Args)]
struct BatchArgs {
    /// Scenario files and folders (every `*.toml` under a folder, recursively), or library names such as `skyshield`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Slug of the scenario every other one is compared with, on common
    /// random numbers, in the index; `none` for no comparison [default:
    /// `no-force` when the batch has it].
    #[arg(long)]
    reference: Option<String>,
    /// Assumption sets (every coefficient drawn over its plausible range)
    /// over which each difference from the reference is checked for its
    /// direction; 0 skips the check. Each set runs the option and the
    /// reference on runs/20 runs (200 to 2,000).
    #[arg(long, default_value_t = 40, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    robustness_draws: u64,
    #[command(flatten)]
    opts: RunOpts,
}

#[derive(Debug, Args)]
struct ValidateArgs {
    /// Scenario files and folders to check (`-` for standard input).
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// Where and how a command writes and prints (every command that writes
/// results).
#[derive(Clone, Debug, Args)]
struct OutputOpts {
    /// Folder for results: a command writes OUT/<name>/ (the scenario's
    /// slug, compare-..., sweep-..., <slug>-explain, <slug>-stories).
    #[arg(long, default_value = "output")]
    out: PathBuf,
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Print the machine-readable result on stdout instead of the text
    /// (summary.json, compare.json, sweep.json, batch.json, explain.json,
    /// stories.json; a shard prints its part file's path).
    #[arg(long)]
    json: bool,
    /// Chart and picture files to write (report.html inlines the charts
    /// unless `none`).
    #[arg(long, value_enum, default_value_t = ChartsArg::All)]
    charts: ChartsArg,
    /// Draw the charts for slides: 1600 × 900 (16:9) with text half as
    /// large again, readable when a chart fills a slide (`run`, `compare`,
    /// `sweep` and `merge` of a sweep, and `batch` with its overview).
    #[arg(long)]
    slide: bool,
}

impl OutputOpts {
    /// The same options as [`RunOpts`], for the shared writing code.
    fn run_opts(&self, threads: Option<u64>) -> RunOpts {
        RunOpts {
            runs: None,
            seed: None,
            horizon: None,
            threads,
            output: self.clone(),
            allow_large: false,
            shard: None,
            batch_size: DEFAULT_BATCH,
        }
    }
}

/// Options shared by every command that runs scenarios.
#[derive(Clone, Debug, Args)]
struct RunOpts {
    /// Number of trajectories, 1 to 10^10 (10^12 with --allow-large)
    /// [default: the scenario's `runs`, else 100000].
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=limits::LARGE_TRAJECTORIES))]
    runs: Option<u64>,
    /// Random seed, 0 to 9223372036854775807 as in a scenario file
    /// [default: the scenario's `seed`, else 2025].
    #[arg(long, value_parser = clap::value_parser!(u64).range(0..=i64::MAX as u64))]
    seed: Option<u64>,
    /// Calendar months from the scenario's start to the horizon, 1 to 120
    /// [default: the scenario's `horizon_months`, else 36]; one calendar for
    /// every option compared.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=crate::scenario::MAX_HORIZON as i64))]
    horizon: Option<u32>,
    /// Worker threads [default: all cores]. Results do not depend on it.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1024))]
    threads: Option<u64>,
    /// Where and how to write (each scenario writes OUT/<slug>/).
    #[command(flatten)]
    output: OutputOpts,
    /// Go beyond the limits on work per command (1,000 sweep points, 10^10
    /// trajectories, 4 GiB of memory, 20 options to compare) up to
    /// 1,000,000 points, 10^12 trajectories (also --runs), 64 GiB and 100
    /// options.
    #[arg(long)]
    allow_large: bool,
    /// Simulate only part K of N equal contiguous parts of the runs and write
    /// OUT/<name>/part-K-of-N.json and nothing else (one array task of a
    /// cluster job); `reassure merge` joins the parts.
    #[arg(long, value_name = "K/N", value_parser = |s: &str| s.parse::<crate::engine::Shard>())]
    shard: Option<crate::engine::Shard>,
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

    /// Apply `--runs`, `--seed` and `--horizon` to a loaded scenario.
    fn apply(&self, s: &mut Scenario) {
        if let Some(r) = self.runs {
            s.runs = r;
        }
        if let Some(seed) = self.seed {
            s.seed = seed;
        }
        if let Some(h) = self.horizon {
            s.horizon_months = h;
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

impl Command {
    /// `--quiet` was given: notes are silenced with everything but errors.
    fn quiet(&self) -> bool {
        match self {
            Command::Run(a) => a.opts.output.quiet,
            Command::Batch(a) => a.opts.output.quiet,
            Command::Compare(a) => a.opts.output.quiet,
            Command::Sweep(a) => a.opts.output.quiet,
            Command::Explain(a) => a.output.quiet,
            Command::Narrate(a) => a.opts.output.quiet,
            Command::Sensitivity(a) => a.opts.output.quiet,
            Command::Discover(a) => a.opts.output.quiet,
            Command::Robustness(a) => a.opts.output.quiet,
            Command::Merge(a) => a.output.quiet,
            _ => false,
        }
    }
}

/// A failure after the input was accepted: the exit code and the message.
struct Failure(u8, String);

pub fn main() -> ExitCode {
    guard::install_interrupt_handler();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            // clap prints help to stdout and errors to stderr; a closed
            // stream is not a reason to panic, but help or a version that
            // could not be written (a full disk) is not a success.
            use std::io::Write as _;
            let printed = e.print().and_then(|()| std::io::stdout().flush());
            let code = e.exit_code().clamp(0, 255) as u8;
            return match printed {
                Err(err) if code == 0 && err.kind() != std::io::ErrorKind::BrokenPipe => {
                    term::warn(&format!("error: cannot write to standard output: {err}\n"));
                    ExitCode::from(EXIT_WRITE)
                }
                _ => ExitCode::from(code),
            };
        }
    };
    let command = cli.command.unwrap_or(Command::Run(cli.run));
    term::set_quiet(command.quiet());
    let code = match command {
        Command::Run(a) => run::run(a),
        Command::Validate(a) => validate::validate(&a.files),
        Command::Batch(a) => batch::batch(a),
        Command::Compare(a) => compare::compare(a),
        Command::Sweep(a) => sweep::sweep(a),
        Command::Explain(a) => explain::explain(a),
        Command::Narrate(a) => narrate::narrate(a),
        Command::New(a) => new::new(a),
        Command::Merge(a) => shard::merge(a),
        Command::Sensitivity(a) => analyse::sensitivity(a),
        Command::Discover(a) => analyse::discover(a),
        Command::Robustness(a) => analyse::robustness(a),
        Command::Schema => meta::schema(),
        Command::Completions(a) => meta::completions(a.shell),
        Command::Man => meta::man(),
    };
    ExitCode::from(term::exit_code(code))
}
