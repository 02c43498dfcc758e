//! `reassure explain`: the model's deterministic view of one scenario in
//! words, tables and a picture: the resolved parameters, the chance of a
//! ceasefire, perceived deterrence term by term, and one mission month's
//! event tree (`model::Tree`). Nothing here is simulated.

use super::charts::{self, Area, GREY, INK, R, err, text_style};
use super::md;
use super::summary::describe_param;
use super::table::{Table, num};
use crate::model::{
    Action, Backstop, Coef, Escalation, Event, FirstMonth, Leaf, Model, MonthEnd, MonthState, Node,
    Route, RunParams, Tree,
};
use crate::scenario::{Dist, FIELDS, Kind, Param, Scenario};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

/// Everything `explain` shows, computed once.
#[derive(Debug)]
pub struct Explanation<'a> {
    pub scenario: &'a Scenario,
    pub params: RunParams,
    pub first: FirstMonth,
    pub tree: Tree,
    /// The `--at` settings as given (KEY, VALUE).
    pub at: Vec<(String, String)>,
}

/// The keys `--at` accepts, with what each sets.
pub const AT_KEYS: &[(&str, &str)] = &[
    (
        "rung",
        "the escalation ladder's rung at the month's start, 0-3",
    ),
    (
        "backstop",
        "what the U.S. backstop has shown: untested, delivered or failed (failed also lowers credibility by backstop_failure_loss unless credibility is set)",
    ),
    ("credibility", "the force's credibility, 0-1"),
    (
        "war",
        "true: the war still runs (no ceasefire yet); false: a ceasefire holds",
    ),
    (
        "since_ceasefire",
        "months since the ceasefire took effect (C3's s), 1-600",
    ),
    (
        "engaged",
        "true: the force is fighting a war it joined (G1)",
    ),
    (
        "left",
        "tiers that have left: lead, other, enablers, joined with + (e.g. enablers+other)",
    ),
    ("adapt", "test_resolve's adaptation multiplier (R2), 0.1-10"),
    (
        "in_kind_last_month",
        "true: the force answered in kind last month (E2's provocation)",
    ),
    (
        "kills_last_month",
        "weapons the coalition shot down over Ukraine last month (W2)",
    ),
    (
        "calm",
        "quiet months so far (E1 steps down after calm_months_to_deescalate)",
    ),
    (
        "buildup",
        "true: inside reinvade's build-up window (R3: more probes)",
    ),
];

/// Apply one `--at KEY=VALUE` to the state; the error says what was expected.
pub fn set_at(p: &RunParams, st: &mut MonthState, key: &str, value: &str) -> Result<(), String> {
    let v = value.trim();
    let boolean = || match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("`{key}` takes true or false, not `{v}`")),
    };
    let number = |lo: f64, hi: f64| -> Result<f64, String> {
        match v.parse::<f64>() {
            Ok(x) if x.is_finite() && (lo..=hi).contains(&x) => Ok(x),
            _ => Err(format!(
                "`{key}` takes a number from {} to {}, not `{v}`",
                num(lo),
                num(hi)
            )),
        }
    };
    let whole = |lo: f64, hi: f64| -> Result<u32, String> {
        let x = number(lo, hi)?;
        if x.fract() == 0.0 {
            Ok(x as u32)
        } else {
            Err(format!(
                "`{key}` takes a whole number from {} to {}, not `{v}`",
                num(lo),
                num(hi)
            ))
        }
    };
    match key {
        "rung" => st.rung = whole(0.0, 3.0)? as u8,
        "backstop" => {
            st.backstop = match v {
                "untested" | "unrevealed" => Backstop::Unrevealed,
                "delivered" => Backstop::Delivered,
                "failed" => {
                    if st.backstop != Backstop::Failed {
                        st.credibility *= 1.0 - p.c[Coef::BackstopFailureLoss];
                    }
                    Backstop::Failed
                }
                _ => {
                    return Err(format!(
                        "`backstop` takes untested, delivered or failed, not `{v}`"
                    ));
                }
            }
        }
        "credibility" => st.credibility = number(0.0, 1.0)?,
        "war" => {
            st.war = boolean()?;
            if !st.war && st.since_ceasefire == 0 {
                st.since_ceasefire = 1;
            }
        }
        "since_ceasefire" => {
            st.since_ceasefire = whole(1.0, 600.0)?;
            st.war = false;
        }
        "engaged" => {
            st.engaged = boolean()?;
            if st.engaged {
                st.rung = st.rung.max(3);
            }
        }
        "left" => {
            let present = p.tiers().present();
            st.present = present;
            for tier in v.split('+').map(str::trim) {
                let i = match tier {
                    "lead" => 0,
                    "other" => 1,
                    "enablers" => 2,
                    "none" => continue,
                    _ => {
                        return Err(format!(
                            "`left` takes lead, other or enablers joined with +, not `{tier}`"
                        ));
                    }
                };
                st.present[i] = false;
            }
        }
        "adapt" => st.adapt = number(0.1, 10.0)?,
        "in_kind_last_month" => st.in_kind_last_month = boolean()?,
        "kills_last_month" => st.kills_last_month = whole(0.0, 1e6)?,
        "calm" => st.calm = whole(0.0, 120.0)?,
        "buildup" => st.buildup = boolean()?,
        _ => {
            let keys: Vec<&str> = AT_KEYS.iter().map(|k| k.0).collect();
            let hint = crate::scenario::diag::suggest(key, keys.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(format!(
                "unknown --at key `{key}`{hint}; the keys are {}",
                keys.join(", ")
            ));
        }
    }
    Ok(())
}

impl<'a> Explanation<'a> {
    pub fn new(
        s: &'a Scenario,
        model: &Model,
        state: MonthState,
        at: Vec<(String, String)>,
    ) -> Self {
        let params = model.central_params();
        let first = model.first_month_of(&params);
        let tree = model.event_tree(&params, &state);
        Explanation {
            scenario: s,
            params,
            first,
            tree,
            at,
        }
    }
}

// ---------------------------------------------------------------- words

/// A probability for people: more decimals the smaller it is, never "0%"
/// for something that can happen.
pub fn prob(p: f64) -> String {
    let x = p * 100.0;
    if p <= 0.0 {
        "0%".into()
    } else if p >= 1.0 {
        "100%".into()
    } else if x >= 10.0 {
        format!("{x:.1}%")
    } else if x >= 0.1 {
        format!("{x:.2}%")
    } else if x >= 0.001 {
        format!("{x:.4}%")
    } else {
        "< 0.001%".into()
    }
}

/// What an event means, in a few words.
pub fn event_words(e: Event) -> &'static str {
    match e {
        Event::Action(Action::None) => "Russia does nothing against the force or the cities",
        Event::Action(Action::Probe) => "Russia probes (incursions, jamming, drones over bases)",
        Event::Action(Action::StrikeForce) => "Russia strikes the force's bases",
        Event::Action(Action::StrikeCities) => "Russia strikes Ukraine's cities",
        Event::Action(Action::Offensive) => "Russia launches a major offensive",
        Event::Fight => "the force fights it",
        Event::Defend => "the force defends where it stands",
        Event::Reached(true) => "the offensive reaches it: it fights",
        Event::Reached(false) => "the offensive passes it by: it stands aside",
        Event::StandAside => "the force stands aside",
        Event::Reveal(true) => "the U.S. backstop is tested and delivers",
        Event::Reveal(false) => "the U.S. backstop is tested and fails",
        Event::Lethal(true) => "weapons get through and kill",
        Event::Lethal(false) => "weapons get through but kill no one",
        Event::Stopped => "every weapon is shot down: nothing gets through",
        Event::CitiesHit(true) => "weapons get through to the cities the force protects",
        Event::CitiesHit(false) => "every weapon is shot down over the cities",
        Event::AircraftLost(true) => "a coalition aircraft is shot down",
        Event::AircraftLost(false) => "no aircraft is lost",
        Event::Clash(true) => "the loss becomes a clash",
        Event::Clash(false) => "the loss stays contained",
        Event::Escalation(Some(Escalation::Campaign)) => {
            "Russia escalates: a campaign against the force"
        }
        Event::Escalation(Some(Escalation::AirDefenceSites)) => {
            "Russia escalates: strikes on air-defence sites and air bases"
        }
        Event::Escalation(Some(Escalation::Hubs)) => {
            "Russia escalates: strikes on hubs outside Ukraine"
        }
        Event::Escalation(Some(Escalation::AirBasesAbroad)) => {
            "Russia escalates: strikes on the air bases in neighbouring states"
        }
        Event::Escalation(None) => "no deliberate escalation",
        Event::HubWider(true) => "the strike on allied soil becomes a wider war",
        Event::HubWider(false) => "it stays contained",
        Event::Answered(true) => "the force answers",
        Event::Answered(false) => "the force does not answer",
        Event::InKind(true) => "in kind (it strikes back)",
        Event::InKind(false) => "proportionately",
        Event::Escalates(true) => "the ladder steps up a rung",
        Event::Escalates(false) => "the ladder holds",
        Event::EngagedWider(true) => "the war widens beyond Ukraine",
        Event::EngagedWider(false) => "the war stays in Ukraine",
    }
}

/// A short machine name of an event (JSON).
pub fn event_key(e: Event) -> String {
    match e {
        Event::Action(a) => format!(
            "action.{}",
            match a {
                Action::None => "none",
                Action::Probe => "probe",
                Action::StrikeForce => "strike_force",
                Action::StrikeCities => "strike_cities",
                Action::Offensive => "offensive",
            }
        ),
        Event::Fight => "offensive.fight".into(),
        Event::Defend => "offensive.defend".into(),
        Event::Reached(b) => format!("offensive.reached.{b}"),
        Event::StandAside => "offensive.stand_aside".into(),
        Event::Reveal(b) => format!("backstop.delivers.{b}"),
        Event::Lethal(b) => format!("strike.lethal.{b}"),
        Event::Stopped => "strike.stopped".into(),
        Event::CitiesHit(b) => format!("cities.hit.{b}"),
        Event::AircraftLost(b) => format!("aircraft.lost.{b}"),
        Event::Clash(b) => format!("aircraft.clash.{b}"),
        Event::Escalation(k) => format!("escalation.{}", k.map_or("none", Escalation::key)),
        Event::HubWider(b) => format!("escalation.hubs.wider_war.{b}"),
        Event::Answered(b) => format!("answer.{b}"),
        Event::InKind(b) => format!("answer.in_kind.{b}"),
        Event::Escalates(b) => format!("answer.escalates.{b}"),
        Event::EngagedWider(b) => format!("war.wider.{b}"),
    }
}

/// How a path ends, in words.
pub fn leaf_words(l: &Leaf) -> String {
    match (l.ends, l.route) {
        (Some(MonthEnd::WiderWar), _) => "wider war (rung 4): the history ends".into(),
        (Some(MonthEnd::Collapse), Some(Route::StoodAside)) => {
            "the ceasefire collapses, the force stood aside and leaves: the war resumes without it"
                .into()
        }
        (Some(MonthEnd::Collapse), Some(Route::Fought)) => format!(
            "the ceasefire collapses and the force fights alongside Ukraine, rung {}",
            l.rung
        ),
        (Some(MonthEnd::Collapse), _) => {
            "the ceasefire collapses with no force there: the war resumes".into()
        }
        _ if l.engaged => format!("war alongside Ukraine, rung {}: the war goes on", l.rung),
        _ => format!("rung {}: the mission goes on", l.rung),
    }
}

/// The classes a month can end in, for the summary table and the colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum End {
    GoesOn(u8),
    Engaged,
    Collapse,
    Wider,
}

impl End {
    pub fn of(l: &Leaf) -> End {
        match l.ends {
            Some(MonthEnd::WiderWar) => End::Wider,
            _ if l.engaged => End::Engaged,
            Some(MonthEnd::Collapse) => End::Collapse,
            None => End::GoesOn(l.rung),
        }
    }

    pub fn words(self) -> String {
        match self {
            End::GoesOn(0) => "goes on at rung 0 (calm)".into(),
            End::GoesOn(1) => "goes on at rung 1 (grey-zone incidents)".into(),
            End::GoesOn(2) => "goes on at rung 2 (strikes)".into(),
            End::GoesOn(r) => format!("goes on at rung {r} (sustained clashes)"),
            End::Engaged => "force at war alongside Ukraine".into(),
            End::Collapse => "ceasefire collapses (the force, if there, leaves)".into(),
            End::Wider => "wider war (the history ends)".into(),
        }
    }

    /// An ordered palette for the rungs, outcome colours for the ends.
    pub fn colour(self) -> RGBColor {
        match self {
            End::GoesOn(0) => RGBColor(0, 158, 115),
            End::GoesOn(1) => RGBColor(140, 190, 90),
            End::GoesOn(2) => RGBColor(230, 159, 0),
            End::GoesOn(_) => RGBColor(213, 94, 0),
            End::Engaged => RGBColor(160, 60, 20),
            End::Collapse => charts::mission_colour(crate::model::Mission::EndedByCollapse),
            End::Wider => charts::peace_colour(crate::model::Peace::WiderWar),
        }
    }
}

/// The month's ends with their probabilities, in order.
pub fn ends(tree: &Tree) -> Vec<(End, f64)> {
    let mut out: Vec<(End, f64)> = Vec::new();
    for path in tree.paths() {
        let e = End::of(&path.leaf);
        match out.iter_mut().find(|x| x.0 == e) {
            Some(x) => x.1 += path.p,
            None => out.push((e, path.p)),
        }
    }
    out.sort_by_key(|a| a.0);
    out
}

fn state_words(st: &MonthState, tree: &Tree, arrived: [bool; 3]) -> String {
    let backstop = match st.backstop {
        Backstop::Unrevealed => "untested",
        Backstop::Delivered => "shown to deliver",
        Backstop::Failed => "shown to fail",
    };
    let phase = if st.engaged {
        "the force is at war alongside Ukraine".to_string()
    } else if st.war {
        "the war still runs (no ceasefire)".to_string()
    } else {
        format!("{} months after the ceasefire", st.since_ceasefire)
    };
    let left: Vec<&str> = ["lead nations", "other ground contributors", "enablers"]
        .iter()
        .zip(st.present.iter().zip(arrived))
        .filter(|(_, (now, then))| !**now && *then)
        .map(|(n, _)| *n)
        .collect();
    format!(
        "mission month {}, {phase}; rung {}; backstop {backstop}; credibility {:.2}; {}; perceived deterrence D = {:.3}",
        st.month,
        st.rung,
        st.credibility,
        if left.is_empty() {
            format!("{} people in the country", num(tree.people.round()))
        } else {
            format!(
                "{} left ({} people remain)",
                left.join(" and "),
                num(tree.people.round())
            )
        },
        tree.deterrence
    )
}

/// A branch as shown to people. Siblings whose subtrees (as built, before
/// any folding) are identical are shown as one branch ("A (p) or B (q)", with the summed chance), and a
/// certain single branch is folded into its parent's line ("A (p); then B
/// (q) or C (r)"). The view stays exact: a path's chance is still the
/// product of its branches' chances. `explain.json` keeps every branch.
#[derive(Clone, Debug, PartialEq)]
pub struct Disp {
    /// The branch's words with its chance (and any folded or merged ones).
    pub label: String,
    /// The branch's own event and chance, without what was folded in.
    pub own: String,
    pub p: f64,
    pub children: Vec<Disp>,
    pub leaf: Option<Leaf>,
}

pub fn display(nodes: &[Node]) -> Vec<Disp> {
    let converted = nodes.iter().map(|n| {
        let own = format!("{} ({})", event_words(n.event), prob(n.p));
        Disp {
            label: own.clone(),
            own,
            p: n.p,
            children: display(&n.children),
            leaf: n.leaf,
        }
    });
    // Merge siblings with equal subtrees, keeping the first one's place.
    let mut groups: Vec<Vec<Disp>> = Vec::new();
    for d in converted {
        match groups
            .iter_mut()
            .find(|g| g[0].children == d.children && g[0].leaf == d.leaf)
        {
            Some(g) => g.push(d),
            None => groups.push(vec![d]),
        }
    }
    groups
        .into_iter()
        .map(|g| {
            if g.len() == 1 {
                return fold(g.into_iter().next().expect("one"));
            }
            // Alternatives with details folded in are named by their own
            // event only: those details do not change what follows.
            let nested = g.iter().any(|x| x.label.contains("; then"));
            let label = g
                .iter()
                .map(|x| {
                    if nested {
                        x.own.as_str()
                    } else {
                        x.label.as_str()
                    }
                })
                .collect::<Vec<_>>()
                .join(" or ");
            let p = g.iter().map(|x| x.p).sum();
            let first = g.into_iter().next().expect("one");
            fold(Disp {
                own: label.clone(),
                label,
                p,
                ..first
            })
        })
        .collect()
}

/// Fold a certain single child into its parent's line.
fn fold(mut d: Disp) -> Disp {
    while d.children.len() == 1 && d.children[0].p >= 1.0 - 1e-12 {
        let c = d.children.pop().expect("one");
        d.label = format!("{}; then {}", d.label, c.label);
        d.children = c.children;
        d.leaf = c.leaf;
    }
    d
}

/// The tree as indented text, one line per branch: its conditional
/// probability and, at a leaf, the path's probability and how it ends.
pub fn tree_text(tree: &Tree) -> String {
    fn walk(n: &Disp, prefix: &str, last: bool, p: f64, out: &mut String) {
        let p = p * n.p;
        let branch = if last { "└─ " } else { "├─ " };
        let mut line = format!("{prefix}{branch}{}", n.label.clone());
        if let Some(l) = &n.leaf {
            line.push_str(&format!("  →  {}  [path {}]", leaf_words(l), prob(p)));
        }
        out.push_str(&line);
        out.push('\n');
        let next = format!("{prefix}{}", if last { "   " } else { "│  " });
        for (i, c) in n.children.iter().enumerate() {
            walk(c, &next, i + 1 == n.children.len(), p, out);
        }
    }
    let shown = display(&tree.children);
    let mut out = format!("Mission month {}\n", tree.state.month);
    for (i, c) in shown.iter().enumerate() {
        walk(c, "", i + 1 == shown.len(), 1.0, &mut out);
    }
    out
}

fn ends_table(tree: &Tree) -> Table {
    let mut t = Table::new(&["the month ends", "chance"]);
    for (e, p) in ends(tree) {
        t.row(vec![e.words(), prob(p)]);
    }
    t
}

fn parameter_rows(s: &Scenario) -> Table {
    let mut t = Table::new(&[
        "lever",
        "as written",
        "used in this view",
        "90% of runs draw",
        "unit",
    ]);
    t.numeric = false;
    for (f, p) in FIELDS.iter().zip(&s.params) {
        let (central, range) = match p {
            Param::Fixed(_) => (describe_param(p, f.kind), String::new()),
            Param::Dist(d) => spread(d, f.kind),
        };
        t.row(vec![
            format!("`{}`", f.path()),
            describe_param(p, f.kind),
            central,
            range,
            f.unit.to_string(),
        ]);
    }
    t
}

/// A distribution's central value and its 5th-95th percentile range
/// (exact quantiles; beta by 20,000 keyed draws, as it has no cheap inverse).
fn spread(d: &Dist, kind: Kind) -> (String, String) {
    let show = |x: f64| describe_param(&Param::Fixed(x), kind);
    if let Kind::Name(_) | Kind::Bool = kind {
        return (show(d.central()), "(a choice: see the weights)".into());
    }
    let round = |x: f64| if kind == Kind::Int { x.round() } else { x };
    let (lo, med, hi) = match d {
        Dist::Beta { .. } => {
            let mut st = crate::random::RunKey::new(0, 0).stream(crate::random::purpose("explain"));
            let mut xs: Vec<f64> = (0..20_000).map(|_| d.sample(&mut st)).collect();
            xs.sort_by(f64::total_cmp);
            (xs[1000], xs[10_000], xs[19_000])
        }
        _ => (d.quantile(0.05), d.quantile(0.5), d.quantile(0.95)),
    };
    let sig = |x: f64| {
        let x = round(x);
        if kind == Kind::Int {
            num(x)
        } else {
            format!("{}", (x * 1000.0).round() / 1000.0)
        }
    };
    (
        format!(
            "{} (central)",
            show((round(d.central()) * 1e4).round() / 1e4)
        ),
        format!("median {}, {} to {}", sig(med), sig(lo), sig(hi)),
    )
}

fn assumption_rows(s: &Scenario) -> Option<Table> {
    if s.assumptions.is_empty() {
        return None;
    }
    let mut t = Table::new(&["coefficient", "as written", "default", "plausible range"]);
    t.numeric = false;
    for (c, p) in &s.assumptions {
        let spec = c.spec();
        t.row(vec![
            format!("`{}`", spec.name),
            describe_param(p, Kind::Float),
            num(spec.default),
            format!("{} to {}", num(spec.plausible.0), num(spec.plausible.1)),
        ]);
    }
    Some(t)
}

fn deterrence_table(fm: &FirstMonth) -> Table {
    let d = &fm.deterrence;
    let mut t = Table::new(&["term", "value", "what it is"]);
    t.numeric = false;
    let rows = [
        (
            "CP_troops",
            d.troop_power,
            "troop power: troop_weight · ln(1 + (troops + trainer_weight · trainers) / troop_scale)",
        ),
        (
            "CP_other",
            d.other_power,
            "air defence, aircraft and naval units, each times its weight",
        ),
        (
            "z",
            d.zone_weight,
            "zone weight: how much presence in this zone deters",
        ),
        (
            "T",
            d.tripwire,
            "tripwire: tripwire_weight · ln(1 + nations), flags on the ground",
        ),
        (
            "posture",
            d.posture,
            "credibility of the rules of engagement",
        ),
        (
            "credibility",
            d.credibility,
            "the force's credibility on arrival",
        ),
        (
            "b",
            d.backstop,
            "the backstop Russia perceives: weight × reliability before it is tested",
        ),
        (
            "S",
            d.score,
            "S = z · (CP_troops + CP_other + T) · posture · credibility + backstop_deterrence · b",
        ),
        ("D", d.value, "perceived deterrence D = 1 − exp(−S)"),
    ];
    for (k, v, what) in rows {
        t.row(vec![k.to_string(), format!("{v:.3}"), what.to_string()]);
    }
    t
}

fn ceasefire_lines(e: &Explanation) -> Vec<String> {
    let p = &e.params;
    let fm = &e.first;
    let mut v = vec![format!(
        "Chance of a ceasefire within the {}-month window (C1): {}; monthly hazard {}. On the log-odds of the baseline {}: pressure {}, Moscow's objection to the announced force {}, to air policing over Ukraine {}, Kyiv's confidence in the guarantee {} (its credibility G = {:.3}, `kyiv_confidence` = {}).",
        p.window,
        prob(fm.p_win),
        prob(fm.ceasefire_hazard),
        prob(p.p0),
        signed_logit(fm.c1_pressure),
        signed_logit(-fm.c1_penalty),
        signed_logit(-fm.c1_air),
        signed_logit(fm.c1_kyiv),
        fm.guarantee,
        num(p.c[Coef::KyivConfidence])
    )];
    let h = e.scenario.horizon_months;
    v.push(format!(
        "After the window talks go on at {} of the window's hazard (C2, `ceasefire_later_ratio`): a ceasefire comes within the {h}-month horizon with chance {}.",
        prob(p.c[Coef::CeasefireLaterRatio]),
        prob(p.p_ceasefire_within(h))
    ));
    if p.required {
        v.push(format!(
            "The force deploys only after a ceasefire: with chance {} none comes within the horizon and the force never deploys (Moscow's veto). Once it comes the force arrives {} month{} later; an offensive in between meets no force and calls the deployment off.",
            prob(1.0 - p.p_ceasefire_within(h)),
            p.lag,
            if p.lag == 1 { "" } else { "s" }
        ));
    } else {
        v.push(format!(
            "The force deploys without waiting: it arrives after {} month{}, while the war may still run.",
            p.lag,
            if p.lag == 1 { "" } else { "s" }
        ));
    }
    if !fm.war {
        v.push(format!(
            "In the first mission month ({} months after the ceasefire) the reference relapse probability q(s) is {} (C3), times Ukraine's strength factor {:.2} (U1) and monitoring's factor {:.2} (V1: `monitoring_relapse_cut` {} × attribution quality {}; it acts with or without a force).",
            fm.months_since_ceasefire,
            prob(fm.relapse_q),
            fm.ukraine_factor,
            fm.verification_factor,
            num(p.c[Coef::MonitoringRelapseCut]),
            num(p.monitoring)
        ));
    }
    let [window, later] = p.pressure_profile;
    if p.pressure > 0.0 {
        v.push(format!(
            "Pressure builds and Russia adapts to it (C1/C2: 1 − e^(−m/`pressure_build_months` {}) × e^(−`pressure_adaptation` {} × m/12)): over the window it has {} of its full effect on average, over the later months to the horizon {} (the later hazard reads C1 with it: a window chance of {}).",
            num(p.c[Coef::PressureBuildMonths]),
            num(p.c[Coef::PressureAdaptation]),
            prob(window),
            prob(later),
            prob(p.p_later())
        ));
    }
    v.push(format!(
        "What the policy costs Europe besides the force (X2): pressure {} × EUR {} bn a year and military aid {} × EUR {} bn a year{}, EUR {:.1} bn over the {}-month horizon, in every run. The force's own costs are marginal (what deploying adds to keeping the forces at home).",
        num(p.pressure),
        num(p.c[Coef::PressureCostYear]),
        num(p.aid),
        num(p.c[Coef::AidCostYear]),
        if p.aid > 0.0 {
            format!(" (it raises Ukraine's strength to {:.2}, U1)", p.strength)
        } else {
            String::new()
        },
        p.policy_cost_eur_m() / 1000.0,
        e.scenario.horizon_months
    ));
    if p.c[Coef::RebuildGain] > 0.0 {
        let rho = |s: u32| crate::model::rebuild_factor(&p.c, s);
        v.push(format!(
            "Russia rebuilds after a ceasefire (R5): every offensive hazard is multiplied by ρ(s) = 1 + `rebuild_gain` {} × (1 − e^(−s/`rebuild_months` {})): {:.2} six months after the ceasefire, {:.2} after two years, {:.2} after five.",
            num(p.c[Coef::RebuildGain]),
            num(p.c[Coef::RebuildMonths]),
            rho(6),
            rho(24),
            rho(60)
        ));
    } else {
        v.push("Russia's rebuilding (R5) is off (`rebuild_gain` = 0): the offensive hazard follows q(s) alone.".to_string());
    }
    v
}

/// Where the aircraft fly from, and what that does to their crews and to
/// Russia's strikes on their bases (E2).
fn air_basing_line(p: &crate::model::RunParams) -> Option<String> {
    if p.aircraft <= 0.0 {
        return None;
    }
    let crews = p.c[Coef::CrewAircraft] * p.aircraft;
    Some(if p.air_abroad {
        format!(
            "The {} aircraft fly from bases in neighbouring states (`air_basing` = neighbouring): their {} crew are committed but not in the country, out of reach of strikes in Ukraine. {} of Russia's strikes on air-defence sites and air bases (E2) land on those bases, on NATO soil, and become a wider war as strikes on hubs outside Ukraine do ({} untested, {} once the backstop has shown it delivers).",
            num(p.aircraft),
            num(crews),
            prob(p.air_bases_abroad_share(true)),
            prob(p.hub_wider_war_prob(false)),
            prob(p.hub_wider_war_prob(true))
        )
    } else {
        format!(
            "The {} aircraft fly from bases in Ukraine (`air_basing` = in_country): their {} crew are in the country, and Russia's strikes on air-defence sites and air bases (E2) land there.",
            num(p.aircraft),
            num(crews)
        )
    })
}

/// F1: each tier's people with rotation against its pool, and the will it
/// recovers toward.
fn force_generation_line(p: &crate::model::RunParams) -> Option<String> {
    if p.footprint() <= 0.0 {
        return None;
    }
    let f = p.force_generation(&p.tiers());
    let (committed, strain, target) = (f.committed, f.strain, f.will_target);
    let pools = [Coef::PoolLead, Coef::PoolGround, Coef::PoolEnablers];
    let tiers = [
        "the lead nations",
        "the other ground contributors",
        "the enablers",
    ];
    let parts: Vec<String> = (0..3)
        .filter(|&i| committed[i] > 0.0)
        .map(|i| {
            format!(
                "{} commit {} of a pool of {} (strain {:.2}, target will {:.2})",
                tiers[i],
                num(committed[i]),
                num(p.c[pools[i]]),
                strain[i],
                target[i]
            )
        })
        .collect();
    let strained = target.iter().any(|t| *t < 1.0);
    Some(format!(
        "Force generation (F1), people with rotation (× `rotation_multiplier` {}): {}. {}",
        num(p.c[Coef::RotationMultiplier]),
        parts.join("; "),
        if strained {
            format!(
                "A tier past `strain_threshold` ({}) recovers will only toward 1 − `strain_will_cut` {} × (strain − threshold), so in quiet months its will drifts there and its votes and elections end the mandate more often.",
                num(p.c[Coef::StrainThreshold]),
                num(p.c[Coef::StrainWillCut])
            )
        } else {
            format!(
                "No tier is past `strain_threshold` ({}): every tier recovers toward full will.",
                num(p.c[Coef::StrainThreshold])
            )
        }
    ))
}

/// A signed shift of the log-odds ("+0.60 logit", "−0.40 logit", "0 logit").
fn signed_logit(x: f64) -> String {
    if x == 0.0 {
        "0 logit".to_string()
    } else if x > 0.0 {
        format!("+{x:.2} logit")
    } else {
        format!("\u{2212}{:.2} logit", -x)
    }
}

/// What the tree leaves out in this state, and what to try next.
fn notes(e: &Explanation) -> Vec<String> {
    let p = &e.params;
    let st = &e.tree.state;
    let c = &p.c;
    let mut v = Vec::new();
    if st.rung < 2 && !st.engaged {
        v.push(
            "Russia's deliberate escalation (E2) starts at rung 2; see it with `--at rung=2`."
                .to_string(),
        );
    }
    let period = c[Coef::MandatePeriod] as u32;
    let will = c[Coef::InitialWill];
    let tiers = [
        "the lead nations",
        "the other ground contributors",
        "the enablers",
    ];
    let voting: Vec<&str> = (0..3)
        .filter(|i| !p.executive[*i])
        .map(|i| tiers[i])
        .collect();
    let exec: Vec<&str> = (0..3)
        .filter(|i| p.executive[*i])
        .map(|i| tiers[i])
        .collect();
    let when = if voting.is_empty() {
        "No tier holds scheduled votes (all executive)".to_string()
    } else if st.engaged || st.month.is_multiple_of(period.max(1)) {
        format!(
            "Month {} has a renewal vote for {}",
            st.month,
            super::glossary::and_list(&voting)
        )
    } else {
        format!(
            "{} vote every {period} mission months (month {} is not one)",
            super::glossary::capitalise(&super::glossary::and_list(&voting)),
            st.month
        )
    };
    let exec_note = if exec.is_empty() {
        String::new()
    } else {
        format!(
            " {} hold no scheduled vote (executive regime): they leave when losses pass their tolerance, when will runs out, or after an election.",
            super::glossary::capitalise(&super::glossary::and_list(&exec))
        )
    };
    v.push(format!(
        "{when}: at the will each tier starts with ({will:.2}) a tier leaves at a vote with chance {}; at will 0.3 with chance {} (P1).{exec_note}",
        prob(p.p_leave_at_vote(will)),
        prob(p.p_leave_at_vote(0.3)),
    ));
    let calendar: Vec<String> = p
        .election_bits(e.scenario.horizon_months)
        .into_iter()
        .zip(tiers)
        .filter(|(bits, _)| *bits != 0)
        .map(|(bits, t)| {
            let m: Vec<u32> = (1..128).filter(|k| (bits >> k) & 1 == 1).collect();
            let months: Vec<String> = m.iter().map(|x| x.to_string()).collect();
            format!(
                "{t} in month{} {}",
                if m.len() == 1 { "" } else { "s" },
                months.join(", ")
            )
        })
        .collect();
    if calendar.is_empty() {
        v.push("No election falls within the horizon (P1e).".to_string());
    } else {
        v.push(format!(
            "Elections within the horizon (calendar months from the start): {}. At each, a tier still in the country leaves with chance {} at the will it starts with, {} at will 0.3 (P1e: `election_turnover` × `new_government_exit` × (1 − will)/(1 − `renewal_bar`)).",
            calendar.join("; "),
            prob(p.p_exit_at_election(will)),
            prob(p.p_exit_at_election(0.3))
        ));
    }
    v.extend(air_basing_line(p));
    v.extend(force_generation_line(p));
    v.push("Will, votes and withdrawal are not in the tree: each run draws its tiers' tolerance of losses, so a lethal strike's effect differs run by run. `reassure narrate` tells single runs with them.".to_string());
    if p.policy == crate::model::Policy::Reinvade {
        v.push(format!(
            "Reinvade: besides this tree, a planned offensive comes due in a month drawn per run (triangular {}–{}–{} months after the ceasefire) and is launched with chance min(1, (1 − D) · U) = {} at this D (R3).",
            num(c[Coef::ReinvadeMonthMin]),
            num(c[Coef::ReinvadeMonthMode]),
            num(c[Coef::ReinvadeMonthMax]),
            prob(((1.0 - e.tree.deterrence) * p.ukraine_factor()).min(1.0))
        ));
    }
    v
}

/// The terminal view: the state, the tree and how the month ends.
pub fn text(e: &Explanation) -> String {
    let fm = &e.first;
    let mut out = format!(
        "{}\n\nThe levers, as this view uses them (a distribution at its central value):\n",
        e.scenario.name
    );
    let mut t = Table::new(&["lever", "used here", "90% of runs draw"]);
    t.numeric = false;
    for (f, p) in FIELDS.iter().zip(&e.scenario.params) {
        let (central, range) = match p {
            Param::Fixed(_) => (describe_param(p, f.kind), String::new()),
            Param::Dist(d) => spread(d, f.kind),
        };
        t.row(vec![f.path(), central.replace(" (central)", ""), range]);
    }
    out.push_str(&t.text());
    if let Some(a) = assumption_rows(e.scenario) {
        out.push_str("\nAssumptions changed from their defaults:\n");
        out.push_str(&a.text());
    }
    out.push('\n');
    for l in ceasefire_lines(e) {
        out.push_str(&format!("{l}\n"));
    }
    out.push_str(&format!(
        "\nPerceived deterrence on arrival (D1): S = {:.3}, D = {:.3}\n\n",
        fm.deterrence.score, fm.deterrence.value
    ));
    out.push_str(&format!(
        "The month's event tree: {}\n\n",
        state_words(&e.tree.state, &e.tree, e.params.tiers().present())
    ));
    out.push_str(&tree_text(&e.tree));
    out.push('\n');
    out.push_str(&ends_table(&e.tree).text());
    out.push('\n');
    for n in notes(e) {
        out.push_str(&format!("- {n}\n"));
    }
    out
}

/// `explain.md`.
pub fn markdown(e: &Explanation, picture: Option<&str>) -> String {
    let s = e.scenario;
    let mut out = format!("# How the model sees “{}”\n\n", md::text(&s.name));
    out.push_str("Everything on this page is computed exactly from the model's equations (docs/model.md) at the scenario's central values: a distribution's median, a choice's most likely value. Nothing is simulated; `reassure run` draws each run's own values and plays the months out.\n\n");
    if !e.at.is_empty() {
        let at: Vec<String> =
            e.at.iter()
                .map(|(k, v)| md::code(&format!("{k}={v}")))
                .collect();
        out.push_str(&format!("State set with `--at`: {}.\n\n", at.join(", ")));
    }
    out.push_str("## The scenario's levers\n\n");
    out.push_str(&parameter_rows(s).markdown());
    if let Some(t) = assumption_rows(s) {
        out.push_str("\n### Assumptions changed from their defaults\n\n");
        out.push_str(&t.markdown());
    }
    out.push_str("\n## The ceasefire\n\n");
    for l in ceasefire_lines(e) {
        out.push_str(&format!("- {}\n", md::inline(&l)));
    }
    out.push_str("\n## Perceived deterrence on arrival (D1)\n\n");
    out.push_str(&deterrence_table(&e.first).markdown());
    out.push_str(&format!(
        "\n## One month as an event tree\n\nThe state: {}.\n\n",
        md::text(&state_words(
            &e.tree.state,
            &e.tree,
            e.params.tiers().present()
        ))
    ));
    if let Some(pic) = picture {
        out.push_str(&format!("{}\n\n", md::image("The event tree", pic)));
    }
    out.push_str("Each branch shows its chance given the branch above it; each leaf, in brackets, the chance of the whole path.\n\n```text\n");
    out.push_str(&tree_text(&e.tree));
    out.push_str("```\n\n### How the month ends\n\n");
    out.push_str(&ends_table(&e.tree).markdown());
    out.push_str("\n## Not in the tree\n\n");
    for n in notes(e) {
        out.push_str(&format!("- {}\n", md::inline(&n)));
    }
    out.push_str("\n## The `--at` keys\n\n");
    for (k, what) in AT_KEYS {
        out.push_str(&format!("- `{k}`: {what}\n"));
    }
    out
}

// ---------------------------------------------------------------- JSON

#[derive(Debug, Serialize)]
pub struct JsonNode {
    pub event: String,
    pub words: &'static str,
    /// Chance given the parent branch.
    pub p: f64,
    /// Chance of the path from the root to here.
    pub path_p: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ends: Option<JsonLeaf>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<JsonNode>,
}

#[derive(Debug, Serialize)]
pub struct JsonLeaf {
    pub rung: u8,
    pub outcome: Option<&'static str>,
    pub collapse_route: Option<&'static str>,
    pub engaged: bool,
    pub words: String,
}

#[derive(Debug, Serialize)]
pub struct JsonExplain {
    pub scenario: String,
    pub month: u32,
    pub at: Vec<(String, String)>,
    pub p_ceasefire_in_window: f64,
    pub deterrence_on_arrival: f64,
    pub deterrence_this_month: f64,
    pub ends: Vec<(String, f64)>,
    pub tree: Vec<JsonNode>,
}

pub fn json(e: &Explanation) -> JsonExplain {
    fn node(n: &Node, p: f64) -> JsonNode {
        let path_p = p * n.p;
        JsonNode {
            event: event_key(n.event),
            words: event_words(n.event),
            p: n.p,
            path_p,
            ends: n.leaf.map(|l| JsonLeaf {
                rung: l.rung,
                outcome: l.ends.map(|o| o.name()),
                collapse_route: l.route.map(|r| r.name()),
                engaged: l.engaged,
                words: leaf_words(&l),
            }),
            children: n.children.iter().map(|c| node(c, path_p)).collect(),
        }
    }
    JsonExplain {
        scenario: e.scenario.slug.clone(),
        month: e.tree.state.month,
        at: e.at.clone(),
        p_ceasefire_in_window: e.first.p_win,
        deterrence_on_arrival: e.first.deterrence.value,
        deterrence_this_month: e.tree.deterrence,
        ends: ends(&e.tree)
            .into_iter()
            .map(|(k, p)| (k.words(), p))
            .collect(),
        tree: e.tree.children.iter().map(|c| node(c, 1.0)).collect(),
    }
}

// ---------------------------------------------------------------- picture

const ROW: i32 = 26;
const TOP: i32 = 118;
const INDENT: i32 = 26;
const WIDTH: u32 = 1400;
/// Where the path-probability bars start, and their full length.
const BAR_X: i32 = 1000;
const BAR_W: i32 = 240;

struct Row {
    depth: i32,
    text: String,
    p_path: f64,
    end: Option<End>,
    /// Rows of this node's parent and its own (for connectors).
    parent: Option<usize>,
}

fn rows(tree: &Tree) -> Vec<Row> {
    fn walk(n: &Disp, depth: i32, parent: Option<usize>, p: f64, out: &mut Vec<Row>) {
        let p = p * n.p;
        let me = out.len();
        out.push(Row {
            depth,
            text: n.label.clone(),
            p_path: p,
            end: n.leaf.as_ref().map(End::of),
            parent,
        });
        for c in &n.children {
            walk(c, depth + 1, Some(me), p, out);
        }
    }
    let mut out = Vec::new();
    for c in &display(&tree.children) {
        walk(c, 0, None, 1.0, &mut out);
    }
    out
}

/// The picture's size: its height follows the number of branches.
pub fn picture_size(tree: &Tree) -> (u32, u32) {
    let n = rows(tree).len() as i32;
    let legend_rows = 2;
    (WIDTH, (TOP + n * ROW + 40 + legend_rows * 28 + 40) as u32)
}

/// The tree as a picture: one row per branch, indented by depth with
/// elbow connectors, each leaf with a bar of its path's chance (linear, and
/// labelled, so small paths are read from the label) coloured by how the
/// month ends.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, e: &Explanation) -> R<()> {
    let tree = &e.tree;
    root.fill(&WHITE).map_err(err)?;
    let ts = ("sans-serif", 28.0, FontStyle::Bold)
        .into_font()
        .color(&INK);
    let title = charts::fit(
        root,
        &format!("{}: one month as an event tree", e.scenario.name),
        &ts,
        WIDTH - 80,
    );
    root.draw(&Text::new(title, (40, 16), ts)).map_err(err)?;
    let sub = text_style(17.0, &INK);
    let state = charts::fit(
        root,
        &state_words(&tree.state, tree, e.params.tiers().present()),
        &sub,
        WIDTH - 80,
    );
    root.draw(&Text::new(state, (40, 54), sub.clone()))
        .map_err(err)?;
    let head = text_style(15.0, &GREY);
    root.draw(&Text::new(
        "branch and its chance given the branch above",
        (40, 88),
        head.clone(),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        "chance of the whole path",
        (BAR_X, 88),
        head.clone(),
    ))
    .map_err(err)?;

    let rows = rows(tree);
    let y_of = |i: usize| TOP + i as i32 * ROW + ROW / 2;
    let x_of = |d: i32| 48 + d * INDENT;
    let line = ShapeStyle::from(&RGBColor(170, 170, 170)).stroke_width(1);
    let label = text_style(16.0, &INK).pos(Pos::new(HPos::Left, VPos::Center));
    let small = text_style(15.0, &INK).pos(Pos::new(HPos::Left, VPos::Center));
    let max_text = |d: i32| (BAR_X - 24 - x_of(d) - 14).max(40) as u32;
    for (i, r) in rows.iter().enumerate() {
        let (x, y) = (x_of(r.depth), y_of(i));
        if let Some(pi) = r.parent {
            let px = x_of(rows[pi].depth);
            root.draw(&PathElement::new(
                vec![(px, y_of(pi) + 6), (px, y), (x - 4, y)],
                line,
            ))
            .map_err(err)?;
        }
        // Leaves are filled with the colour of how they end; branch points hollow.
        let dot = match r.end {
            Some(end) => ShapeStyle::from(&end.colour()).filled(),
            None => ShapeStyle::from(&GREY).stroke_width(2),
        };
        root.draw(&Circle::new((x, y), 4, dot)).map_err(err)?;
        let t = charts::fit(root, &r.text, &label, max_text(r.depth));
        root.draw(&Text::new(t, (x + 10, y), label.clone()))
            .map_err(err)?;
        if let Some(end) = r.end {
            // A faint guide from the label to its bar.
            root.draw(&PathElement::new(
                vec![(BAR_X - 16, y), (BAR_X - 4, y)],
                ShapeStyle::from(&RGBColor(215, 215, 215)).stroke_width(1),
            ))
            .map_err(err)?;
            let w = ((r.p_path * BAR_W as f64).round() as i32).max(1);
            root.draw(&Rectangle::new(
                [(BAR_X, y - 8), (BAR_X + w, y + 8)],
                ShapeStyle::from(&end.colour()).filled(),
            ))
            .map_err(err)?;
            root.draw(&Text::new(
                prob(r.p_path),
                (BAR_X + w + 8, y),
                small.clone(),
            ))
            .map_err(err)?;
        }
    }
    // The legend: how a month ends, with each end's total chance.
    let mut x = 40;
    let mut y = TOP + rows.len() as i32 * ROW + 40;
    let lg = text_style(16.0, &INK).pos(Pos::new(HPos::Left, VPos::Center));
    root.draw(&Text::new("How the month ends:", (x, y), lg.clone()))
        .map_err(err)?;
    x += 180;
    for (end, p) in ends(tree) {
        let words = format!("{}  {}", end.words(), prob(p));
        let w = root
            .estimate_text_size(&words, &lg)
            .map(|(w, _)| w as i32)
            .unwrap_or(200);
        if x + 24 + w > WIDTH as i32 - 40 {
            x = 220;
            y += 28;
        }
        root.draw(&Rectangle::new(
            [(x, y - 8), (x + 16, y + 8)],
            ShapeStyle::from(&end.colour()).filled(),
        ))
        .map_err(err)?;
        root.draw(&Text::new(words, (x + 24, y), lg.clone()))
            .map_err(err)?;
        x += 24 + w + 28;
    }
    let cap = text_style(14.0, &GREY);
    let (_, h) = root.dim_in_pixel();
    let caption = format!(
        "Computed exactly from the model's equations at the scenario's central values; nothing simulated. reassure {}",
        crate::cli::VERSION
    );
    root.draw(&Text::new(caption, (40, h as i32 - 30), cap))
        .map_err(err)?;
    Ok(())
}

/// Draw the picture on both backends.
pub fn render(e: &Explanation, png: bool) -> Result<charts::Rendered, charts::ChartError> {
    charts::render_sized(
        "tree",
        "One month as an event tree",
        picture_size(&e.tree),
        png,
        |a: &Area<SVGBackend>| draw(a, e),
        |a: &Area<super::raster::Raster>| draw(a, e),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_probabilities_are_never_zero() {
        assert_eq!(prob(0.0), "0%");
        assert_eq!(prob(0.5), "50.0%");
        assert_eq!(prob(0.0123), "1.23%");
        assert_eq!(prob(0.000_012_3), "0.0012%");
        assert_eq!(prob(1e-9), "< 0.001%");
    }

    /// The shown tree merges and folds branches but loses no chance.
    #[test]
    fn the_shown_tree_is_exact() {
        fn leaves(d: &[Disp], p: f64, out: &mut Vec<(f64, Leaf)>) {
            for x in d {
                if let Some(l) = x.leaf {
                    out.push((p * x.p, l));
                }
                leaves(&x.children, p * x.p, out);
            }
        }
        for file in [
            "scenarios/coalition-baseline.toml",
            "scenarios/skyshield.toml",
        ] {
            let s = crate::scenario::load(std::path::Path::new(file)).unwrap();
            let m = Model::new(&s);
            let p = m.central_params();
            for (rung, backstop) in [(0, "untested"), (2, "failed"), (3, "delivered")] {
                let mut st = m.month_state(&p, 1);
                set_at(&p, &mut st, "rung", &rung.to_string()).unwrap();
                set_at(&p, &mut st, "backstop", backstop).unwrap();
                let tree = m.event_tree(&p, &st);
                let mut shown = Vec::new();
                leaves(&display(&tree.children), 1.0, &mut shown);
                let total: f64 = shown.iter().map(|x| x.0).sum();
                assert!((total - 1.0).abs() < 1e-12, "{file} {rung}: {total}");
                // Each way the month can end keeps its chance.
                for (end, p_end) in ends(&tree) {
                    let q: f64 = shown
                        .iter()
                        .filter(|x| End::of(&x.1) == end)
                        .map(|x| x.0)
                        .sum();
                    assert!((q - p_end).abs() < 1e-12, "{end:?}");
                }
                assert!(shown.len() <= tree.paths().len());
            }
        }
    }

    #[test]
    fn at_keys_are_checked() {
        let s = crate::scenario::load_default();
        let m = Model::new(&s);
        let p = m.central_params();
        let mut st = m.month_state(&p, 1);
        set_at(&p, &mut st, "rung", "2").unwrap();
        assert_eq!(st.rung, 2);
        let c0 = st.credibility;
        set_at(&p, &mut st, "backstop", "failed").unwrap();
        assert!(st.credibility < c0);
        set_at(&p, &mut st, "left", "enablers").unwrap();
        assert!(!st.present[2]);
        assert!(
            set_at(&p, &mut st, "rung", "4")
                .unwrap_err()
                .contains("0 to 3")
        );
        assert!(
            set_at(&p, &mut st, "rnug", "1")
                .unwrap_err()
                .contains("did you mean `rung`")
        );
        assert!(
            set_at(&p, &mut st, "war", "maybe")
                .unwrap_err()
                .contains("true or false")
        );
    }
}
