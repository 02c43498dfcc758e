//! The inputs an uncertainty analysis varies: the scenario's uncertain
//! parameters (every lever or coefficient given as a distribution), and on
//! request every numeric lever across its range or every coefficient across
//! its plausible range.

use super::sweep::{Lever, apply, label};
use crate::model::coef::{COEFS, Coef};
use crate::scenario::{Dist, FIELDS, Field, Kind, Param, Scenario};

/// One input: its key (`force.troops`, `assumptions.renewal_bar`), what it
/// names, and where it may go.
#[derive(Clone, Debug)]
pub struct Input {
    pub key: String,
    pub lever: Lever,
    pub range: Range,
}

/// Where an input may go.
#[derive(Clone, Debug)]
pub enum Range {
    /// Given as a distribution in the scenario.
    Dist(Dist),
    /// A lever's hard range, or a coefficient's plausible range.
    Interval(f64, f64),
}

impl Input {
    /// The value at quantile `u` of the input's range (its distribution's
    /// inverse CDF, or the interval's linear map), rounded for whole-number
    /// and named inputs as a run's draw would be.
    pub fn at(&self, u: f64) -> f64 {
        let x = match &self.range {
            Range::Dist(d) => d.quantile(u.clamp(1e-12, 1.0 - 1e-12)),
            Range::Interval(lo, hi) => lo + u * (hi - lo),
        };
        if self.integer() { x.round() } else { x }
    }

    /// The low and high settings of a one-at-a-time analysis: a
    /// distribution's 10th and 90th percentiles, an interval's ends.
    /// Percentiles are rounded to four significant digits, so a setting
    /// can be written back into a scenario file as printed.
    pub fn settings(&self) -> (f64, f64) {
        match &self.range {
            // A choice's values are kept as written; rounding stays inside
            // the distribution's support.
            Range::Dist(d @ Dist::Choice { .. }) => (d.quantile(0.1), d.quantile(0.9)),
            Range::Dist(d) => {
                let (a, b) = d.support();
                let r = |u: f64| round4(self.at(u)).clamp(a, b);
                (r(0.1), r(0.9))
            }
            Range::Interval(lo, hi) => (self.at(0.0).max(*lo), self.at(1.0).min(*hi)),
        }
    }

    fn integer(&self) -> bool {
        match self.lever {
            Lever::Field(i) => !matches!(FIELDS[i].kind, Kind::Float),
            Lever::Coef(c) => c.spec().integer,
        }
    }

    /// The value as a scenario file writes it.
    pub fn label(&self, x: f64) -> String {
        label(self.lever, x)
    }

    /// A reader's name: the key, with the unit.
    pub fn unit(&self) -> &'static str {
        match self.lever {
            Lever::Field(i) => FIELDS[i].unit,
            Lever::Coef(c) => c.spec().unit,
        }
    }

    /// The scenario with this input fixed at `x`.
    pub fn fix(&self, s: &mut Scenario, x: f64) {
        apply(s, self.lever, x);
    }

    /// How the settings were chosen, in a few words: "P10–P90 of its
    /// triangular", "the lever's range", "the plausible range".
    pub fn describe(&self) -> String {
        match &self.range {
            Range::Dist(d) => format!("P10–P90 of its {}", d.name()),
            Range::Interval(..) => match self.lever {
                Lever::Field(_) => "the lever's range".into(),
                Lever::Coef(_) => "the plausible range".into(),
            },
        }
    }
}

/// Every lever or coefficient the scenario gives as a distribution, levers
/// in registry order, then coefficients in file order.
pub fn uncertain(s: &Scenario) -> Vec<Input> {
    let mut v: Vec<Input> = FIELDS
        .iter()
        .zip(&s.params)
        .enumerate()
        .filter_map(|(i, (f, p))| match p {
            Param::Dist(d) => Some(Input {
                key: f.path(),
                lever: Lever::Field(i),
                range: Range::Dist(d.clone()),
            }),
            Param::Fixed(_) => None,
        })
        .collect();
    v.extend(s.assumptions.iter().filter_map(|(c, p)| match p {
        Param::Dist(d) => Some(coef_input(*c, Range::Dist(d.clone()))),
        Param::Fixed(_) => None,
    }));
    v
}

/// x to four significant digits.
pub fn round4(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(3 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

fn coef_input(c: Coef, range: Range) -> Input {
    Input {
        key: format!("assumptions.{}", c.spec().name),
        lever: Lever::Coef(c),
        range,
    }
}

/// Every numeric lever the scenario fixes, across its hard range, narrowed
/// where a rule across fields would otherwise break (ground contributors
/// never above the nations, at least one whenever troops deploy).
pub fn levers(s: &Scenario) -> Vec<Input> {
    FIELDS
        .iter()
        .zip(&s.params)
        .enumerate()
        .filter(|(_, (f, p))| {
            matches!(f.kind, Kind::Int | Kind::Float) && matches!(p, Param::Fixed(_))
        })
        .filter_map(|(i, (f, _))| {
            let (mut lo, mut hi) = (f.min, f.max);
            let bounds = |g: Field| s.param(g).bounds();
            if i == Field::Nations as usize {
                lo = lo.max(bounds(Field::GroundContributors).1);
            }
            if i == Field::GroundContributors as usize {
                hi = hi.min(bounds(Field::Nations).0);
                if bounds(Field::Troops).1 + bounds(Field::Trainers).1 > 0.0 {
                    lo = lo.max(1.0);
                }
            }
            if (i == Field::Troops as usize || i == Field::Trainers as usize)
                && bounds(Field::GroundContributors).0 < 1.0
            {
                hi = lo;
            }
            (hi > lo).then(|| Input {
                key: f.path(),
                lever: Lever::Field(i),
                range: Range::Interval(lo, hi),
            })
        })
        .collect()
}

/// Every coefficient the scenario does not give as a distribution, across
/// its plausible range.
pub fn coefficients(s: &Scenario) -> Vec<Input> {
    COEFS
        .iter()
        .enumerate()
        .map(|(i, spec)| (Coef::ALL[i], spec))
        .filter(|(c, _)| {
            !s.assumptions
                .iter()
                .any(|(k, p)| k == c && matches!(p, Param::Dist(_)))
        })
        .filter_map(|(c, spec)| {
            let (lo, hi) = feasible(s, c, spec.plausible);
            (hi > lo).then(|| coef_input(c, Range::Interval(lo, hi)))
        })
        .collect()
}

/// The smallest and largest values coefficient `c` takes in `s`.
fn coef_bounds(s: &Scenario, c: Coef) -> (f64, f64) {
    s.assumptions
        .iter()
        .find(|(k, _)| *k == c)
        .map_or((c.spec().default, c.spec().default), |(_, p)| p.bounds())
}

/// `range` for coefficient `c`, narrowed so that the rules across
/// coefficients hold against its partners as `s` has them: a minimum never
/// above its maximum (`coef::ORDERED`), two shares of one whole never above
/// 1 together (`coef::SHARES`).
pub fn feasible(s: &Scenario, c: Coef, (mut lo, mut hi): (f64, f64)) -> (f64, f64) {
    for (a, b) in crate::model::coef::ORDERED {
        if c == a {
            hi = hi.min(coef_bounds(s, b).0);
        }
        if c == b {
            lo = lo.max(coef_bounds(s, a).1);
        }
    }
    for (a, b, _) in crate::model::coef::SHARES {
        if c == a {
            hi = hi.min(1.0 - coef_bounds(s, b).1);
        }
        if c == b {
            hi = hi.min(1.0 - coef_bounds(s, a).1);
        }
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_scenario_has_its_distributions_as_inputs() {
        let s = crate::scenario::load_default();
        let keys: Vec<String> = uncertain(&s).into_iter().map(|i| i.key).collect();
        for k in ["ceasefire.probability", "force.troops"] {
            assert!(keys.iter().any(|x| x == k), "{k} in {keys:?}");
        }
        // Settings of a triangular(0.2, 0.5, 0.8): P10 = 0.2 + 0.6·√0.05,
        // to four significant digits.
        let risk = uncertain(&s)
            .into_iter()
            .find(|i| i.key == "russia.risk_appetite")
            .unwrap();
        let (lo, hi) = risk.settings();
        assert_eq!(lo, 0.3342, "{lo}");
        assert_eq!(hi, 0.6658, "{hi}");
        assert_eq!(round4(123_456.0), 123_500.0);
        assert_eq!(round4(-0.000_123_44), -0.000_123_4);
        // Levers and coefficients leave out what is already uncertain.
        assert!(!levers(&s).iter().any(|i| i.key == "force.troops"));
        assert!(
            coefficients(&s)
                .iter()
                .any(|i| i.key == "assumptions.relapse_scale")
        );
        // A partner written in the file narrows the range: with the
        // drones' maximum at 2,000, the minimum stays at or below it.
        let mut t = s.clone();
        t.assumptions
            .push((Coef::WarDronesMax, crate::scenario::Param::Fixed(2000.0)));
        let min = coefficients(&t)
            .into_iter()
            .find(|i| i.key == "assumptions.war_drones_min")
            .unwrap();
        assert!(min.settings().1 <= 2000.0, "{:?}", min.settings());
    }
}
