//! `reassure narrate`: single trajectories told month by month. Story i is
//! run i of the streams `reassure run` uses (the same `Model::run_into`
//! path, with a recording observer instead of the no-op one), so a student
//! can point at run #i of a results table.

use super::charts::{self, Area, GREY, INK, R, err, text_style};
use super::glossary::capitalise;
use super::md;
use super::summary::describe_param;
use super::table::num;
use crate::model::{
    Action, Branch, Coef, Escalation, Leave, Mission, Model, MonthLog, NeverReason, Observer,
    Peace, Phase, Record, Route, RunParams, Share,
};
use crate::scenario::{FIELDS, Param, Scenario};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

/// Records what the observer is shown.
#[derive(Debug, Default)]
struct Recorder {
    params: Option<RunParams>,
    ceasefire_month: u32,
    arrival: Option<u32>,
    delivers: bool,
    months: Vec<MonthLog>,
}

impl Observer for Recorder {
    fn start(&mut self, p: &RunParams, ceasefire_month: u32, arrival: Option<u32>, delivers: bool) {
        self.params = Some(p.clone());
        self.ceasefire_month = ceasefire_month;
        self.arrival = arrival;
        self.delivers = delivers;
    }
    fn month(&mut self, log: &MonthLog) {
        self.months.push(*log);
    }
}

/// One run, recorded.
#[derive(Debug)]
pub struct Story {
    pub run: u64,
    pub seed: u64,
    pub record: Record,
    pub params: RunParams,
    /// The month at whose end the first ceasefire came (`u32::MAX`: never).
    pub ceasefire_month: u32,
    /// The month at whose end the force was due to arrive (`None`: no
    /// force on its way at the start).
    pub arrival: Option<u32>,
    /// Whether the U.S. backstop delivers when tested (hidden from Russia until then).
    pub delivers: bool,
    pub months: Vec<MonthLog>,
    /// The scenario's horizon, in calendar months.
    pub horizon: u32,
    /// What the run drew for each distribution-valued lever and
    /// coefficient: (name, value as written).
    pub drawn: Vec<(String, String)>,
}

/// Run `run` of `model` on `seed`, recorded.
pub fn record(model: &Model, seed: u64, run: u64) -> Story {
    let mut rec = Recorder::default();
    let mut p = model.central_params();
    let record = model.run_into(seed, run, &mut p, &mut rec);
    let (fields, coefs) = model.drawn(seed, run, &mut p);
    let mut drawn: Vec<(String, String)> = fields
        .into_iter()
        .map(|(i, x)| {
            let f = &FIELDS[i];
            let v = match f.kind {
                crate::scenario::Kind::Float => format!("{:.3}", x),
                _ => describe_param(&Param::Fixed(x), f.kind),
            };
            (f.path(), v)
        })
        .collect();
    drawn.extend(
        coefs
            .into_iter()
            .map(|(c, x)| (format!("assumptions.{}", c.spec().name), format!("{x:.3}"))),
    );
    Story {
        run,
        seed,
        record,
        params: rec.params.unwrap_or(p),
        ceasefire_month: rec.ceasefire_month,
        arrival: rec.arrival,
        delivers: rec.delivers,
        months: rec.months,
        horizon: model.horizon,
        drawn,
    }
}

/// The first `count` runs from `first` on (before `limit`) whose classes
/// fall in `share`, found on the engine's own path without recording.
pub fn find(
    model: &Model,
    seed: u64,
    first: u64,
    limit: u64,
    share: Share,
    count: u64,
) -> Vec<u64> {
    let mut p = model.central_params();
    let mut found = Vec::new();
    let mut run = first;
    while run < limit && (found.len() as u64) < count {
        let r = model.run_into(seed, run, &mut p, &mut crate::model::NoObserver);
        if share.holds(r.peace, r.mission) {
            found.push(run);
        }
        run += 1;
    }
    found
}

// ---------------------------------------------------------------- words

const TIERS: [&str; 3] = [
    "the lead nations",
    "the other ground contributors",
    "the enablers (air, naval and support contributors)",
];
const TIER_SHORT: [&str; 3] = ["lead", "other ground", "enablers"];

/// The peace at the horizon, for people.
pub fn peace_words(p: Peace) -> &'static str {
    match p {
        Peace::CeasefireQuiet => {
            "a quiet ceasefire: a ceasefire was in force at the horizon, and neither the cities nor the force had been struck in its last six months"
        }
        Peace::CeasefireContested => {
            "a contested ceasefire: a ceasefire was in force at the horizon, but the cities or the force had been struck in its last six months"
        }
        Peace::War => "war: no ceasefire was in force at the horizon",
        Peace::WiderWar => "wider war: the escalation ladder reached rung 4, a war beyond Ukraine",
    }
}

/// The mission's fate, for people.
pub fn mission_words(r: &Record) -> String {
    match r.mission {
        Mission::NeverDeployed => match r.never {
            Some(NeverReason::NoCeasefire) => {
                "the force never went: it waited for a ceasefire and none came within the horizon".into()
            }
            Some(NeverReason::CollapseBeforeArrival) => {
                "the force never went: the ceasefire collapsed before it arrived, and the deployment was called off".into()
            }
            Some(NeverReason::TooLate) => {
                "the force never went: it would have arrived after the horizon".into()
            }
            Some(NeverReason::Withheld) => {
                "the force never went: every contingent waited for a U.S. backstop that was not committed".into()
            }
            None => "no force in this option".into(),
        },
        Mission::InPlace => "the force was still in place at the horizon".into(),
        Mission::WithdrawnNoDeaths => {
            "the force withdrew (too many contributors left), with no one killed".into()
        }
        Mission::WithdrawnAfterDeaths => {
            "the force withdrew after losing people to hostile action".into()
        }
        Mission::EndedByCollapse => match r.route {
            Some(Route::Fought) => {
                "the mission ended when the ceasefire collapsed and the force fought the offensive".into()
            }
            _ => {
                "the mission ended when the ceasefire collapsed and the force stood aside and left".into()
            }
        },
        Mission::EndedByWiderWar => "the mission ended in a wider war".into(),
    }
}

/// How a run ended, for people: the peace, then the mission.
pub fn outcome_words(r: &Record) -> String {
    let peace = peace_words(r.peace);
    if r.has_force {
        format!("{peace}; {}", mission_words(r))
    } else {
        peace.to_string()
    }
}

fn action_words(a: Action) -> &'static str {
    match a {
        Action::None => "",
        Action::Probe => "Russia probed the force (incursions, jamming, drones over its bases)",
        Action::StrikeForce => "Russia struck the force's bases",
        Action::StrikeCities => "Russia struck Ukraine's cities",
        Action::Offensive => "Russia launched a major offensive",
    }
}

fn escalation_words(e: Escalation) -> &'static str {
    match e {
        Escalation::Campaign => "Russia escalated on its own: a campaign against the force",
        Escalation::AirDefenceSites => {
            "Russia escalated on its own: strikes on the coalition's air-defence sites and air bases"
        }
        Escalation::Hubs => {
            "Russia escalated on its own: strikes on staging and logistics hubs outside Ukraine"
        }
        Escalation::AirBasesAbroad => {
            "Russia escalated on its own: strikes on the coalition's air bases in neighbouring states, on NATO soil"
        }
    }
}

fn month_name(_story: &Story, log: &MonthLog) -> String {
    if log.until > log.abs_month {
        format!("Months {} to {}", log.abs_month, log.until)
    } else if log.phase.force() {
        format!(
            "Month {} (mission month {})",
            log.abs_month, log.mission_month
        )
    } else {
        format!("Month {}", log.abs_month)
    }
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The sentences of one month; empty when nothing happened worth telling.
fn month_sentences(story: &Story, log: &MonthLog, before: &MonthLog) -> Vec<String> {
    let p = &story.params;
    let mut v: Vec<String> = Vec::new();
    if !log.phase.force() {
        return no_force_sentences(story, log);
    }
    if log.phase == Phase::Engaged && log.action != Action::Offensive {
        v.push(format!(
            "The war the force joined went on{}.",
            if log.deaths > 0 {
                format!(
                    ": {} of its people were killed in combat",
                    num(log.deaths as f64)
                )
            } else {
                String::new()
            }
        ));
    }
    let a = action_words(log.action);
    match log.action {
        Action::Offensive => {
            match log.branch {
            Some(Branch::Fought) => v.push(format!(
                "{a}. The force fought it: the ceasefire collapsed into a war with the force in it (rung 3){}.",
                if log.deaths > 0 {
                    format!("; {} of its people were killed in the first month", num(log.deaths as f64))
                } else {
                    String::new()
                }
            )),
            Some(Branch::StoodAside) => v.push(format!(
                "{a}. The force stood aside (it evacuated or stayed in its bases) and the ceasefire collapsed{}.",
                if log.deaths > 0 {
                    format!("; {} of its people died in the first days", num(log.deaths as f64))
                } else {
                    String::new()
                }
            )),
            None => v.push(format!("{a}; there was no force to meet it and the ceasefire collapsed.")),
            }
            if let Some(last) = v.last_mut() {
                last.push_str(&rebuilt_clause(story, log.abs_month));
            }
        }
        Action::StrikeForce => {
            let mut s = a.to_string();
            // In war months and escalations the month's counts include other
            // salvos, so only a lone strike's are told.
            if log.escalation.is_none() && log.weapons > 0 && log.phase != Phase::War {
                s.push_str(&format!(
                    ": {} drones and missiles, {} shot down",
                    num(log.weapons as f64),
                    num(log.intercepted as f64)
                ));
                if log.intercepted == log.weapons {
                    s.push_str("; nothing got through, so the ladder read it as a grey-zone incident, not a strike on the force");
                }
            }
            s.push('.');
            v.push(s);
        }
        Action::StrikeCities => v.push(format!(
            "{a}: {} drones and missiles, {} shot down, {} got through{}.",
            num(log.weapons as f64),
            num(log.intercepted as f64),
            num(log.city_leakers as f64),
            if log.city_leakers == 0 && p.posture >= crate::model::Posture::ProtectMandate {
                "; with nothing through, the force's mandate to protect the cities was not called on"
            } else {
                ""
            }
        )),
        Action::Probe => v.push(format!("{a}.")),
        Action::None => {}
    }
    if log.phase == Phase::War && log.action != Action::StrikeCities {
        v.push(format!(
            "The war went on over Ukraine's cities: the coalition's air defence shot down {}, and {} Russian drones and missiles got through.",
            num(log.kills_over_cities as f64),
            num(log.city_leakers as f64)
        ));
    }
    if log.aircraft_lost {
        v.push("A coalition aircraft was shot down by Russian fire.".into());
    }
    if let Some(e) = log.escalation {
        v.push(format!("{}.", escalation_words(e)));
    }
    if log.deaths > 0 && log.phase != Phase::Engaged && log.branch.is_none() {
        let whose = log
            .tier_hit
            .map(|t| format!(" among {}", TIERS[t as usize]))
            .unwrap_or_default();
        v.push(format!(
            "{} {} killed{whose}.",
            num(log.deaths as f64),
            if log.deaths == 1 {
                "soldier was"
            } else {
                "soldiers were"
            }
        ));
    }
    if let Some(d) = log.backstop_revealed {
        v.push(if d {
            "The first attack tested the U.S. backstop, and it delivered.".to_string()
        } else {
            format!(
                "The first attack tested the U.S. backstop, and it did not deliver: a blow of {:.0}% to the force's credibility.",
                p.c[Coef::BackstopFailureLoss] * 100.0
            )
        });
    }
    match log.answered {
        Some(true) => v.push(format!(
            "The force answered{}.",
            if log.in_kind {
                " in kind (it struck back)"
            } else {
                " proportionately"
            }
        )),
        Some(false) => v.push(
            "The force did not answer; its credibility and every contributor's will suffered."
                .into(),
        ),
        None => {}
    }
    if log.wider {
        v.push("The war widened beyond Ukraine: rung 4.".into());
    } else if log.rung != before.rung {
        v.push(format!(
            "The escalation ladder {} rung {} ({}).",
            if log.rung > before.rung {
                "rose to"
            } else {
                "stepped down to"
            },
            log.rung,
            rung_words(log.rung)
        ));
    }
    if (log.credibility - before.credibility).abs() >= 0.005 {
        v.push(format!(
            "Credibility {} from {:.2} to {:.2}.",
            if log.credibility > before.credibility {
                "rose"
            } else {
                "fell"
            },
            before.credibility,
            log.credibility
        ));
    }
    let will_moved: Vec<String> = (0..3)
        .filter(|&i| before.present[i] && (log.will[i] - before.will[i]).abs() >= 0.01)
        .map(|i| {
            format!(
                "{} {:.2} → {:.2}",
                TIER_SHORT[i], before.will[i], log.will[i]
            )
        })
        .collect();
    let eventful = !v.is_empty();
    if eventful && !will_moved.is_empty() {
        v.push(format!("Will: {}.", will_moved.join(", ")));
    }
    let period = p.c[Coef::MandatePeriod] as u32;
    let scheduled = log.mission_month.is_multiple_of(period.max(1));
    // P1: who decides this month (a scheduled vote for the periodic
    // regime, every engaged month for all); P1e: whose election it is.
    let votes = |i: usize| log.phase == Phase::Engaged || (scheduled && !p.executive[i]);
    let elections = p.election_bits(story.horizon);
    let election = |i: usize| log.abs_month < 128 && (elections[i] >> log.abs_month) & 1 == 1;
    for i in 0..3 {
        if before.present[i] && !log.present[i] {
            let why =
                if log.tier_hit == Some(i as u8) && log.deaths > 0 && log.phase != Phase::Engaged {
                    "after losses beyond what their publics would bear in one incident"
                } else if log.will[i] <= 0.0 {
                    "their will exhausted"
                } else if votes(i) {
                    "when their parliaments voted on the mandate"
                } else if election(i) {
                    "after an election brought a government that ended their part in the mission"
                } else {
                    "their will exhausted"
                };
            v.push(format!("{} left, {why}.", capitalise(TIERS[i])));
        }
    }
    let quiet_end = log.phase != Phase::Engaged
        && log.present.iter().any(|x| *x)
        && log.left.is_none()
        && !log.wider;
    if quiet_end {
        // The tiers that were there before and after a decision this month.
        let stayed = |decided: &dyn Fn(usize) -> bool, names: [&'static str; 3]| -> Vec<&str> {
            (0..3)
                .filter(|&i| before.present[i] && log.present[i] && decided(i))
                .map(|i| names[i])
                .collect()
        };
        let renewed = stayed(&votes, TIER_SHORT);
        if !renewed.is_empty() {
            v.push(format!(
                "Mandates came up for renewal; renewed by: {}.",
                renewed.join(", ")
            ));
        }
        let kept = stayed(&election, TIERS);
        if !kept.is_empty() {
            v.push(format!(
                "An election in {} left the mission in place.",
                kept.join(" and ")
            ));
        }
    }
    match log.left {
        Some(Leave::StoodAside) => v.push("The force left the country.".into()),
        Some(Leave::Withdrawn) => v.push(format!(
            "The force fell below a viable share of its strength and withdrew{}; the history goes on without it.",
            story
                .record
                .withdrawn_by
                .map_or(String::new(), |w| format!(" ({})", w.label()))
        )),
        Some(Leave::WarEnded) => v.push(
            "A ceasefire ended the war the force had fought; the force went home.".into(),
        ),
        _ => {}
    }
    if log.ceasefire_came && log.left != Some(Leave::WarEnded) {
        v.push("A ceasefire came at the end of the month.".into());
    }
    v
}

/// The sentences of a month (or a stretch) without the force.
fn no_force_sentences(story: &Story, log: &MonthLog) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    if log.phase == Phase::NoForceWar {
        let n = log.until - log.abs_month + 1;
        v.push(format!(
            "War, with no force in the country: {} month{} of Russian drone and missile strikes on Ukraine's cities (civilian-harm index {}).",
            n,
            plural(n),
            num(log.harm as f64)
        ));
    } else {
        match log.action {
            Action::Offensive => v.push(if story.arrival.is_some_and(|a| log.abs_month <= a) && story.params.required && !story.record.deployed {
                "Russia launched a major offensive before the force arrived; the ceasefire collapsed and the deployment was called off.".to_string()
            } else {
                "Russia launched a major offensive; with no force in the country, the ceasefire collapsed and the war resumed.".to_string()
            } + &rebuilt_clause(story, log.abs_month)),
            Action::StrikeCities => v.push(format!(
                "Russia struck Ukraine's cities under the ceasefire: {} drones and missiles, {} shot down, {} got through.",
                num(log.weapons as f64),
                num(log.intercepted as f64),
                num(log.city_leakers as f64)
            )),
            _ => {}
        }
    }
    if log.ceasefire_came {
        v.push(format!(
            "A ceasefire came at the end of month {}.",
            log.until
        ));
    }
    if log.arrived {
        v.push(format!(
            "The force arrived at the end of month {}.",
            log.until
        ));
    }
    v
}

fn rung_words(r: u8) -> &'static str {
    match r {
        0 => "calm",
        1 => "grey-zone incidents",
        2 => "strikes",
        3 => "sustained clashes between coalition and Russian forces",
        _ => "wider war",
    }
}

/// The opening: what this run drew and when the ceasefire came.
fn opening(story: &Story) -> Vec<String> {
    let p = &story.params;
    let horizon = story.horizon;
    let mut v = Vec::new();
    if !story.drawn.is_empty() {
        let d: Vec<String> = story
            .drawn
            .iter()
            .map(|(k, x)| format!("{k} = {x}"))
            .collect();
        v.push(format!("This run drew: {}.", d.join(", ")));
    }
    let troops = p.troops + p.trainers;
    v.push(format!(
        "The force: {} troops and trainers{}, {} air-defence units, {} aircraft, {} naval units.",
        num(troops),
        if p.announced_troops + p.announced_trainers > troops {
            format!(
                " ({} announced; contingents that depend on the U.S. backstop stayed home)",
                num(p.announced_troops + p.announced_trainers)
            )
        } else {
            String::new()
        },
        num(p.air_defence),
        num(p.aircraft),
        num(p.naval)
    ));
    if p.aircraft > 0.0 && p.air_abroad {
        v.push(format!(
            "Its aircraft flew from bases in neighbouring states: their {} crew were committed but out of reach of strikes in Ukraine, and a Russian strike on those bases would land on NATO soil.",
            num(p.c[Coef::CrewAircraft] * p.aircraft)
        ));
    }
    if let Some(line) = strain_sentence(p) {
        v.push(line);
    }
    let [pressure, penalty, air, kyiv] = p.c1_shifts();
    v.push(format!(
        "The talks: a ceasefire within the {}-month window had a chance of {} in this run; on its log-odds pressure added {:.2}, Moscow's objection to the announced force took {:.2}{} and Kyiv's confidence in the guarantee added {:.2}.{}",
        p.window,
        super::explain::prob(p.p_win()),
        pressure,
        penalty,
        if air > 0.0 {
            format!(", its objection to air policing over Ukraine {air:.2}")
        } else {
            String::new()
        },
        kyiv,
        if p.monitoring > 0.0 {
            format!(
                " Monitoring multiplied every relapse hazard by {:.2}, with or without the force.",
                p.verification_factor()
            )
        } else {
            String::new()
        }
    ));
    v.push(format!(
        "Hidden from Russia until the first attack: the U.S. backstop {} deliver if tested.",
        if story.delivers { "would" } else { "would not" }
    ));
    let k = story.ceasefire_month;
    let cf = if k <= horizon {
        format!("the first ceasefire came at the end of month {k}")
    } else {
        format!("no ceasefire came within the {horizon} months")
    };
    if !story.record.has_force {
        v.push(format!("No force in this option; {cf}."));
    } else {
        match story.arrival {
            Some(a) if p.required && a < horizon => v.push(format!(
                "The force was to deploy only after a ceasefire; {cf}, and it was due {} month{} later, at the end of month {a}.",
                p.lag,
                plural(p.lag)
            )),
            Some(a) if p.required => v.push(format!(
                "The force was to deploy only after a ceasefire; {cf}, too late for it to arrive (month {a}) within the horizon."
            )),
            Some(a) => v.push(format!(
                "The force deployed without waiting for a ceasefire, due at the end of month {a}; {cf}."
            )),
            None => v.push(format!(
                "The force was to deploy only after a ceasefire; {cf}."
            )),
        }
    }
    v
}

/// F1: the tiers stretched past what they can commit without strain, and
/// the will they drift toward in quiet months; `None` when none is.
fn strain_sentence(p: &crate::model::RunParams) -> Option<String> {
    let f = p.force_generation(&p.tiers());
    let (committed, strain, target) = (f.committed, f.strain, f.will_target);
    let parts: Vec<String> = (0..3)
        .filter(|&i| target[i] < 1.0)
        .map(|i| {
            format!(
                "{} committed {} people with rotation, {:.0}% of their pool, so their will drifted toward {:.2} in quiet months instead of recovering in full",
                TIERS[i],
                num(committed[i]),
                strain[i] * 100.0,
                target[i]
            )
        })
        .collect();
    (!parts.is_empty()).then(|| {
        super::glossary::capitalise(&format!("{} (force generation, F1).", parts.join("; ")))
    })
}

/// R5: how far Russia had rebuilt when an offensive ended the ceasefire in
/// month `m` (empty when rebuilding is off or no ceasefire began before).
fn rebuilt_clause(story: &Story, m: u32) -> String {
    let c = &story.params.c;
    if c[Coef::RebuildGain] == 0.0 {
        return String::new();
    }
    let mut began = (story.ceasefire_month < m).then_some(story.ceasefire_month);
    for log in &story.months {
        let end = log.abs_month.max(log.until);
        if log.ceasefire_came && end < m {
            began = Some(began.map_or(end, |b| b.max(end)));
        }
    }
    match began {
        Some(k) => format!(
            " It came {} month{} into the ceasefire, when Russia's rebuilding had multiplied its offensive hazard by {:.2} (R5).",
            m - k,
            plural(m - k),
            crate::model::rebuild_factor(c, m - k)
        ),
        None => String::new(),
    }
}

/// The ending: the peace and the mission at the horizon, with the figures.
fn ending(story: &Story) -> String {
    let r = &story.record;
    let mut s = format!(
        "At the horizon, month {}: {}. Months of ceasefire: {} of {}; civilian-harm index {}.",
        story.horizon,
        outcome_words(r),
        r.months_of_ceasefire(),
        story.horizon,
        num(r.civilian_harm as f64)
    );
    if r.policy_cost_eur_m > 0 {
        let p = &story.params;
        s.push_str(&format!(
            " Pressure and aid cost Europe EUR {:.1} bn over the horizon{}.",
            r.policy_cost_eur_m as f64 / 1000.0,
            if p.aid > 0.0 {
                format!(
                    " (the aid raised Ukraine's own strength to {:.2}, making an offensive less attractive)",
                    p.strength
                )
            } else {
                String::new()
            }
        ));
    }
    if r.deployed {
        s.push_str(&format!(
            " Hostile deaths in the force: {}; highest rung {}; final credibility {:.2}; the force's marginal cost EUR {:.2} bn.",
            num(r.deaths as f64),
            r.peak_rung,
            r.credibility_milli as f64 / 1000.0,
            r.cost_eur_m as f64 / 1000.0
        ));
    }
    s
}

/// A month and what happened in it, for the text and the JSON.
#[derive(Debug, Serialize)]
pub struct Told {
    pub label: String,
    pub sentences: Vec<String>,
}

/// The eventful months told; quiet stretches gathered into one line.
pub fn months(story: &Story) -> Vec<Told> {
    let mut out: Vec<Told> = Vec::new();
    let mut quiet: Option<(String, String)> = None;
    let flush = |quiet: &mut Option<(String, String)>, out: &mut Vec<Told>| {
        if let Some((a, b)) = quiet.take() {
            let label = if a == b {
                a
            } else {
                format!("{a} to {}", b.to_lowercase())
            };
            out.push(Told {
                label,
                sentences: vec!["Quiet.".into()],
            });
        }
    };
    let mut before = initial_log(story);
    for log in &story.months {
        let s = month_sentences(story, log, &before);
        let name = month_name(story, log);
        if s.is_empty() && log.left.is_none() && !log.wider {
            match &mut quiet {
                Some((_, b)) => *b = name,
                None => quiet = Some((name.clone(), name)),
            }
        } else {
            flush(&mut quiet, &mut out);
            out.push(Told {
                label: format!("{name} (rung {})", log.rung),
                sentences: s,
            });
        }
        before = *log;
    }
    flush(&mut quiet, &mut out);
    out
}

/// The state before the first month, as a log to compare the first month with.
fn initial_log(story: &Story) -> MonthLog {
    let c = &story.params.c;
    MonthLog::quiet(
        0,
        Phase::War,
        c[Coef::InitialCredibility],
        [c[Coef::InitialWill]; 3],
        story.params.tiers().present(),
    )
}

/// The story as plain text (the terminal).
pub fn text(s: &Scenario, story: &Story) -> String {
    let mut out = format!("{} — run #{} (seed {})\n", s.name, story.run, story.seed);
    for l in opening(story) {
        out.push_str(&format!("  {l}\n"));
    }
    for m in months(story) {
        out.push_str(&format!("  {}: {}\n", m.label, m.sentences.join(" ")));
    }
    out.push_str(&format!("  {}\n", ending(story)));
    out
}

/// The story as Markdown (a section of stories.md).
pub fn markdown(story: &Story, picture: Option<&str>) -> String {
    let mut out = format!(
        "## Run #{} — {}{}\n\n",
        story.run,
        story.record.peace.label(),
        if story.record.has_force {
            format!("; {}", story.record.mission.label().to_lowercase())
        } else {
            String::new()
        }
    );
    out.push_str(&md::text(&opening(story).join(" ")));
    out.push_str("\n\n");
    if let Some(pic) = picture {
        out.push_str(&format!(
            "{}\n\n",
            md::image(
                &format!("Run #{}: rung, will and credibility by month", story.run),
                pic
            )
        ));
    }
    for m in months(story) {
        out.push_str(&format!(
            "- **{}.** {}\n",
            md::text(&m.label),
            md::text(&m.sentences.join(" "))
        ));
    }
    out.push_str(&format!("\n{}\n\n", md::text(&ending(story))));
    out
}

/// The page of stories: each with its words and its timeline.
pub fn html(s: &Scenario, stories: &[(Story, Option<String>)], command: &str) -> String {
    use super::html::{esc, inline_svg, page};
    let mut body = format!(
        "<h1>{}: single runs, told month by month</h1>\n<p>Each story is one run of <code>reassure run</code> on the same seed: run <em>i</em> here is run <em>i</em> there. Made with <code>{}</code>.</p>\n",
        esc(&s.name),
        esc(command)
    );
    for (story, svg) in stories {
        body.push_str(&format!(
            "<section>\n<h2>Run #{} — {}</h2>\n<p>{}</p>\n",
            story.run,
            esc(&outcome_words(&story.record)),
            esc(&opening(story).join(" "))
        ));
        if let Some(svg) = svg {
            body.push_str(&format!(
                "<figure>\n{}\n</figure>\n",
                inline_svg(
                    svg,
                    &format!("Run #{}: rung, will and credibility by month", story.run)
                )
            ));
        }
        body.push_str("<ul>\n");
        for m in months(story) {
            body.push_str(&format!(
                "<li><strong>{}.</strong> {}</li>\n",
                esc(&m.label),
                esc(&m.sentences.join(" "))
            ));
        }
        body.push_str(&format!(
            "</ul>\n<p><strong>{}</strong></p>\n</section>\n",
            esc(&ending(story))
        ));
    }
    page(&format!("{}: stories", s.name), &body)
}

/// The story as JSON.
#[derive(Debug, Serialize)]
pub struct JsonStory {
    pub run: u64,
    pub seed: u64,
    pub peace: &'static str,
    pub months_of_ceasefire: u32,
    /// Null for an option without a force.
    pub mission: Option<&'static str>,
    pub collapse_route: Option<&'static str>,
    pub mission_end_month: Option<u32>,
    pub deaths: u32,
    pub peak_rung: u8,
    pub drawn: Vec<(String, String)>,
    pub opening: Vec<String>,
    pub months: Vec<Told>,
    pub ending: String,
    /// Every recorded month: rung, credibility, will by tier, events.
    pub timeline: Vec<JsonMonth>,
}

#[derive(Debug, Serialize)]
pub struct JsonMonth {
    pub month: u32,
    /// The last month the entry covers (a stretch of war without the force).
    pub until: u32,
    pub mission_month: u32,
    pub phase: &'static str,
    pub action: &'static str,
    pub rung: u8,
    pub credibility: f64,
    pub will: [Option<f64>; 3],
    pub deaths: u32,
    pub answered: Option<bool>,
    pub escalation: Option<&'static str>,
}

pub fn json(story: &Story) -> JsonStory {
    JsonStory {
        run: story.run,
        seed: story.seed,
        peace: story.record.peace.name(),
        months_of_ceasefire: story.record.months_of_ceasefire(),
        mission: story.record.has_force.then(|| story.record.mission.name()),
        collapse_route: story.record.route.map(|r| r.name()),
        mission_end_month: story.record.mission_end,
        deaths: story.record.deaths,
        peak_rung: story.record.peak_rung,
        drawn: story.drawn.clone(),
        opening: opening(story),
        months: months(story),
        ending: ending(story),
        timeline: story
            .months
            .iter()
            .map(|m| JsonMonth {
                month: m.abs_month,
                until: m.until,
                mission_month: m.mission_month,
                phase: match m.phase {
                    Phase::NoForceCeasefire => "ceasefire_no_force",
                    Phase::NoForceWar => "war_no_force",
                    Phase::War => "war",
                    Phase::Ceasefire => "ceasefire",
                    Phase::Engaged => "engaged",
                },
                action: match m.action {
                    Action::None => "none",
                    Action::Probe => "probe",
                    Action::StrikeForce => "strike_force",
                    Action::StrikeCities => "strike_cities",
                    Action::Offensive => "offensive",
                },
                rung: m.rung,
                credibility: m.credibility,
                will: [0, 1, 2].map(|i| m.present[i].then_some(m.will[i])),
                deaths: m.deaths,
                answered: m.answered,
                escalation: m.escalation.map(Escalation::key),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------- picture

const TIER_COLOURS: [RGBColor; 3] = [charts::BLUE, charts::SKY, charts::PURPLE];
/// Where the keys sit: under the subtitle, above the plots.
const KEY_Y: i32 = 82;
const MARKS_Y: i32 = 102;

/// The timeline: the ladder's rung above; credibility and each tier's will
/// below; events marked on the month they happened.
pub fn draw<DB: DrawingBackend>(root: &Area<DB>, s: &Scenario, story: &Story) -> R<()> {
    let title = format!("{}: run #{}", s.name, story.run);
    let subtitle = outcome_words(&story.record);
    let caption = format!(
        "seed {}; calendar months from the scenario's start (the force's months drawn); reassure {}",
        story.seed,
        crate::cli::VERSION
    );
    let area = charts::frame(root, &title, &subtitle, &caption)?;
    let mission: Vec<&MonthLog> = story.months.iter().filter(|m| m.phase.force()).collect();
    if mission.is_empty() {
        return charts::empty(
            &area,
            "the force never arrived: nothing to draw month by month",
        );
    }
    let first = mission.iter().map(|m| m.abs_month).min().unwrap_or(1);
    let last = mission.iter().map(|m| m.abs_month).max().unwrap_or(1);
    let ticks = (last - first + 1).min(24) as usize;
    let (w, h) = area.dim_in_pixel();
    let (top, bottom) = area.split_vertically((h as f64 * 0.42) as u32);
    let x_range = (first as f64 - 0.5)..(last as f64 + 0.5);

    // The ladder, with event markers.
    let mut c = ChartBuilder::on(&top)
        .margin_right(24)
        .margin_top(22)
        .x_label_area_size(28)
        .y_label_area_size(60)
        .build_cartesian_2d(x_range.clone(), -0.3f64..4.6)
        .map_err(err)?;
    c.configure_mesh()
        .disable_x_mesh()
        .y_labels(5)
        .y_label_formatter(&|y| format!("rung {}", y.round()))
        .x_labels(ticks)
        .x_label_formatter(&|x| format!("{}", x.round()))
        .label_style(text_style(15.0, &INK))
        .light_line_style(WHITE)
        .bold_line_style(charts::GRID)
        .draw()
        .map_err(err)?;
    let mut steps = Vec::new();
    for m in &mission {
        let x = m.abs_month as f64;
        steps.push((x - 0.5, m.rung as f64));
        steps.push((x + 0.5, m.rung as f64));
    }
    c.draw_series(LineSeries::new(
        steps,
        ShapeStyle::from(&INK).stroke_width(3),
    ))
    .map_err(err)?;
    // Markers: what Russia did (above the line), how the force answered.
    let marker_y = 4.3;
    for m in &mission {
        let x = m.abs_month as f64;
        let (glyph, colour) = match (m.action, m.escalation, m.branch) {
            (_, _, Some(Branch::Fought)) => ("▲", charts::VERMILLION),
            (_, _, Some(Branch::StoodAside)) => ("▽", charts::VERMILLION),
            (_, Some(_), _) => ("◆", charts::VERMILLION),
            (Action::StrikeForce, _, _) => ("✕", charts::VERMILLION),
            (Action::StrikeCities, _, _) => ("✕", charts::ORANGE),
            (Action::Probe, _, _) => ("•", GREY),
            _ => ("", GREY),
        };
        if !glyph.is_empty() {
            c.draw_series(std::iter::once(Text::new(
                glyph.to_string(),
                (x, marker_y),
                text_style(18.0, &colour).pos(Pos::new(HPos::Center, VPos::Center)),
            )))
            .map_err(err)?;
        }
        if m.deaths > 0 {
            c.draw_series(std::iter::once(Text::new(
                format!("{}", m.deaths),
                (x, 3.75),
                text_style(13.0, &charts::VERMILLION).pos(Pos::new(HPos::Center, VPos::Center)),
            )))
            .map_err(err)?;
        }
    }

    // Will and credibility.
    let mut c2 = ChartBuilder::on(&bottom)
        .margin_right(24)
        .margin_top(16)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(x_range, -0.05f64..1.05)
        .map_err(err)?;
    c2.configure_mesh()
        .disable_x_mesh()
        .x_desc("month from the scenario's start")
        .y_labels(6)
        .x_labels(ticks)
        .x_label_formatter(&|x| format!("{}", x.round()))
        .label_style(text_style(15.0, &INK))
        .axis_desc_style(text_style(16.0, &INK))
        .light_line_style(WHITE)
        .bold_line_style(charts::GRID)
        .draw()
        .map_err(err)?;
    let start = initial_log(story);
    let p = &story.params;
    let bar = p.c[Coef::RenewalBar];
    c2.draw_series(LineSeries::new(
        vec![(first as f64 - 0.5, bar), (last as f64 + 0.5, bar)],
        ShapeStyle::from(&GREY).stroke_width(1),
    ))
    .map_err(err)?;
    // Mandate votes of the tiers with the periodic regime (every tier
    // every month while the force fights).
    let period = (p.c[Coef::MandatePeriod] as u32).max(1);
    let any_periodic = p.executive.iter().any(|e| !e);
    for m in &mission {
        if (any_periodic && m.mission_month.is_multiple_of(period)) || m.phase == Phase::Engaged {
            let x = m.abs_month as f64;
            c2.draw_series(DashedLineSeries::new(
                vec![(x, -0.05), (x, 1.05)],
                3,
                4,
                ShapeStyle::from(&GREY).stroke_width(1),
            ))
            .map_err(err)?;
            c2.draw_series(std::iter::once(Text::new(
                "vote",
                (x, 1.02),
                text_style(13.0, &GREY).pos(Pos::new(HPos::Center, VPos::Bottom)),
            )))
            .map_err(err)?;
        }
    }
    for i in 0..3 {
        if !start.present[i] {
            continue;
        }
        let mut pts = vec![(first as f64 - 0.5, start.will[i])];
        let mut left = None;
        for m in &mission {
            pts.push((m.abs_month as f64, m.will[i].max(0.0)));
            if !m.present[i] {
                left = Some((m.abs_month as f64, m.will[i].max(0.0)));
                break;
            }
        }
        c2.draw_series(LineSeries::new(
            pts,
            ShapeStyle::from(&TIER_COLOURS[i]).stroke_width(2),
        ))
        .map_err(err)?;
        if let Some((x, y)) = left {
            // Where a tier left: a ring and the word.
            c2.draw_series(std::iter::once(Circle::new(
                (x, y),
                6,
                ShapeStyle::from(&TIER_COLOURS[i]).stroke_width(2),
            )))
            .map_err(err)?;
            c2.draw_series(std::iter::once(Text::new(
                format!("{} left", TIER_SHORT[i]),
                (x, y - 0.04 - 0.05 * i as f64),
                text_style(13.0, &TIER_COLOURS[i]).pos(Pos::new(HPos::Right, VPos::Top)),
            )))
            .map_err(err)?;
        }
    }
    let mut pts = vec![(first as f64 - 0.5, start.credibility)];
    pts.extend(mission.iter().map(|m| (m.abs_month as f64, m.credibility)));
    c2.draw_series(DashedLineSeries::new(
        pts,
        8,
        5,
        ShapeStyle::from(&INK).stroke_width(2),
    ))
    .map_err(err)?;

    // The key, in one row under the title.
    let key_style = text_style(14.0, &INK).pos(Pos::new(HPos::Left, VPos::Center));
    let mut items: Vec<(String, RGBColor)> = vec![
        ("rung (top)".into(), INK),
        ("credibility (dashed)".into(), INK),
    ];
    for i in 0..3 {
        if start.present[i] {
            items.push((format!("will: {}", TIER_SHORT[i]), TIER_COLOURS[i]));
        }
    }
    items.push(("renewal bar (grey)".into(), GREY));
    let marks = "above the ladder: ✕ strike on the force (orange: on cities)  ◆ Russian escalation  ▲ fought an offensive  ▽ stood aside  • probe;  a number: deaths that month";
    root.draw(&Text::new(
        marks,
        (40, MARKS_Y),
        text_style(13.0, &GREY).pos(Pos::new(HPos::Left, VPos::Center)),
    ))
    .map_err(err)?;
    let mut x = 40i32;
    let y = KEY_Y;
    let _ = w;
    for (label, colour) in items {
        let width = root
            .estimate_text_size(&label, &key_style)
            .map(|(w, _)| w as i32)
            .unwrap_or(100);
        root.draw(&Rectangle::new(
            [(x, y - 2), (x + 14, y + 2)],
            ShapeStyle::from(&colour).filled(),
        ))
        .map_err(err)?;
        root.draw(&Text::new(label, (x + 20, y), key_style.clone()))
            .map_err(err)?;
        x += 20 + width + 18;
    }
    Ok(())
}

/// Draw a story's timeline on both backends.
pub fn render(
    s: &Scenario,
    story: &Story,
    png: bool,
) -> Result<charts::Rendered, charts::ChartError> {
    charts::render_one(
        &format!("run-{}", story.run),
        &format!("Run #{}", story.run),
        png,
        |a: &Area<SVGBackend>| draw(a, s, story),
        |a: &Area<super::raster::Raster>| draw(a, s, story),
    )
}
