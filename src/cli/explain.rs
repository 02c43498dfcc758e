//! `reassure explain`: the model's deterministic view of one scenario, in
//! the terminal and as `OUT/<slug>-explain/` (explain.md, explain.json,
//! tree.svg, tree.png). Nothing is simulated.

use super::inputs;
use super::run::{json, write};
use super::term::{say, warn};
use super::{ChartsArg, EXIT_INPUT, EXIT_WRITE, ExplainArgs, Failure};
use crate::model::Model;
use crate::report::charts::Formats;
use crate::report::explain::{self, AT_KEYS, Explanation};

pub fn explain(a: ExplainArgs) -> u8 {
    if a.at.iter().any(|x| x == "help") {
        let mut out = String::from("--at KEY=VALUE sets the state the tree is shown in:\n");
        for (k, what) in AT_KEYS {
            out.push_str(&format!("  {k:<20} {what}\n"));
        }
        say(&out);
        return 0;
    }
    let loaded = inputs::load_or_default(a.scenario.as_deref());
    let s = match loaded {
        Ok(s) => s,
        Err(d) => {
            inputs::print_diagnostics(&d);
            warn("nothing was explained\n");
            return EXIT_INPUT;
        }
    };
    if a.month > s.horizon_months {
        warn(&format!(
            "error: --month {} is beyond the scenario's horizon of {} mission months\n  = help: choose a month from 1 to {}\n",
            a.month, s.horizon_months, s.horizon_months
        ));
        return EXIT_INPUT;
    }
    let model = Model::new(&s);
    let p = model.central_params();
    let mut state = model.month_state(&p, a.month);
    let mut at = Vec::new();
    let mut bad = false;
    for item in &a.at {
        let Some((k, v)) = item.split_once('=') else {
            warn(&format!(
                "error: --at `{}` is not KEY=VALUE\n  = help: for example --at rung=2; --at help lists the keys\n",
                crate::text::printable(item)
            ));
            bad = true;
            continue;
        };
        let (k, v) = (k.trim(), v.trim());
        if let Err(msg) = explain::set_at(&p, &mut state, k, v) {
            warn(&format!(
                "error: --at {}: {}\n  = help: --at help lists the keys and their values\n",
                crate::text::printable(item),
                crate::text::printable(&msg)
            ));
            bad = true;
        }
        at.push((k.to_string(), v.to_string()));
    }
    if bad {
        warn("nothing was explained\n");
        return EXIT_INPUT;
    }
    let opts = a.output.run_opts(None);
    let _out = match super::guard::OutFolder::claim(&opts.output.out) {
        Ok(o) => o,
        Err(msg) => {
            warn(&format!("{msg}\nnothing was explained\n"));
            return EXIT_WRITE;
        }
    };
    let e = Explanation::new(&s, &model, state, at);
    let formats = Formats::from(a.output.charts);
    let picture = if matches!(a.output.charts, ChartsArg::None) {
        None
    } else {
        match explain::render(&e, formats.png_files()) {
            Ok(r) => Some(r),
            Err(err) => {
                warn(&format!("error: {err}\n"));
                return EXIT_WRITE;
            }
        }
    };
    let link = picture.as_ref().map(|_| {
        if formats.svg_files() {
            "tree.svg"
        } else {
            "tree.png"
        }
    });
    let mut files = vec![
        (
            "explain.md".to_string(),
            explain::markdown(&e, link).into_bytes(),
        ),
        (
            "explain.json".to_string(),
            json(&explain::json(&e)).into_bytes(),
        ),
    ];
    if let Some(r) = &picture {
        if formats.svg_files() {
            files.push(("tree.svg".into(), r.svg.clone().into_bytes()));
        }
        if let (true, Some(png)) = (formats.png_files(), &r.png) {
            files.push(("tree.png".into(), png.clone()));
        }
    }
    let dir = match write(&opts, &format!("{}-explain", s.slug), &files) {
        Ok(d) => d,
        Err(Failure(code, msg)) => {
            warn(&format!("{msg}\n"));
            return code;
        }
    };
    if a.output.json {
        say(&json(&explain::json(&e)));
    } else if !a.output.quiet {
        say(&explain::text(&e));
        say(&format!("\nWritten: {}/\n", dir.display()));
    }
    0
}
