//! `reassure narrate`: single runs told month by month, in the terminal and
//! as `OUT/<slug>-stories/` (stories.md, stories.html, stories.json and a
//! timeline picture per story). Story i is run i of `reassure run` on the
//! same seed.

use super::inputs;
use super::run::{json, write};
use super::term::{say, warn};
use super::{EXIT_INPUT, EXIT_WRITE, Failure, NarrateArgs};
use crate::model::Model;
use crate::report::charts::Formats;
use crate::report::story::{self, Story};
use crate::scenario;

pub fn narrate(a: NarrateArgs) -> u8 {
    if a.opts.shard.is_some() {
        return super::shard::refuse(
            "narrate",
            "narrate tells a few runs; choose them with --run I and --count K",
        );
    }
    let loaded = inputs::load_or_default(a.scenario.as_deref());
    let mut s = match loaded {
        Ok(s) => s,
        Err(d) => {
            inputs::print_diagnostics(&d);
            warn("nothing was told\n");
            return EXIT_INPUT;
        }
    };
    a.opts.apply(&mut s);
    if a.run >= s.runs {
        warn(&format!(
            "error: --run {} is beyond the scenario's {} runs (runs are numbered from 0)\n  = help: choose a run below {}, or raise --runs\nnothing was told\n",
            a.run, s.runs, s.runs
        ));
        return EXIT_INPUT;
    }
    let model = Model::new(&s);
    let runs: Vec<u64> = match &a.outcome {
        Some(share) => {
            let name = share.name();
            let found = story::find(&model, s.seed, a.run, s.runs, *share, a.count);
            if found.is_empty() {
                warn(&format!(
                    "no run from #{} to #{} ended in {name} (seed {}); nothing was told\n  = help: search further with a larger --runs, or try another --seed\n",
                    a.run,
                    s.runs - 1,
                    s.seed
                ));
                return 0;
            }
            if (found.len() as u64) < a.count && !a.opts.output.quiet {
                warn(&format!(
                    "note: only {} run{} from #{} to #{} ended in {name}\n",
                    found.len(),
                    if found.len() == 1 { "" } else { "s" },
                    a.run,
                    s.runs - 1
                ));
            }
            found
        }
        None => (a.run..s.runs.min(a.run.saturating_add(a.count))).collect(),
    };
    let _out = match super::guard::OutFolder::claim(&a.opts.output.out) {
        Ok(o) => o,
        Err(msg) => {
            warn(&format!("{msg}\nnothing was told\n"));
            return EXIT_WRITE;
        }
    };
    let stories: Vec<Story> = runs
        .iter()
        .map(|&r| story::record(&model, s.seed, r))
        .collect();
    let formats = Formats::from(a.opts.output.charts);
    let mut files = Vec::new();
    let mut drawn = Vec::new();
    let mut md = format!(
        "# {}: single runs, told month by month\n\nEach story is one run of `reassure run` on seed {}: run #i here is run #i there. Seed and runs as in the scenario unless `--seed`/`--runs` were given.\n\n",
        crate::report::md::text(&s.name),
        s.seed
    );
    for st in &stories {
        let picture = if formats == Formats::None {
            None
        } else {
            match story::render(&s, st, formats.png_files()) {
                Ok(r) => Some(r),
                Err(e) => {
                    warn(&format!("error: {e}\n"));
                    return EXIT_WRITE;
                }
            }
        };
        let link = picture.as_ref().map(|r| {
            if formats.svg_files() {
                format!("{}.svg", r.stem)
            } else {
                format!("{}.png", r.stem)
            }
        });
        md.push_str(&story::markdown(st, link.as_deref()));
        if let Some(r) = &picture {
            if formats.svg_files() {
                files.push((format!("{}.svg", r.stem), r.svg.clone().into_bytes()));
            }
            if let (true, Some(png)) = (formats.png_files(), &r.png) {
                files.push((format!("{}.png", r.stem), png.clone()));
            }
        }
        drawn.push(picture.map(|r| r.svg));
    }
    let command = command_line(&a, &s);
    let pairs: Vec<(Story, Option<String>)> = stories.into_iter().zip(drawn).collect();
    let html = story::html(&s, &pairs, &command);
    let all: Vec<_> = pairs.iter().map(|(st, _)| story::json(st)).collect();
    let json_text = json(&all);
    files.push(("stories.md".into(), md.into_bytes()));
    files.push(("stories.html".into(), html.into_bytes()));
    files.push(("stories.json".into(), json_text.clone().into_bytes()));
    let dir = match write(&a.opts, &format!("{}-stories", s.slug), &files) {
        Ok(d) => d,
        Err(Failure(code, msg)) => {
            warn(&format!("{msg}\n"));
            return code;
        }
    };
    if a.opts.output.json {
        say(&json_text);
    } else if !a.opts.output.quiet {
        for (st, _) in &pairs {
            say(&story::text(&s, st));
            say("\n");
        }
        say(&format!("Written: {}/\n", dir.display()));
    }
    0
}

/// The command that tells these stories again (for the page).
fn command_line(a: &NarrateArgs, s: &scenario::Scenario) -> String {
    let mut c = format!("reassure narrate {}", s.file);
    c.push_str(&format!(
        " --seed {} --run {} --count {}",
        s.seed, a.run, a.count
    ));
    if let Some(o) = &a.outcome {
        c.push_str(&format!(" --runs {} --outcome {}", s.runs, o.name()));
    }
    c
}
