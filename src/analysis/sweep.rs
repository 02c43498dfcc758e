//! Sweeps: a grid over one or two levers or assumptions.
//!
//! A `--vary KEY=VALUES` names a lever by its dotted path (`force.troops`,
//! `us_backstop.level`) or a coefficient (`assumptions.announcement_penalty`)
//! and lists its values (`a,b,c`) or a range (`lo..hi:n`, n evenly spaced
//! points, whole numbers for whole-number levers). Every grid point is the
//! scenario with those values fixed, run on the same seed, so all points
//! share their random numbers.

use crate::scenario::diag::suggest;
use crate::scenario::spec::fmt_num;
use crate::scenario::{FIELDS, Kind, Param, Scenario};

pub use crate::scenario::input::{Lever, all_keys};

/// One axis of the grid: the key, what it names, and its values (indices
/// for named levers, 0/1 for booleans) with their labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub key: String,
    pub lever: Lever,
    pub values: Vec<f64>,
    pub labels: Vec<String>,
}

impl Axis {
    /// Whether the axis is numeric (a line chart's x axis), not a list of names.
    pub fn numeric(&self) -> bool {
        match self.lever {
            Lever::Field(i) => matches!(FIELDS[i].kind, Kind::Int | Kind::Float),
            Lever::Coef(_) => true,
        }
    }

    pub fn unit(&self) -> &'static str {
        match self.lever {
            Lever::Field(i) => FIELDS[i].unit,
            Lever::Coef(c) => c.spec().unit,
        }
    }
}

fn unknown_key(key: &str) -> String {
    let h = crate::scenario::input::hint(key);
    let mut msg = format!("unknown key `{key}`");
    if let Some(s) = h.suggestion {
        msg.push_str(&format!("; did you mean `{s}`?"));
    }
    msg.push_str(&format!("\n  = {}", h.valid));
    msg
}

fn resolve(key: &str) -> Result<Lever, String> {
    Lever::find(key).ok_or_else(|| unknown_key(key))
}

/// Parse `KEY=VALUES`.
pub fn parse_vary(arg: &str) -> Result<Axis, String> {
    let Some((key, values)) = arg.split_once('=') else {
        return Err(format!(
            "`--vary {arg}` is not KEY=VALUES\n  = help: e.g. --vary force.troops=5000,25000,50000 or --vary force.troops=5000..50000:10"
        ));
    };
    let key = key.trim();
    let lever = resolve(key)?;
    let (kind, min, max, unit) = match lever {
        Lever::Field(i) => (FIELDS[i].kind, FIELDS[i].min, FIELDS[i].max, FIELDS[i].unit),
        Lever::Coef(c) => {
            let s = c.spec();
            let kind = if s.integer { Kind::Int } else { Kind::Float };
            (kind, s.min, s.max, s.unit)
        }
    };
    let bad = |v: &str, expected: String| {
        format!("`--vary {key}`: `{v}` is not a valid value\n  = expected: {expected}")
    };
    let number_expected = || {
        format!(
            "{} from {} to {} ({unit}), as a list `a,b,c` or a range `lo..hi:n`",
            if kind == Kind::Int {
                "whole numbers"
            } else {
                "numbers"
            },
            fmt_num(min),
            fmt_num(max)
        )
    };
    let check = |x: f64, text: &str| -> Result<f64, String> {
        if !x.is_finite() || x < min || x > max {
            return Err(bad(text, number_expected()));
        }
        if kind == Kind::Int && x.fract() != 0.0 {
            return Err(bad(text, number_expected()));
        }
        Ok(x)
    };
    let values = values.trim();
    let mut out: Vec<f64> = Vec::new();
    match kind {
        Kind::Name(names) => {
            for v in values.split(',').map(str::trim) {
                match names.iter().position(|n| *n == v) {
                    Some(i) => out.push(i as f64),
                    None => {
                        let mut e = bad(
                            v,
                            format!(
                                "names from {}, separated by commas",
                                names
                                    .iter()
                                    .map(|n| format!("`{n}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                        if let Some(s) = suggest(v, names.iter().copied()) {
                            e.push_str(&format!("\n  = help: did you mean `{s}`?"));
                        }
                        return Err(e);
                    }
                }
            }
        }
        Kind::Bool => {
            for v in values.split(',').map(str::trim) {
                match v {
                    "true" => out.push(1.0),
                    "false" => out.push(0.0),
                    _ => return Err(bad(v, "`true`, `false` or `true,false`".into())),
                }
            }
        }
        Kind::Int | Kind::Float => {
            if let Some((lo, rest)) = values.split_once("..") {
                let Some((hi, n)) = rest.split_once(':') else {
                    return Err(bad(
                        values,
                        "a range `lo..hi:n` (n evenly spaced points, n ≥ 2)".into(),
                    ));
                };
                let parse = |t: &str| {
                    t.trim()
                        .parse::<f64>()
                        .map_err(|_| bad(t.trim(), number_expected()))
                };
                let (lo_v, hi_v) = (check(parse(lo)?, lo)?, check(parse(hi)?, hi)?);
                let n: usize = n
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (2..=1000).contains(n))
                    .ok_or_else(|| bad(n, "a number of points from 2 to 1000 after `:`".into()))?;
                if lo_v >= hi_v {
                    return Err(bad(values, "a range with lo < hi".into()));
                }
                for i in 0..n {
                    // To 12 significant digits, so 0..0.6:7 gives 0.1, not
                    // 0.09999999999999999 (labels, files and the value run).
                    let x = lo_v + (hi_v - lo_v) * i as f64 / (n - 1) as f64;
                    out.push(format!("{x:.11e}").parse().unwrap_or(x));
                }
                // A whole-number lever takes whole steps only: rounding would
                // silently drop or repeat points.
                if kind == Kind::Int
                    && let Some(x) = out.iter().find(|x| x.fract() != 0.0)
                {
                    // The point counts that give whole steps, nearest the
                    // one asked for first.
                    let span = hi_v - lo_v;
                    let mut fits: Vec<usize> = (2..=span.min(1000.0) as usize + 1)
                        .filter(|k| (span / (*k - 1) as f64).fract() == 0.0)
                        .collect();
                    fits.sort_by_key(|k| k.abs_diff(n));
                    let mut fits: Vec<usize> = fits.into_iter().take(4).collect();
                    fits.sort();
                    let fits: Vec<String> = fits.iter().map(|k| k.to_string()).collect();
                    return Err(format!(
                        "`--vary {key}`: the range `{values}` gives values that are not whole numbers (such as {}) for a whole-number lever\n  = help: choose n so that (hi − lo)/(n − 1) is whole: here n = {}",
                        fmt_num((x * 1000.0).round() / 1000.0),
                        fits.join(", ")
                    ));
                }
            } else {
                for v in values.split(',').map(str::trim) {
                    let x = v.parse::<f64>().map_err(|_| bad(v, number_expected()))?;
                    out.push(check(x, v)?);
                }
            }
        }
    }
    if out.is_empty() {
        return Err(bad(values, number_expected()));
    }
    let mut seen = Vec::new();
    for x in &out {
        if seen.contains(x) {
            return Err(format!(
                "`--vary {key}`: the value {} appears twice",
                label(lever, *x)
            ));
        }
        seen.push(*x);
    }
    Ok(Axis {
        key: key.to_string(),
        lever,
        labels: out.iter().map(|x| label(lever, *x)).collect(),
        values: out,
    })
}

/// A value as it is written in a scenario.
pub fn label(lever: Lever, x: f64) -> String {
    match lever {
        Lever::Field(i) => match FIELDS[i].kind {
            Kind::Name(names) => names[x as usize].to_string(),
            Kind::Bool => (x != 0.0).to_string(),
            _ => fmt_num(x),
        },
        Lever::Coef(_) => fmt_num(x),
    }
}

/// A lever's name in words, for titles and axes ("Troops deployed", not
/// `force.troops`); a coefficient is "Assumption: " and its name in words.
pub fn lever_words(lever: Lever) -> String {
    match lever {
        Lever::Field(i) => {
            let f = &FIELDS[i];
            let known = match (f.table, f.key) {
                ("ceasefire", "required_before_deployment") => {
                    "Ceasefire required before deployment"
                }
                ("ceasefire", "probability") => "Chance of a ceasefire in the window",
                ("ceasefire", "window_months") => "Ceasefire window (months)",
                ("ceasefire", "pressure") => "Pressure on Russia",
                ("ceasefire", "monitoring") => "Ceasefire monitoring",
                ("force", "troops") => "Troops deployed",
                ("force", "air_defence_units") => "Air-defence units",
                ("force", "aircraft") => "Combat aircraft",
                ("force", "naval_units") => "Naval units",
                ("force", "trainers") => "Trainers",
                ("force", "zone") => "Where the force deploys",
                ("force", "nations") => "Contributing nations",
                ("force", "ground_contributors") => "Nations contributing ground troops",
                ("force", "deployment_lag_months") => "Deployment lag (months)",
                ("force", "backstop_dependent_share") => {
                    "Share of the force that depends on the backstop"
                }
                ("force", "backstop_dependent_level") => "Backstop those contingents need",
                ("rules_of_engagement", "posture") => "Rules of engagement",
                ("rules_of_engagement", "caveat_share") => {
                    "Share of the force under national caveats"
                }
                ("us_backstop", "level") => "U.S. backstop",
                ("us_backstop", "reliability") => "Reliability of the U.S. backstop",
                ("russia", "policy") => "Russian policy",
                ("russia", "risk_appetite") => "Russian risk appetite",
                ("ukraine", "strength") => "Ukraine's strength",
                _ => "",
            };
            if known.is_empty() {
                sentence(&format!("{} {}", f.table, f.key))
            } else {
                known.to_string()
            }
        }
        Lever::Coef(c) => format!("Assumption: {}", c.spec().name.replace('_', " ")),
    }
}

/// "isr_logistics" → "Isr logistics": a name made readable.
fn sentence(name: &str) -> String {
    let t = name.replace('_', " ");
    let mut c = t.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// A value in words: names of the scenario schema spelled out
/// ("ISR and logistics" for `isr_logistics`), numbers with thousands
/// separators, booleans as yes/no.
pub fn value_words(lever: Lever, x: f64) -> String {
    match lever {
        Lever::Field(i) => match FIELDS[i].kind {
            Kind::Name(names) => {
                let n = names[x as usize];
                match n {
                    "none" => "None".into(),
                    "isr_logistics" => "ISR and logistics".into(),
                    "air_support" => "Air support".into(),
                    "full_guarantee" => "Full guarantee".into(),
                    "us_led" => "U.S.-led".into(),
                    "un_osce" => "UN/OSCE observers".into(),
                    "self_defence" => "Self-defence".into(),
                    "protect_mandate" => "Protect the mandate".into(),
                    "contact_line" => "Contact line".into(),
                    _ => sentence(n),
                }
            }
            Kind::Bool => if x != 0.0 { "Yes" } else { "No" }.into(),
            _ => number_words(x),
        },
        Lever::Coef(_) => number_words(x),
    }
}

/// Whole numbers with thousands separators; others as written (0.3).
fn number_words(x: f64) -> String {
    if x.fract() == 0.0 {
        crate::report::table::num(x)
    } else {
        fmt_num(x)
    }
}

/// The scenario's own value of `lever`, when it fixes one (`None` when the
/// scenario draws it from a distribution). A coefficient the scenario does
/// not set has its default.
pub fn own_value(s: &Scenario, lever: Lever) -> Option<f64> {
    let fixed = |p: &Param| match p {
        Param::Fixed(x) => Some(*x),
        Param::Dist(_) => None,
    };
    match lever {
        Lever::Field(i) => fixed(&s.params[i]),
        Lever::Coef(c) => match s.assumptions.iter().find(|(k, _)| *k == c) {
            Some((_, p)) => fixed(p),
            None => Some(c.spec().default),
        },
    }
}

/// The scenario with `lever` fixed at `x`. A fixed input is not drawn, so
/// its `[correlations]` pairs are dropped; the other pairs stay.
pub fn apply(s: &mut Scenario, lever: Lever, x: f64) {
    s.correlations.retain(|c| c.a != lever && c.b != lever);
    match lever {
        Lever::Field(i) => s.params[i] = Param::Fixed(x),
        Lever::Coef(c) => match s.assumptions.iter_mut().find(|(k, _)| *k == c) {
            Some((_, p)) => *p = Param::Fixed(x),
            None => s.assumptions.push((c, Param::Fixed(x))),
        },
    }
}

/// The grid's points: every combination of the axes' value indices, the
/// first axis varying slowest.
pub fn grid(axes: &[Axis]) -> Vec<Vec<usize>> {
    let mut points = vec![Vec::new()];
    for a in axes {
        points = points
            .into_iter()
            .flat_map(|p| {
                (0..a.values.len()).map(move |i| {
                    let mut q = p.clone();
                    q.push(i);
                    q
                })
            })
            .collect();
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_give_the_round_values_people_wrote() {
        let a = parse_vary("assumptions.announcement_penalty=0..0.6:7").unwrap();
        assert_eq!(a.values, vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
        assert_eq!(a.labels[1], "0.1");
    }

    #[test]
    fn lists_ranges_and_names() {
        let a = parse_vary("force.troops=5000..50000:10").unwrap();
        assert_eq!(a.values.len(), 10);
        assert_eq!(a.values[0], 5000.0);
        assert_eq!(a.values[9], 50000.0);
        assert!(a.values.iter().all(|v| v.fract() == 0.0));
        let a = parse_vary("us_backstop.level=none,air_support").unwrap();
        assert_eq!(a.labels, ["none", "air_support"]);
        assert!(!a.numeric());
        let a = parse_vary("assumptions.announcement_penalty=0,0.3,1").unwrap();
        assert_eq!(a.values, [0.0, 0.3, 1.0]);
        assert_eq!(
            grid(&[a.clone(), parse_vary("force.troops=1,2").unwrap()]).len(),
            6
        );
    }

    #[test]
    fn levers_and_values_in_words_and_the_scenario_own_value() {
        let troops = parse_vary("force.troops=5000,25000").unwrap();
        assert_eq!(lever_words(troops.lever), "Troops deployed");
        assert_eq!(value_words(troops.lever, 25000.0), "25,000");
        let level = parse_vary("us_backstop.level=none,isr_logistics").unwrap();
        assert_eq!(lever_words(level.lever), "U.S. backstop");
        assert_eq!(value_words(level.lever, 2.0), "ISR and logistics");
        let pen = parse_vary("assumptions.announcement_penalty=0,0.3").unwrap();
        assert_eq!(lever_words(pen.lever), "Assumption: announcement penalty");
        assert_eq!(value_words(pen.lever, 0.3), "0.3");
        // Every lever has words that are not its dotted key.
        for (i, f) in FIELDS.iter().enumerate() {
            assert_ne!(lever_words(Lever::Field(i)), f.path());
        }
        let mut s = crate::scenario::load_default();
        apply(&mut s, troops.lever, 12_000.0);
        assert_eq!(own_value(&s, troops.lever), Some(12_000.0));
        // The library draws the announcement penalty from a distribution.
        let base = crate::scenario::load_default();
        assert_eq!(own_value(&base, pen.lever), None);
    }

    #[test]
    fn bad_keys_and_values_say_what_is_valid() {
        let e = parse_vary("force.troop=1,2").unwrap_err();
        assert!(
            e.contains("did you mean `force.troops`?") && e.contains("`force.zone`"),
            "{e}"
        );
        let e = parse_vary("assumptions.pressure_efect=1").unwrap_err();
        assert!(e.contains("`assumptions.pressure_effect`"), "{e}");
        let e = parse_vary("force.troops=many").unwrap_err();
        assert!(e.contains("whole numbers from 0"), "{e}");
        let e = parse_vary("force.troops=1.5").unwrap_err();
        assert!(e.contains("whole numbers"), "{e}");
        let e = parse_vary("ceasefire.probability=0.2,1.4").unwrap_err();
        assert!(e.contains("`1.4`"), "{e}");
        let e = parse_vary("us_backstop.level=air").unwrap_err();
        assert!(e.contains("did you mean `air_support`?"), "{e}");
        assert!(parse_vary("force.troops").is_err());
        assert!(parse_vary("force.troops=1..5").is_err());
        assert!(parse_vary("force.troops=5..1:3").is_err());
        assert!(parse_vary("force.troops=1,1").is_err());
    }
}
