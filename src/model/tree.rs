//! One mission month as an event tree, computed exactly from the model's
//! own equations (no sampling): Russia's action (R1), the offensive branch
//! (O1), the backstop's reveal (B1), interception (I1, I2), an aircraft lost
//! in a war month (W3), Russia's deliberate escalation (E2), the force's
//! answer (A1) and the ladder (E1). The tree follows
//! `Trajectory::month` step by step, so each leaf is one way the
//! month can go and the leaves' probabilities sum to 1. Will, votes and
//! withdrawal are left out (they depend on each run's drawn tolerances);
//! `reassure narrate` shows them.

use super::sim::{
    Action, Escalation, Month, Rates, Route, Step, city_strike_stopped, e1_step, strike_outcome,
};
use super::{Coef, Model, Posture, RunParams, Tiers};

/// What the backstop has shown by the start of the month (B1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backstop {
    /// Not yet tested: Russia perceives its weight × reliability.
    Unrevealed,
    /// The first attack showed it delivers.
    Delivered,
    /// The first attack showed it does not.
    Failed,
}

/// The state at the start of a mission month: what the tree depends on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MonthState {
    /// Mission month t (1 = the force's first month).
    pub month: u32,
    /// The war still runs (a force deployed without a ceasefire).
    pub war: bool,
    /// Months since the ceasefire took effect (C3's s); 0 at war.
    pub since_ceasefire: u32,
    pub rung: u8,
    pub backstop: Backstop,
    pub credibility: f64,
    /// Tiers still in the country: lead nations, other ground contributors, enablers.
    pub present: [bool; 3],
    /// test_resolve's adaptation multiplier (R2).
    pub adapt: f64,
    /// The force answered in kind last month (E2's provocation).
    pub in_kind_last_month: bool,
    /// Weapons the coalition shot down over Ukraine last month (W2).
    pub kills_last_month: u32,
    /// Quiet months so far (E1's step down).
    pub calm: u32,
    /// The force is fighting a war it joined (G1).
    pub engaged: bool,
    /// Inside reinvade's build-up window (R3: probes multiply).
    pub buildup: bool,
}

/// One event of the month, as a branch of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// R1: Russia's one action.
    Action(Action),
    /// O1: the force fights the offensive at once.
    Fight,
    /// O1: the force defends where it stands.
    Defend,
    /// O1: the offensive reaches (true) or passes by (false) a defending force.
    Reached(bool),
    /// O1: the force evacuates or stays in barracks.
    StandAside,
    /// B1: the first attack reveals that the backstop delivers (true) or not.
    Reveal(bool),
    /// I1: every weapon of the strike is shot down (E1 reads it as a
    /// grey-zone event, rung 1).
    Stopped,
    /// I1/I2: weapons get through and kill someone (true) or no one.
    Lethal(bool),
    /// I1: a strike on the cities gets through (true) or is shot down
    /// entirely, under a mandate that protects them.
    CitiesHit(bool),
    /// W3: a coalition aircraft is lost to Russian fire (true) or not.
    AircraftLost(bool),
    /// W3: the loss jumps the ladder to rung 3 (true) or stays contained.
    Clash(bool),
    /// E2: a deliberate escalation of this kind, or none.
    Escalation(Option<Escalation>),
    /// E2: the strike on hubs becomes a wider war (true) or not.
    HubWider(bool),
    /// A1: the force answers (true) or does not.
    Answered(bool),
    /// A1: the answer is in kind (true) or proportionate.
    InKind(bool),
    /// E1: the answer steps the ladder up a rung (true) or not.
    Escalates(bool),
    /// G1: the war the force fights becomes a wider war (true) or not.
    EngagedWider(bool),
}

/// What a month can do to the peace: the ceasefire collapses (the force
/// stands aside and leaves, fights on, or was not there), or the ladder
/// reaches rung 4 (the history ends).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthEnd {
    Collapse,
    WiderWar,
}

impl MonthEnd {
    pub fn name(self) -> &'static str {
        match self {
            MonthEnd::Collapse => "ceasefire_collapse",
            MonthEnd::WiderWar => "wider_war",
        }
    }
}

/// How a path through the month ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// The rung at the month's end.
    pub rung: u8,
    /// What the month does to the peace (`None`: the ceasefire, or the
    /// war, goes on).
    pub ends: Option<MonthEnd>,
    /// How the ceasefire collapsed, if it did this month.
    pub route: Option<Route>,
    /// The force is at war alongside Ukraine from now on.
    pub engaged: bool,
}

/// A branch: its event, its probability given its parent, and either
/// further branches or a leaf.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub event: Event,
    /// Probability given the path to the parent.
    pub p: f64,
    pub children: Vec<Node>,
    pub leaf: Option<Leaf>,
}

/// The month's tree and the figures it starts from.
#[derive(Clone, Debug, PartialEq)]
pub struct Tree {
    pub state: MonthState,
    /// D1 at the start of the month (0 with nothing deployed).
    pub deterrence: f64,
    /// People in the country who can be struck.
    pub people: f64,
    /// The branches from the root (Russia's actions, or G1 when engaged).
    pub children: Vec<Node>,
}

/// A path from the root to a leaf: its events and its probability.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub events: Vec<Event>,
    pub p: f64,
    pub leaf: Leaf,
}

impl Tree {
    /// Every leaf with the events that lead to it, in the tree's order.
    pub fn paths(&self) -> Vec<Path> {
        fn walk(n: &Node, events: &mut Vec<Event>, p: f64, out: &mut Vec<Path>) {
            events.push(n.event);
            let p = p * n.p;
            if let Some(leaf) = n.leaf {
                out.push(Path {
                    events: events.clone(),
                    p,
                    leaf,
                });
            }
            for c in &n.children {
                walk(c, events, p, out);
            }
            events.pop();
        }
        let mut out = Vec::new();
        for c in &self.children {
            walk(c, &mut Vec::new(), 1.0, &mut out);
        }
        out
    }

    /// The chance the month ends each way (`None`: it goes on as it was).
    pub fn outcome_probability(&self, ends: Option<MonthEnd>) -> f64 {
        self.paths()
            .iter()
            .filter(|x| x.leaf.ends == ends)
            .map(|x| x.p)
            .sum()
    }
}

/// What the month has done so far along one path (mirrors `Events` and the
/// state the trajectory changes inside a month).
#[derive(Clone, Copy, Debug)]
struct Ctx {
    revealed: bool,
    /// Known once revealed.
    delivered: bool,
    level: u8,
    jump_to: u8,
    wider: bool,
    calls_for_answer: bool,
    escalated: bool,
    answered: bool,
    stood_aside: bool,
    engaged: bool,
    route: Option<Route>,
}

impl Ctx {
    fn shown(&self) -> bool {
        self.revealed && self.delivered
    }
}

/// What comes after a step: more branches or the end of the path.
enum Next {
    Branches(Vec<Node>),
    End(Leaf),
}

/// A chance node's children: branches of probability 0 are dropped, and a
/// single certain branch is passed through (it adds nothing to read).
fn chance(options: Vec<(Event, f64, Next)>) -> Next {
    let mut kept: Vec<(Event, f64, Next)> = options.into_iter().filter(|o| o.1 > 0.0).collect();
    if kept.len() == 1 && kept[0].1 >= 1.0 {
        return kept
            .pop()
            .map(|o| o.2)
            .unwrap_or(Next::Branches(Vec::new()));
    }
    Next::Branches(
        kept.into_iter()
            .map(|(event, p, next)| match next {
                Next::Branches(children) => Node {
                    event,
                    p,
                    children,
                    leaf: None,
                },
                Next::End(leaf) => Node {
                    event,
                    p,
                    children: Vec::new(),
                    leaf: Some(leaf),
                },
            })
            .collect(),
    )
}

struct Builder<'a> {
    m: &'a Model,
    p: &'a RunParams,
    st: MonthState,
    rates: Rates,
    people: f64,
    deterrence: f64,
}

impl Model {
    /// The state at the start of mission month `month` along the quiet path:
    /// nothing has happened yet (rung 0, backstop untested, everyone
    /// present, credibility as on arrival), at war if the scenario deploys
    /// without a ceasefire that is not certain.
    pub fn month_state(&self, p: &RunParams, month: u32) -> MonthState {
        let war = !p.required && p.p_win() < 1.0;
        MonthState {
            month,
            war,
            since_ceasefire: if war { 0 } else { p.lag + month },
            rung: 0,
            backstop: Backstop::Unrevealed,
            credibility: p.c[Coef::InitialCredibility],
            present: p.tiers().present(),
            adapt: 1.0,
            in_kind_last_month: false,
            kills_last_month: 0,
            calm: 0,
            engaged: false,
            buildup: false,
        }
    }

    /// The month's event tree in state `st`.
    pub fn event_tree(&self, p: &RunParams, st: &MonthState) -> Tree {
        let tiers = p.tiers();
        let people = Tiers::over_present(&tiers.people, &st.present);
        let share = Tiers::over_present(&tiers.power, &st.present);
        let revealed = st.backstop != Backstop::Unrevealed;
        let delivered = st.backstop == Backstop::Delivered;
        let deterrence = if p.footprint() > 0.0 {
            p.deterrence_base().value(
                share,
                st.credibility,
                p.perceived_backstop(revealed, delivered),
            )
        } else {
            0.0
        };
        let b = Builder {
            m: self,
            p,
            st: *st,
            rates: Rates::new(p),
            people,
            deterrence,
        };
        let ctx = Ctx {
            revealed,
            delivered,
            level: 0,
            jump_to: 0,
            wider: false,
            calls_for_answer: false,
            escalated: false,
            answered: false,
            stood_aside: false,
            engaged: st.engaged,
            route: None,
        };
        let children = match b.root(ctx) {
            Next::Branches(c) => c,
            // A root that is certain still shows as one branch.
            Next::End(_) => Vec::new(),
        };
        Tree {
            state: *st,
            deterrence,
            people,
            children,
        }
    }
}

impl Builder<'_> {
    /// Someone in the country, or aircraft over it from bases abroad (E2
    /// and A1 run).
    fn operating(&self) -> bool {
        self.people > 0.0 || self.p.air_bases_abroad_share(self.units_present()) > 0.0
    }

    fn units_present(&self) -> bool {
        self.st.present[self.p.tiers().holder]
    }

    fn root(&self, ctx: Ctx) -> Next {
        if ctx.engaged {
            return self.g1(ctx);
        }
        let st = &self.st;
        let [p_off, p_sf, p_sc, p_pr] = self.rates.r1(
            self.m,
            self.p,
            Month {
                s: if st.war { 0 } else { st.since_ceasefire },
                war: st.war,
                deterrence: self.deterrence,
                adapt: st.adapt,
                rung: st.rung,
                buildup: st.buildup,
                target: self.people > 0.0,
                kills_before: st.kills_last_month,
            },
        );
        let nothing = (1.0 - p_off - p_sf - p_sc - p_pr).max(0.0);
        let mut options = Vec::new();
        let mut push = |a: Action, p: f64, f: &dyn Fn() -> Next| {
            if p > 0.0 {
                options.push((Event::Action(a), p, f()));
            }
        };
        push(Action::Offensive, p_off, &|| self.offensive(ctx));
        push(Action::StrikeForce, p_sf, &|| {
            let mut c = ctx;
            c.level = 1;
            c.calls_for_answer = true;
            self.reveal(c, &|c| self.interception(c, &|c| self.after_action(c)))
        });
        push(Action::StrikeCities, p_sc, &|| {
            let mut c = ctx;
            c.level = 1;
            if self.p.posture < Posture::ProtectMandate {
                return self.after_action(c);
            }
            // E1 reads what got through: only hits on what the force
            // protects set rung 2 and call for its answer.
            let stopped = city_strike_stopped(self.p, self.units_present());
            let mut hit = c;
            hit.level = 2;
            hit.calls_for_answer = true;
            chance(vec![
                (
                    Event::CitiesHit(true),
                    1.0 - stopped,
                    self.after_action(hit),
                ),
                (Event::CitiesHit(false), stopped, self.after_action(c)),
            ])
        });
        push(Action::Probe, p_pr, &|| {
            let mut c = ctx;
            c.level = 1;
            self.after_action(c)
        });
        push(Action::None, nothing, &|| self.after_action(ctx));
        // The root always shows its actions, even a certain one.
        match chance(options) {
            Next::End(leaf) => Next::Branches(vec![Node {
                event: Event::Action(Action::None),
                p: 1.0,
                children: Vec::new(),
                leaf: Some(leaf),
            }]),
            b => b,
        }
    }

    /// B1: the first attack on the force reveals the backstop.
    fn reveal(&self, ctx: Ctx, then: &dyn Fn(Ctx) -> Next) -> Next {
        if ctx.revealed {
            return then(ctx);
        }
        let r = self.p.reliability;
        let with = |d: bool| {
            let mut c = ctx;
            c.revealed = true;
            c.delivered = d;
            then(c)
        };
        chance(vec![
            (Event::Reveal(true), r, with(true)),
            (Event::Reveal(false), 1.0 - r, with(false)),
        ])
    }

    /// I1/I2: whether R1's strike on the force gets through (rung 2, E1)
    /// and whether it kills anyone.
    fn interception(&self, ctx: Ctx, then: &dyn Fn(Ctx) -> Next) -> Next {
        if self.people <= 0.0 {
            return then(ctx);
        }
        let (stopped, no_deaths) = strike_outcome(self.p, ctx.delivered, self.units_present(), 1.0);
        let mut hit = ctx;
        hit.level = 2;
        chance(vec![
            (
                Event::Lethal(true),
                (1.0 - stopped - no_deaths).max(0.0),
                then(hit),
            ),
            (Event::Lethal(false), no_deaths, then(hit)),
            (Event::Stopped, stopped, then(ctx)),
        ])
    }

    /// O1: the offensive meets the force (or finds none).
    fn offensive(&self, ctx: Ctx) -> Next {
        if self.people <= 0.0 {
            return Next::End(Leaf {
                rung: self.st.rung,
                ends: Some(MonthEnd::Collapse),
                route: Some(Route::NoForce),
                engaged: false,
            });
        }
        let (f, d) = self.p.o1_branch();
        let reach = self.p.zone_coefs().reach;
        let fought = || {
            let mut c = ctx;
            c.engaged = true;
            c.jump_to = 3;
            c.route = Some(Route::Fought);
            self.reveal(c, &|c| self.g1(c))
        };
        let aside = || {
            let mut c = ctx;
            c.stood_aside = true;
            c.route = Some(Route::StoodAside);
            self.e1(c)
        };
        let defend = chance(vec![
            (Event::Reached(true), reach, fought()),
            (Event::Reached(false), 1.0 - reach, aside()),
        ]);
        chance(vec![
            (Event::Fight, f, fought()),
            (Event::Defend, d, defend),
            (Event::StandAside, (1.0 - f - d).max(0.0), aside()),
        ])
    }

    /// G1: a month of the war the force fights.
    fn g1(&self, ctx: Ctx) -> Next {
        let w = self.p.engaged_wider_war_prob(ctx.shown());
        let with = |wider: bool| {
            let mut c = ctx;
            c.wider = wider;
            self.e1(c)
        };
        chance(vec![
            (Event::EngagedWider(true), w, with(true)),
            (Event::EngagedWider(false), 1.0 - w, with(false)),
        ])
    }

    /// W3 in war months, then the rest of the month.
    fn after_action(&self, ctx: Ctx) -> Next {
        if !self.st.war {
            return self.e2(ctx);
        }
        let c = &self.p.c;
        if !self.units_present() || self.p.aircraft <= 0.0 {
            return self.e2(ctx);
        }
        let hazard = c[Coef::AircraftLossRate] * self.p.aircraft * self.p.zone_coefs().exposure;
        let lost = -(-hazard).exp_m1();
        let clash = c[Coef::AircraftLossClash];
        let on_loss = || {
            let mut c0 = ctx;
            c0.level = 2;
            c0.calls_for_answer = true;
            self.reveal(c0, &|c1| {
                let with = |jump: bool| {
                    let mut c2 = c1;
                    if jump {
                        c2.jump_to = c2.jump_to.max(3);
                    }
                    self.e2(c2)
                };
                chance(vec![
                    (Event::Clash(true), clash, with(true)),
                    (Event::Clash(false), 1.0 - clash, with(false)),
                ])
            })
        };
        chance(vec![
            (Event::AircraftLost(true), lost, on_loss()),
            (Event::AircraftLost(false), 1.0 - lost, self.e2(ctx)),
        ])
    }

    /// E2: from rung 2, Russia's deliberate escalation.
    fn e2(&self, ctx: Ctx) -> Next {
        if ctx.stood_aside || ctx.engaged || self.st.rung < 2 || !self.operating() {
            return self.a1(ctx);
        }
        let c = &self.p.c;
        let b = self.p.perceived_backstop(ctx.revealed, ctx.delivered);
        let rate = self.rates.e2(b, self.st.adapt, self.st.in_kind_last_month);
        let (sc, sa) = (c[Coef::EscShareCampaign], c[Coef::EscShareAirDefence]);
        // With no one in the country every strike aimed at the force lands
        // on the air bases abroad.
        let (sc, sa, abroad) = if self.people <= 0.0 {
            (0.0, sc + sa, 1.0)
        } else {
            (sc, sa, self.p.air_bases_abroad_share(self.units_present()))
        };
        let strike = |kind: Escalation| {
            let mut c0 = ctx;
            c0.level = 2;
            c0.calls_for_answer = true;
            c0.jump_to = c0.jump_to.max(3);
            if kind.abroad() {
                let w = self.p.hub_wider_war_prob(c0.shown());
                let with = |wider: bool| {
                    let mut c1 = c0;
                    c1.wider |= wider;
                    self.a1(c1)
                };
                chance(vec![
                    (Event::HubWider(true), w, with(true)),
                    (Event::HubWider(false), 1.0 - w, with(false)),
                ])
            } else {
                self.reveal(c0, &|c1| self.a1(c1))
            }
        };
        chance(vec![
            (
                Event::Escalation(Some(Escalation::Campaign)),
                rate * sc,
                strike(Escalation::Campaign),
            ),
            (
                Event::Escalation(Some(Escalation::AirDefenceSites)),
                rate * sa * (1.0 - abroad),
                strike(Escalation::AirDefenceSites),
            ),
            (
                Event::Escalation(Some(Escalation::AirBasesAbroad)),
                rate * sa * abroad,
                strike(Escalation::AirBasesAbroad),
            ),
            (
                Event::Escalation(Some(Escalation::Hubs)),
                rate * (1.0 - sc - sa).max(0.0),
                strike(Escalation::Hubs),
            ),
            (Event::Escalation(None), 1.0 - rate, self.a1(ctx)),
        ])
    }

    /// A1 and E1's answer step: one decision a month.
    fn a1(&self, ctx: Ctx) -> Next {
        if !ctx.calls_for_answer || ctx.stood_aside || ctx.engaged || !self.operating() {
            return self.e1(ctx);
        }
        let shown = ctx.shown();
        let ans = self.p.answer_prob(shown);
        let ik = self.p.in_kind_share();
        let kind = |in_kind: bool| {
            let up = self.p.escalation_prob(in_kind, shown, self.st.rung);
            let with = |e: bool| {
                let mut c = ctx;
                c.answered = true;
                c.escalated = e;
                self.e1(c)
            };
            chance(vec![
                (Event::Escalates(true), up, with(true)),
                (Event::Escalates(false), 1.0 - up, with(false)),
            ])
        };
        let answered = chance(vec![
            (Event::InKind(true), ik, kind(true)),
            (Event::InKind(false), 1.0 - ik, kind(false)),
        ]);
        let mut silent = ctx;
        silent.answered = true; // a decision was taken: not a quiet month
        chance(vec![
            (Event::Answered(true), ans, answered),
            (Event::Answered(false), 1.0 - ans, self.e1(silent)),
        ])
    }

    /// E1: where the ladder stands at the month's end, and how the path ends.
    fn e1(&self, ctx: Ctx) -> Next {
        let (r, _) = e1_step(
            self.st.rung,
            Step {
                escalated: ctx.escalated,
                level: ctx.level,
                jump_to: ctx.jump_to,
                wider: ctx.wider,
                answered: ctx.answered,
                engaged: ctx.engaged,
            },
            self.st.calm,
            self.p.c[Coef::CalmMonths] as u32,
        );
        let ends = if r >= 4 {
            Some(MonthEnd::WiderWar)
        } else if ctx.route.is_some() {
            Some(MonthEnd::Collapse)
        } else {
            None
        };
        Next::End(Leaf {
            rung: r,
            ends,
            route: ctx.route,
            engaged: ctx.engaged,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(extra: &str) -> Model {
        let text = format!("[scenario]\nname = \"t\"\n{extra}");
        let s = crate::scenario::parse(&text, "t.toml").expect("valid");
        Model::new(&s)
    }

    #[test]
    fn leaves_sum_to_one_in_every_state() {
        let m = model("");
        let p = m.central_params();
        for rung in 0..=3 {
            for backstop in [Backstop::Unrevealed, Backstop::Delivered, Backstop::Failed] {
                for war in [false, true] {
                    let st = MonthState {
                        rung,
                        backstop,
                        war,
                        ..m.month_state(&p, 1)
                    };
                    let total: f64 = m.event_tree(&p, &st).paths().iter().map(|x| x.p).sum();
                    assert!((total - 1.0).abs() < 1e-12, "{st:?}: {total}");
                }
            }
        }
    }
}
