//! One trajectory, month by month (`docs/model.md`, "One trajectory").
//!
//! Months are counted on one calendar from the scenario's start, the same
//! for every option; monthly draws are keyed by that month so that two
//! scenarios on one seed meet the same Russian dice in the same month. Every
//! run lives to the horizon: months with the force run the full step
//! ([`Trajectory::month`], each mechanism one method named after its
//! equation label, called in the order the docs give), months without it a
//! shorter one (N-months, W0 stretches).

use super::{
    Coef, Level, Mission, Model, NeverReason, Peace, Policy, Posture, RunParams, Tiers,
    WithdrawalCause,
};
use crate::random::draw::{BinomialTable, binomial, neg_binomial};
use crate::random::{RunKey, Stream, purpose};
use std::collections::BTreeMap;
use std::sync::Arc;

// One purpose per mechanism (random::rng): adding a draw to one mechanism
// never shifts another's.
const P_CEASEFIRE: u64 = purpose("ceasefire.timing");
const P_BACKSTOP: u64 = purpose("backstop.delivers");
const P_REINVADE_MONTH: u64 = purpose("reinvade.month");
const P_TOLERANCE: u64 = purpose("will.tolerance");
const P_REINVADE_LAUNCH: u64 = purpose("reinvade.launch");
const P_ACTION: u64 = purpose("russia.action");
const P_CITY_SALVO: u64 = purpose("city.salvo");
const P_CITY_INTERCEPT: u64 = purpose("city.intercept");
const P_WAR_VOLUME: u64 = purpose("war.volume");
const P_WAR_INTERCEPT: u64 = purpose("war.intercept");
const P_AIRCRAFT: u64 = purpose("aircraft.loss");
const P_E2: u64 = purpose("russia.escalation");
const P_RESPONSE: u64 = purpose("force.response");
const P_ESCALATION: u64 = purpose("escalation");
const P_OFFENSIVE: u64 = purpose("offensive.branch");
const P_FIRST_DAYS: u64 = purpose("offensive.losses");
const P_COMBAT: u64 = purpose("combat.deaths");
const P_COMBAT_WIDER: u64 = purpose("combat.wider_war");
const P_VOTE: u64 = purpose("will.vote");
const P_ELECTION: u64 = purpose("will.election");

/// A withdrawal within this many months of a lethal incident on the force
/// counts as triggered by it: a year, the span a renewal vote looks back on.
pub const INCIDENT_MEMORY_MONTHS: u32 = 12;

/// The keyed purposes of one kind of strike on the force.
struct StrikeKeys {
    salvo: u64,
    intercept: u64,
    casualties: u64,
    tier: u64,
}

/// R1's strikes on the force (including W2's retaliation).
const R1_STRIKE: StrikeKeys = StrikeKeys {
    salvo: purpose("strike.salvo"),
    intercept: purpose("strike.intercept"),
    casualties: purpose("strike.casualties"),
    tier: purpose("strike.tier"),
};
/// E2's campaign and site strikes.
const E2_STRIKE: StrikeKeys = StrikeKeys {
    salvo: purpose("escalation.salvo"),
    intercept: purpose("escalation.intercept"),
    casualties: purpose("escalation.casualties"),
    tier: purpose("escalation.tier"),
};

const P_RENEWED: u64 = purpose("ceasefire.renewed");
const P_WAR_HARM: u64 = purpose("war.harm");

/// What Russia did in a month (R1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    None,
    Probe,
    StrikeForce,
    StrikeCities,
    Offensive,
}

/// What kind of month it was (docs/model.md, "One trajectory").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The force in the country, no ceasefire in force.
    War,
    /// The force in the country under a ceasefire.
    Ceasefire,
    /// The force fighting the war it chose to fight (G1).
    Engaged,
    /// A ceasefire in force and no force in the country (N-month).
    NoForceCeasefire,
    /// War months without the force, a stretch at a time (W0).
    NoForceWar,
}

impl Phase {
    /// The force was in the country in this month.
    pub fn force(self) -> bool {
        matches!(self, Phase::War | Phase::Ceasefire | Phase::Engaged)
    }
}

/// How the force met an offensive (O1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Branch {
    StoodAside,
    Fought,
}

/// A deliberate Russian escalation (E2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Escalation {
    /// A campaign against the force.
    Campaign,
    /// Strikes on coalition air-defence sites and air bases.
    AirDefenceSites,
    /// Strikes on staging and logistics hubs outside Ukraine.
    Hubs,
    /// Strikes on the coalition's air bases in neighbouring states
    /// (`air_basing = "neighbouring"`): a site strike that lands on NATO
    /// soil, escalating as a strike on hubs does.
    AirBasesAbroad,
}

impl Escalation {
    /// A strike outside Ukraine (hubs, air bases abroad): no one in the
    /// force is struck, and it may become a wider war.
    pub fn abroad(self) -> bool {
        matches!(self, Escalation::Hubs | Escalation::AirBasesAbroad)
    }

    /// A machine name (JSON).
    pub fn key(self) -> &'static str {
        match self {
            Escalation::Campaign => "campaign",
            Escalation::AirDefenceSites => "air_defence_sites",
            Escalation::Hubs => "hubs",
            Escalation::AirBasesAbroad => "air_bases_abroad",
        }
    }
}

/// How the first ceasefire collapsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Route {
    /// No force in the country, one on its way (the deployment lag).
    BeforeArrival,
    /// The force evacuated or stayed in barracks, and left.
    StoodAside,
    /// The force fought the offensive.
    Fought,
    /// No force in the country and none coming: an option without one, or
    /// after the force left.
    NoForce,
}

pub const N_ROUTES: usize = 4;

impl Route {
    pub const ALL: [Route; N_ROUTES] = [
        Route::BeforeArrival,
        Route::StoodAside,
        Route::Fought,
        Route::NoForce,
    ];
    pub const NAMES: [&'static str; N_ROUTES] = [
        "before_arrival",
        "force_stood_aside",
        "force_fought",
        "no_force",
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The force was in the country when the ceasefire collapsed.
    pub fn with_force(self) -> bool {
        matches!(self, Route::StoodAside | Route::Fought)
    }
}

/// How the force's time in the country ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leave {
    /// It stood aside from an offensive (O1).
    StoodAside,
    /// It fell below its viable share (P2).
    Withdrawn,
    /// The war it fought ended in a ceasefire (C2r).
    WarEnded,
    /// The ladder reached rung 4.
    WiderWar,
}

/// What happened in one month (or, for [`Phase::NoForceWar`], one stretch
/// of months), for observers (stories, tests).
#[derive(Clone, Copy, Debug)]
pub struct MonthLog {
    pub abs_month: u32,
    /// The last month this entry covers (a W0 stretch covers several).
    pub until: u32,
    /// Months since the force arrived (0 when it is not in the country).
    pub mission_month: u32,
    pub phase: Phase,
    pub action: Action,
    /// How the force met this month's offensive, if one came while it was there.
    pub branch: Option<Branch>,
    pub escalation: Option<Escalation>,
    /// A coalition aircraft was lost to Russian fire (W3).
    pub aircraft_lost: bool,
    /// Weapons launched at the force or the cities this month, and intercepted
    /// (months with the force).
    pub weapons: u32,
    pub intercepted: u32,
    /// Weapons the coalition's layers shot down over Ukraine's cities (W2).
    pub kills_over_cities: u32,
    pub city_leakers: u32,
    /// Civilian-harm index points added.
    pub harm: u64,
    /// Hostile deaths in the force this month.
    pub deaths: u32,
    /// The tier struck (0 lead, 1 other ground, 2 enablers) by a lethal incident.
    pub tier_hit: Option<u8>,
    pub answered: Option<bool>,
    pub in_kind: bool,
    pub backstop_revealed: Option<bool>,
    pub rung: u8,
    pub deterrence: f64,
    pub credibility: f64,
    pub will: [f64; 3],
    pub present: [bool; 3],
    /// The ceasefire in force collapsed in this month.
    pub collapse: bool,
    /// A ceasefire came at the end of this entry's last month.
    pub ceasefire_came: bool,
    /// The force arrived at the end of this entry's last month.
    pub arrived: bool,
    /// The force left at the end of this month, and how.
    pub left: Option<Leave>,
    /// The ladder reached rung 4 (the history ends).
    pub wider: bool,
}

impl MonthLog {
    /// A month in which nothing happened: the base of every month's log.
    pub fn quiet(
        abs_month: u32,
        phase: Phase,
        credibility: f64,
        will: [f64; 3],
        present: [bool; 3],
    ) -> MonthLog {
        MonthLog {
            abs_month,
            until: abs_month,
            mission_month: 0,
            phase,
            action: Action::None,
            branch: None,
            escalation: None,
            aircraft_lost: false,
            weapons: 0,
            intercepted: 0,
            kills_over_cities: 0,
            city_leakers: 0,
            harm: 0,
            deaths: 0,
            tier_hit: None,
            answered: None,
            in_kind: false,
            backstop_revealed: None,
            rung: 0,
            deterrence: 0.0,
            credibility,
            will,
            present,
            collapse: false,
            ceasefire_came: false,
            arrived: false,
            left: None,
            wider: false,
        }
    }
}

/// Sees every month of a trajectory. Production runs use [`NoObserver`],
/// which the compiler removes entirely.
pub trait Observer {
    /// Whether [`Observer::month`] wants the monthly log; when false the log
    /// is never built.
    const WANTS_MONTHS: bool = true;
    #[inline(always)]
    fn start(
        &mut self,
        _p: &RunParams,
        _ceasefire_month: u32,
        _arrival: Option<u32>,
        _backstop_delivers: bool,
    ) {
    }
    #[inline(always)]
    fn month(&mut self, _log: &MonthLog) {}
}

#[derive(Clone, Copy, Debug, Default)]
pub struct NoObserver;
impl Observer for NoObserver {
    const WANTS_MONTHS: bool = false;
}

/// One trajectory's result: its classes and every per-run figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    /// The peace at the horizon.
    pub peace: Peace,
    /// The mission's fate (`NeverDeployed` when the option has no force).
    pub mission: Mission,
    /// The option announced a force in this run (anything before N1).
    pub has_force: bool,
    /// Why a force that was announced never deployed.
    pub never: Option<NeverReason>,
    /// What triggered a withdrawal (P2), for the withdrawn classes.
    pub withdrawn_by: Option<WithdrawalCause>,
    /// How the first ceasefire collapsed, if it did within the horizon,
    /// and in which month.
    pub route: Option<Route>,
    pub first_collapse: Option<u32>,
    /// A force was in the country for at least one month.
    pub deployed: bool,
    /// A ceasefire came within the horizon.
    pub ceasefire: bool,
    /// The month at whose end the first ceasefire came.
    pub first_ceasefire: Option<u32>,
    /// The force fought an offensive (O1).
    pub fought: bool,
    /// The month at whose end the force arrived.
    pub arrival: Option<u32>,
    /// The month at whose end the force left, when before the end of the horizon.
    pub mission_end: Option<u32>,
    /// Mission month of the first attack on the force.
    pub first_attack: Option<u32>,
    /// The month the ladder reached rung 4.
    pub wider_month: Option<u32>,
    /// Bit m (1..=H): month m ended with a ceasefire in force.
    pub ceasefire_months: u128,
    /// Bit m (0..=H): the force was in the country at the end of month m.
    pub force_months: u128,
    pub deaths: u32,
    pub lethal_incidents: u32,
    pub civilian_harm: u64,
    pub peak_rung: u8,
    pub probes: u32,
    pub weapons_launched: u64,
    pub weapons_intercepted: u64,
    pub answered: u32,
    pub unanswered: u32,
    /// Deliberate Russian escalations (E2).
    pub escalations: u32,
    /// Final credibility × 1000.
    pub credibility_milli: u32,
    /// Cost in EUR millions.
    pub cost_eur_m: u64,
    /// X2: pressure and aid over the horizon, EUR m (every run).
    pub policy_cost_eur_m: u64,
    pub personnel: u64,
    /// Troops and trainers announced and deployed (N1).
    pub troops_announced: u32,
    pub troops_deployed: u32,
    /// People in the country summed over months (people-months).
    pub people_months: u64,
}

impl Record {
    /// Months 1..H that ended with a ceasefire in force.
    pub fn months_of_ceasefire(&self) -> u32 {
        self.ceasefire_months.count_ones()
    }

    /// The first ceasefire collapsed within the horizon.
    pub fn collapsed(&self) -> bool {
        self.route.is_some()
    }
}

impl Default for Record {
    fn default() -> Self {
        Record {
            peace: Peace::War,
            mission: Mission::NeverDeployed,
            has_force: false,
            never: None,
            withdrawn_by: None,
            route: None,
            first_collapse: None,
            deployed: false,
            ceasefire: false,
            first_ceasefire: None,
            fought: false,
            arrival: None,
            mission_end: None,
            first_attack: None,
            wider_month: None,
            ceasefire_months: 0,
            force_months: 0,
            deaths: 0,
            lethal_incidents: 0,
            civilian_harm: 0,
            peak_rung: 0,
            probes: 0,
            weapons_launched: 0,
            weapons_intercepted: 0,
            answered: 0,
            unanswered: 0,
            escalations: 0,
            credibility_milli: 0,
            cost_eur_m: 0,
            policy_cost_eur_m: 0,
            personnel: 0,
            troops_announced: 0,
            troops_deployed: 0,
            people_months: 0,
        }
    }
}

/// Bits from..=to of a month set (empty when from > to).
#[inline(always)]
fn months(from: u32, to: u32) -> u128 {
    if from > to || from > 127 {
        return 0;
    }
    let to = to.min(127);
    let width = to - from + 1;
    let ones = if width >= 128 {
        u128::MAX
    } else {
        (1u128 << width) - 1
    };
    ones << from
}

/// An interception layer (I1): capacity and kill probabilities.
#[derive(Clone, Copy, Debug)]
struct Layer<'a> {
    /// Weapons the layer can engage: the floor of units × capacity (× strikes
    /// per month for war volumes).
    cap: u32,
    kill_drone: f64,
    kill_missile: f64,
    /// Interceptors of this layer are paid by the coalition or the U.S.
    costed: bool,
    /// The model's binomial tables for the two kill probabilities, when it
    /// has them (the same draws, without the walk).
    drone_table: Option<&'a BinomialTable>,
    missile_table: Option<&'a BinomialTable>,
}

impl Layer<'_> {
    #[inline]
    fn kill_missiles(&self, n: u32, u: f64) -> u32 {
        match self.missile_table {
            Some(t) => t.draw(n, u),
            None => binomial(n, self.kill_missile, u),
        }
    }

    #[inline]
    fn kill_drones(&self, n: u32, u: f64) -> u32 {
        match self.drone_table {
            Some(t) => t.draw(n, u),
            None => binomial(n, self.kill_drone, u),
        }
    }
}

/// The kill probabilities of I1's layers.
const KILL_COEFS: [Coef; 8] = [
    Coef::UkraineKillDrone,
    Coef::UkraineKillMissile,
    Coef::AdKillDrone,
    Coef::AdKillMissile,
    Coef::AircraftKillDrone,
    Coef::AircraftKillMissile,
    Coef::UsKillDrone,
    Coef::UsKillMissile,
];

/// Binomial tables for a model's fixed kill probabilities (one per distinct
/// value), built once per model and shared by its clones: war months and
/// strikes draw several binomials of up to a few hundred trials each.
#[derive(Clone, Debug, Default)]
pub(super) struct KillTables(Arc<[Arc<BinomialTable>]>);

/// The tables built so far in this process, most recent last: a sweep or a
/// comparison builds many models with the same kill probabilities, and a
/// table takes about 0.4 ms to build. Bounded, so a sweep over a kill
/// probability itself cannot grow it without end. A table draws exactly
/// what the walk draws, so sharing one changes no result.
fn shared_table(p: f64) -> Option<Arc<BinomialTable>> {
    const KEEP: usize = 64;
    static CACHE: std::sync::Mutex<Vec<Arc<BinomialTable>>> = std::sync::Mutex::new(Vec::new());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = cache.iter().find(|t| t.p().to_bits() == p.to_bits()) {
        return Some(Arc::clone(t));
    }
    let t = Arc::new(BinomialTable::new(p)?);
    if cache.len() >= KEEP {
        cache.remove(0);
    }
    cache.push(Arc::clone(&t));
    Some(t)
}

impl KillTables {
    /// Tables for the kill probabilities that no run redraws.
    pub(super) fn new(c: &super::Coefs, drawn: impl Fn(Coef) -> bool) -> KillTables {
        let mut tables: Vec<Arc<BinomialTable>> = Vec::new();
        for coef in KILL_COEFS {
            let p = c[coef];
            if drawn(coef) || tables.iter().any(|t| t.p().to_bits() == p.to_bits()) {
                continue;
            }
            tables.extend(shared_table(p));
        }
        KillTables(tables.into())
    }

    /// The table for exactly this p (a run's p may be drawn and differ).
    fn find(&self, p: f64) -> Option<&BinomialTable> {
        self.0
            .iter()
            .find(|t| t.p().to_bits() == p.to_bits())
            .map(|t| &**t)
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Intercepted {
    drones_left: u32,
    missiles_left: u32,
    stopped: u32,
    /// Interceptors fired by coalition or U.S. layers (engaged weapons).
    costed_shots: u32,
    /// Weapons those layers stopped.
    costed_kills: u32,
}

/// I1: each layer engages missiles first, then drones, up to its capacity;
/// each engaged weapon is stopped with the layer's probability (a binomial
/// draw for missiles, then one for drones, from the strike's stream).
#[inline]
fn intercept(mut nd: u32, mut nm: u32, layers: &[Layer], s: &mut Stream) -> Intercepted {
    let mut r = Intercepted::default();
    for l in layers {
        let em = nm.min(l.cap);
        let ed = nd.min(l.cap - em);
        // A layer that engages nothing of a kind draws 0 whatever its
        // uniform: the stream steps past that uniform uncomputed (empty
        // layers, such as a departed holder's, are common).
        let km = if em == 0 {
            s.skip();
            0
        } else {
            l.kill_missiles(em, s.next_f64())
        };
        let kd = if ed == 0 {
            s.skip();
            0
        } else {
            l.kill_drones(ed, s.next_f64())
        };
        nm -= km;
        nd -= kd;
        r.stopped += km + kd;
        if l.costed {
            r.costed_shots += em + ed;
            r.costed_kills += km + kd;
        }
    }
    r.drones_left = nd;
    r.missiles_left = nm;
    r
}

/// The interception layers of a run (I1): [Ukraine, air defence, aircraft,
/// U.S.] over the force; [Ukraine, air defence over cities, aircraft] for
/// city strikes and for a war month's volumes. Index 1 of each outer pair:
/// with the units present, index 0: without (their holder left). Each of
/// the three sets is built when first met: most runs meet one of them or
/// none, and a set is a pure function of the run's parameters.
pub(super) struct Layers<'a> {
    p: &'a RunParams,
    /// Each kind of layer (its tables looked up once), uncapped.
    ukraine: Layer<'a>,
    ad: Layer<'a>,
    air: Layer<'a>,
    us: Layer<'a>,
    /// The U.S. layer engages (the backstop delivers air support).
    us_layer: bool,
    force: Option<[[Layer<'a>; 4]; 2]>,
    cities: Option<[[Layer<'a>; 3]; 2]>,
    war: Option<[[Layer<'a>; 3]; 2]>,
}

impl<'a> Layers<'a> {
    /// `tables`: the model's binomial tables (an empty set draws the same
    /// numbers by walking).
    pub(super) fn new(p: &'a RunParams, delivered: bool, tables: &'a KillTables) -> Layers<'a> {
        let c = &p.c;
        let us_cap = match p.level {
            Level::AirSupport => c[Coef::UsCapacityAir],
            Level::FullGuarantee => c[Coef::UsCapacityFull],
            _ => 0.0,
        };
        let us_layer = delivered && us_cap > 0.0;
        let kind = |kd: Coef, km: Coef, costed: bool| Layer {
            cap: u32::MAX,
            kill_drone: c[kd],
            kill_missile: c[km],
            costed,
            drone_table: tables.find(c[kd]),
            missile_table: tables.find(c[km]),
        };
        Layers {
            p,
            ukraine: kind(Coef::UkraineKillDrone, Coef::UkraineKillMissile, false),
            ad: kind(Coef::AdKillDrone, Coef::AdKillMissile, true),
            air: kind(Coef::AircraftKillDrone, Coef::AircraftKillMissile, true),
            us: capped(
                kind(Coef::UsKillDrone, Coef::UsKillMissile, true),
                if us_layer { us_cap } else { 0.0 },
            ),
            us_layer,
            force: None,
            cities: None,
            war: None,
        }
    }

    /// The air-defence and aircraft layers with `units` present (0 or 1),
    /// the air-defence units multiplied by `cover`, both capacities by `per`.
    fn ad_air(&self, units: bool, cover: Option<f64>, per: f64) -> [Layer<'a>; 2] {
        let (p, c) = (self.p, &self.p.c);
        let with = if units { 1.0 } else { 0.0 };
        let ad_units = match cover {
            Some(cover) => p.air_defence * cover * with,
            None => p.air_defence * with,
        };
        [
            capped(self.ad, ad_units * c[Coef::AdCapacity] * per),
            capped(
                self.air,
                p.aircraft * with * c[Coef::AircraftCapacity] * per,
            ),
        ]
    }

    /// The layers a strike on the force meets.
    fn over_force(&mut self, units_present: usize) -> &[Layer<'a>] {
        if self.force.is_none() {
            let set = [false, true].map(|u| {
                let [ad, air] = self.ad_air(u, None, 1.0);
                [self.ukraine, ad, air, self.us]
            });
            self.force = Some(set);
        }
        let layers = &self.force.as_ref().expect("built above")[units_present];
        if self.us_layer {
            &layers[..]
        } else {
            &layers[..3]
        }
    }

    /// The layers over Ukraine's cities in a ceasefire month's strike.
    fn over_cities(&mut self, units_present: usize) -> &[Layer<'a>] {
        if self.cities.is_none() {
            let cover = self.p.zone_coefs().city_cover;
            let set = [false, true].map(|u| {
                let [ad, air] = self.ad_air(u, Some(cover), 1.0);
                [self.ukraine, ad, air]
            });
            self.cities = Some(set);
        }
        &self.cities.as_ref().expect("built above")[units_present]
    }

    /// The layers over Ukraine's cities against a war month's volumes.
    fn at_war(&mut self, units_present: usize) -> &[Layer<'a>] {
        if self.war.is_none() {
            let cover = self.p.zone_coefs().city_cover;
            let salvos = self.p.c[Coef::WarSalvos];
            let set = [false, true].map(|u| {
                let [ad, air] = self.ad_air(u, Some(cover), salvos);
                [self.ukraine, ad, air]
            });
            self.war = Some(set);
        }
        &self.war.as_ref().expect("built above")[units_present]
    }
}

/// A layer of `kind` able to engage floor(cap) weapons.
#[inline]
fn capped(kind: Layer<'_>, cap: f64) -> Layer<'_> {
    Layer {
        cap: crate::math::floor(cap).min(u32::MAX as f64) as u32,
        ..kind
    }
}

/// A salvo of mean × (0.5 + u) weapons, drones and missiles sharing one
/// uniform, each rounded half away from zero.
#[inline]
fn salvo(drones: f64, missiles: f64, u: f64) -> (u32, u32) {
    let f = 0.5 + u;
    (
        crate::math::round(drones * f) as u32,
        crate::math::round(missiles * f) as u32,
    )
}

/// What a salvo meets: the force's layers (with U.S. air support when it
/// delivered) or the layers over Ukraine's cities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Target {
    Force,
    Cities,
}

/// The exact distribution of a salvo's leakers (drones, missiles left),
/// for the deterministic view: the salvo's uniform taken interval by
/// interval (the counts are constant between rounding points) and each
/// layer's binomials convolved as [`intercept`] draws them.
fn salvo_leakers(
    p: &RunParams,
    delivered: bool,
    units_present: bool,
    target: Target,
    mult: f64,
) -> BTreeMap<(u32, u32), f64> {
    use crate::random::draw::binomial_pmf;
    let c = &p.c;
    let (md, mm) = match target {
        Target::Force => (c[Coef::SalvoDrones] * mult, c[Coef::SalvoMissiles] * mult),
        Target::Cities => (c[Coef::CitySalvoDrones], c[Coef::CitySalvoMissiles]),
    };
    // u where round(mean·(0.5 + u)) steps: mean·(0.5 + u) = k + 0.5.
    let mut cuts = vec![0.0, 1.0];
    for mean in [md, mm] {
        if mean > 0.0 {
            let (lo, hi) = ((0.5 * mean).floor() as u64, (1.5 * mean).ceil() as u64);
            cuts.extend(
                (lo..=hi)
                    .map(|k| (k as f64 + 0.5) / mean - 0.5)
                    .filter(|u| *u > 0.0 && *u < 1.0),
            );
        }
    }
    cuts.sort_by(f64::total_cmp);
    // States (drones left, missiles left) with their probabilities.
    let mut states: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    for w in cuts.windows(2) {
        if w[1] > w[0] {
            *states
                .entry(salvo(md, mm, 0.5 * (w[0] + w[1])))
                .or_default() += w[1] - w[0];
        }
    }
    let tables = KillTables::default();
    let mut layers = Layers::new(p, delivered, &tables);
    let units = usize::from(units_present);
    let layers = match target {
        Target::Force => layers.over_force(units),
        Target::Cities => layers.over_cities(units),
    };
    for l in layers {
        let mut next = BTreeMap::new();
        for (&(nd, nm), &w) in &states {
            let em = nm.min(l.cap);
            let ed = nd.min(l.cap - em);
            let pm = binomial_pmf(em, l.kill_missile);
            let pd = binomial_pmf(ed, l.kill_drone);
            for (km, a) in pm.iter().enumerate() {
                for (kd, b) in pd.iter().enumerate() {
                    if a * b > 0.0 {
                        *next.entry((nd - kd as u32, nm - km as u32)).or_default() += w * a * b;
                    }
                }
            }
        }
        states = next;
    }
    states
}

/// The exact chances that a strike on the force is stopped entirely, and
/// that something gets through but kills no one (I1, I2; E1 reads the
/// first), for the deterministic view.
pub(super) fn strike_outcome(
    p: &RunParams,
    delivered: bool,
    units_present: bool,
    mult: f64,
) -> (f64, f64) {
    use crate::random::draw::neg_binomial_zero;
    let c = &p.c;
    let states = salvo_leakers(p, delivered, units_present, Target::Force, mult);
    let stopped = states.get(&(0, 0)).copied().unwrap_or(0.0);
    let through_no_deaths = states
        .iter()
        .filter(|(k, _)| **k != (0, 0))
        .map(|(&(dl, ml), &w)| {
            let mean = dl as f64 * c[Coef::DeathsPerDrone] + ml as f64 * c[Coef::DeathsPerMissile];
            w * neg_binomial_zero(mean, c[Coef::CasualtyDispersion])
        })
        .sum();
    (stopped, through_no_deaths)
}

/// The exact chance that a strike on the cities is stopped entirely (I1;
/// E1 reads it under a mandate that protects them).
pub(super) fn city_strike_stopped(p: &RunParams, units_present: bool) -> f64 {
    salvo_leakers(p, false, units_present, Target::Cities, 1.0)
        .get(&(0, 0))
        .copied()
        .unwrap_or(0.0)
}

/// The state that sets a month's R1 propensities.
#[derive(Clone, Copy, Debug)]
pub(super) struct Month {
    /// Months since the ceasefire (0 at war).
    pub s: u32,
    pub war: bool,
    pub deterrence: f64,
    /// test_resolve's adaptation multiplier (R2).
    pub adapt: f64,
    pub rung: u8,
    /// Inside reinvade's build-up window (R3).
    pub buildup: bool,
    /// Someone is in the country to strike.
    pub target: bool,
    /// The coalition's kills over Ukraine last month (W2).
    pub kills_before: u32,
}

/// Per-run constants of the propensities, computed once per trajectory.
#[derive(Clone, Copy, Debug)]
pub(super) struct Rates {
    /// Policy rates × g(r): probe, strike on force, strike on cities, offensive weight.
    base: [f64; 4],
    g: f64,
    exposure: f64,
    probe_factor: f64,
    clash: f64,
    buildup: f64,
    war_mult: f64,
    ukraine: f64,
    /// V1: what monitoring and verification leave of the relapse hazard.
    verification: f64,
    retaliation_max: f64,
    /// E2: the policy's deliberate-escalation rate × g(r), and the
    /// backstop's deterrent face and the provocation of an in-kind answer.
    e2_base: f64,
    backstop_restraint: f64,
    provocation: f64,
}

impl Rates {
    pub(super) fn new(p: &RunParams) -> Rates {
        let c = &p.c;
        let g = p.risk_gain();
        let r = p.policy_rates();
        Rates {
            base: [r[0] * g, r[1] * g, r[2] * g, r[3] * g],
            g,
            exposure: p.zone_coefs().exposure,
            probe_factor: 1.0 - c[Coef::MonitoringProbeCut] * p.monitoring,
            clash: c[Coef::ClashStrikeMult],
            buildup: c[Coef::BuildupProbeMult],
            war_mult: c[Coef::WarStrikeMult],
            ukraine: p.ukraine_factor(),
            verification: p.verification_factor(),
            retaliation_max: c[Coef::RetaliationMax],
            e2_base: r[4] * g,
            backstop_restraint: c[Coef::BackstopRestraint],
            provocation: c[Coef::EscProvocation],
        }
    }

    /// E2: monthly chance of a deliberate Russian escalation at rung 2 or
    /// above, given the perceived backstop b, test_resolve's adaptation and
    /// whether the force answered in kind the month before.
    #[inline]
    pub(super) fn e2(&self, perceived_backstop: f64, adapt: f64, in_kind_before: bool) -> f64 {
        let provoked = if in_kind_before {
            1.0 + self.provocation
        } else {
            1.0
        };
        (self.e2_base
            * adapt
            * (1.0 - self.backstop_restraint * perceived_backstop).max(0.0)
            * provoked)
            .clamp(0.0, 1.0)
    }

    /// R1: the month's probabilities of [offensive, strike on the force,
    /// strike on cities, probe]; "nothing" takes the rest. Risk appetite and
    /// adaptation scale all four; (1 − D) scales those aimed at the force and
    /// the offensive; if they sum past 1 they are scaled down together.
    #[inline(always)]
    pub(super) fn r1(&self, m: &Model, p: &RunParams, x: Month) -> [f64; 4] {
        let not_d = 1.0 - x.deterrence;
        let p_off = if x.war {
            0.0
        } else {
            self.offensive(m, p, x.s, x.adapt, not_d)
        };
        let p_sf = if x.target {
            let clash = if x.rung >= 3 { self.clash } else { 1.0 };
            let war = if x.war { self.war_mult } else { 1.0 };
            self.strike_force(x.adapt, not_d, clash, war) + self.w2(m, p, x.kills_before, not_d)
        } else {
            0.0
        };
        let p_sc = if x.war {
            0.0
        } else {
            self.strike_cities(x.adapt)
        };
        let p_pr = self.probe(x.adapt, x.buildup);
        let total = p_off + p_sf + p_sc + p_pr;
        let k = if total > 1.0 { 1.0 / total } else { 1.0 };
        [p_off * k, p_sf * k, p_sc * k, p_pr * k]
    }

    /// R1's offensive propensity s months after the ceasefire (before the
    /// common scaling): q(s) · ρ(s) · weight · adaptation · (1 − D) · U · V.
    #[inline(always)]
    fn offensive(&self, m: &Model, p: &RunParams, s: u32, adapt: f64, not_d: f64) -> f64 {
        m.offensive_q(p, s) * self.base[3] * adapt * not_d * self.ukraine * self.verification
    }

    /// R1's strike-on-the-force propensity without W2's retaliation:
    /// rate · exposure · adaptation · (1 − D) · clash · war multipliers.
    #[inline(always)]
    fn strike_force(&self, adapt: f64, not_d: f64, clash: f64, war: f64) -> f64 {
        self.base[1] * self.exposure * adapt * not_d * clash * war
    }

    /// R1's strike-on-cities propensity under a ceasefire.
    #[inline(always)]
    fn strike_cities(&self, adapt: f64) -> f64 {
        self.base[2] * adapt
    }

    /// R1's probe propensity, raised in R3's build-up.
    #[inline(always)]
    fn probe(&self, adapt: f64, buildup: bool) -> f64 {
        let buildup = if buildup { self.buildup } else { 1.0 };
        self.base[0] * adapt * self.probe_factor * buildup
    }

    /// W2: the strike-on-the-force propensity that last month's kills over
    /// Ukraine draw: max · (1 − e^(−kills/scale)) · g · (1 − D).
    #[inline(always)]
    fn w2(&self, m: &Model, p: &RunParams, kills: u32, not_d: f64) -> f64 {
        if kills == 0 {
            return 0.0;
        }
        self.retaliation_max * m.retaliation_decay(p, kills) * self.g * not_d
    }

    /// R1 in a month without the force (N-months): D = 0 and no one to
    /// strike, the offensive raised by R4's emboldening `emb`; the same
    /// order and scaling as [`Rates::r1`].
    #[inline(always)]
    pub(super) fn r1_no_force(
        &self,
        m: &Model,
        p: &RunParams,
        s: u32,
        adapt: f64,
        buildup: bool,
        emb: f64,
    ) -> [f64; 4] {
        let p_off = self.offensive(m, p, s, adapt, 1.0) * emb;
        let p_sc = self.strike_cities(adapt);
        let p_pr = self.probe(adapt, buildup);
        let total = p_off + p_sc + p_pr;
        let k = if total > 1.0 { 1.0 / total } else { 1.0 };
        [p_off * k, 0.0, p_sc * k, p_pr * k]
    }
}

/// The state at the start of a month that the rest of it reads.
#[derive(Clone, Copy, Debug)]
struct MonthStart {
    rung: u8,
    people: f64,
    people_rounded: u64,
    troops_month: f64,
    units_here: bool,
}

/// What a month's events ask of the rest of the month.
#[derive(Clone, Copy, Debug, Default)]
struct Events {
    /// Highest event level: 1 probe, 2 strike (the ladder is at least there).
    level: u8,
    /// An answer moved the ladder up one rung from where it stood (E1).
    escalated: bool,
    /// A rung the ladder jumps to (3 for a fight, a campaign or a clash).
    jump_to: u8,
    /// The ladder reached rung 4 this month (directly, or by a step).
    wider: bool,
    calls_for_answer: bool,
    /// A strike hit (or was launched at) the force: no will recovery.
    force_struck: bool,
    weapons: u32,
    intercepted: u32,
    kills_over_cities: u32,
    city_leakers: u32,
    harm: u64,
    deaths: u32,
    tier_hit: Option<u8>,
    shots: u32,
    reveal: Option<bool>,
    branch: Option<Branch>,
    escalation: Option<Escalation>,
    aircraft_lost: bool,
}

/// Where a stretch of routine months ended.
#[derive(Clone, Copy, Debug)]
enum Stretch {
    /// Month `m` is not routine (R1 drew an offensive or a strike, or R3's
    /// planned offensive is due): the full step takes it.
    Event(u32),
    /// Go on from month `m` (past the horizon, or after a month in which a
    /// tier left: the next stretch starts from the new state).
    Resume(u32),
    /// The force fell below its viable share after a vote in month `m`.
    Withdrawn(u32),
}

/// Where the force stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Force {
    /// None in this run: the option sends none, or it will never come.
    Absent,
    /// On its way: it arrives at the end of month `arrival`.
    Coming,
    /// In the country (fighting, when `engaged`).
    Present,
    /// Its time in the country is over; it does not come back.
    Gone,
}

/// One trajectory in progress: the per-run constants and the state.
struct Trajectory<'a> {
    m: &'a Model,
    p: &'a RunParams,
    key: RunKey,
    rates: Rates,
    /// D1's per-run terms (two logarithms), computed once.
    d_base: super::DeterrenceBase,
    tiers: Tiers,
    horizon: u32,
    /// The month at whose end the force arrives (`u32::MAX`: never).
    arrival: u32,
    delivered: bool,
    reinvade_month: u32,
    /// P1's tolerances, drawn at the first lethal incident: most runs have
    /// none, and the draw (three normal quantiles and exponentials) is a
    /// pure function of the run's key, so when it is made changes nothing.
    tolerance: Option<[f64; 3]>,
    /// R3's build-up and E1's calm months, whole (converted once).
    buildup_months: u32,
    calm_months: u32,
    /// P1: months between mandate votes (at least 1), and the next mission
    /// month that is a multiple of it (a counter instead of a division).
    vote_period: u32,
    next_vote: u32,
    /// P1e: bit m set when month m (calendar) ends with an election in a
    /// tier, per tier; `any_election` is their union.
    elections: [u128; 3],
    any_election: u128,
    /// The month of the last lethal incident on the force (0: none).
    last_lethal: u32,
    /// How the last tier to leave came to leave (P2's trigger).
    leave_cause: WithdrawalCause,
    /// I1's layers, built at the first strike or war month (many runs see
    /// neither).
    layers: Option<Layers<'a>>,
    /// X1: the units' monthly cost, fixed for the run.
    units_cost: f64,
    // The calendar's state.
    force: Force,
    /// A ceasefire is in force (it came at the end of month `cf_from`).
    in_cf: bool,
    cf_from: u32,
    /// Without a ceasefire in force: the month at whose end the next one
    /// comes (`u32::MAX`: none within reach).
    next_cf: u32,
    /// The last month under a ceasefire in which a strike was launched at
    /// the cities or the force (0: none).
    last_struck: u32,
    /// R4: N-months up to this one are emboldened by a withdrawal.
    emboldened_to: u32,
    /// The force's mission ended by a collapse in the country, and by a
    /// withdrawal.
    collapse_ended: bool,
    withdrawn: bool,
    wider: bool,
    // The force's state.
    present: [bool; 3],
    /// People of the present tiers in the country, their troops over 12
    /// (X1's monthly share of a troop-year) and the people the casualty
    /// rate counts, rounded (people-months: aircrews abroad included):
    /// recomputed only when a tier leaves.
    people: f64,
    troops_month: f64,
    people_rounded: u64,
    will: [f64; 3],
    /// F1: the will each tier recovers toward (1 without strain).
    will_target: [f64; 3],
    share: f64,
    cred: f64,
    revealed: bool,
    adapt: f64,
    rung: u8,
    calm: u32,
    engaged: bool,
    planned_done: bool,
    in_kind_before: bool,
    kills_before: u32,
    deterrence: f64,
    dirty: bool,
    cost: f64,
    rec: Record,
}

pub(super) fn trajectory<O: Observer>(
    m: &Model,
    p: &RunParams,
    key: RunKey,
    obs: &mut O,
) -> Record {
    let k = p.ceasefire_month(key.u01(P_CEASEFIRE, 0));
    let delivered = key.u01(P_BACKSTOP, 0) < p.reliability;
    let t = Trajectory::new(m, p, key, k, delivered);
    obs.start(
        p,
        k,
        (t.force == Force::Coming).then_some(t.arrival),
        delivered,
    );
    t.run(obs)
}

impl<'a> Trajectory<'a> {
    fn new(m: &'a Model, p: &'a RunParams, key: RunKey, k: u32, delivered: bool) -> Self {
        let c = &p.c;
        let tiers = p.tiers();
        let reinvade_month = if p.policy == Policy::Reinvade {
            r3_planned_month(p, key)
        } else {
            u32::MAX
        };
        let present = tiers.present();
        let units_cost = (p.air_defence * c[Coef::CostAirDefenceYear]
            + p.aircraft * c[Coef::CostAircraftYear]
            + p.naval * c[Coef::CostNavalYear])
            / 12.0;
        let people = Tiers::over_present(&tiers.people, &present);
        let people_rounded = exposed(&tiers, &present, people);
        let horizon = m.horizon;
        let elections = if p.announced_force {
            p.election_bits(horizon)
        } else {
            [0; 3]
        };
        // Arrival: after the first ceasefire and the lag, or the lag from
        // the start; the force deploys once.
        let (force, arrival, never) = if !p.announced_force {
            (Force::Absent, u32::MAX, None)
        } else if !present.iter().any(|x| *x) {
            (Force::Absent, u32::MAX, Some(NeverReason::Withheld))
        } else if p.required && k > horizon {
            (Force::Absent, u32::MAX, Some(NeverReason::NoCeasefire))
        } else if p.required {
            (Force::Coming, k.saturating_add(p.lag), None)
        } else {
            (Force::Coming, p.lag, None)
        };
        Trajectory {
            m,
            p,
            key,
            rates: Rates::new(p),
            d_base: p.deterrence_base(),
            tiers,
            horizon,
            arrival,
            delivered,
            reinvade_month,
            tolerance: None,
            buildup_months: c[Coef::BuildupMonths] as u32,
            calm_months: c[Coef::CalmMonths] as u32,
            vote_period: (c[Coef::MandatePeriod] as u32).max(1),
            next_vote: 0,
            elections,
            any_election: elections[0] | elections[1] | elections[2],
            last_lethal: 0,
            leave_cause: WithdrawalCause::WillExhausted,
            layers: None,
            units_cost,
            force,
            in_cf: false,
            cf_from: 0,
            next_cf: k,
            last_struck: 0,
            emboldened_to: 0,
            collapse_ended: false,
            withdrawn: false,
            wider: false,
            present,
            people,
            troops_month: Tiers::over_present(&tiers.troops, &present) / 12.0,
            people_rounded,
            will: [c[Coef::InitialWill]; 3],
            will_target: p.force_generation(&tiers).will_target,
            share: 1.0,
            cred: c[Coef::InitialCredibility],
            revealed: false,
            adapt: 1.0,
            rung: 0,
            calm: 0,
            engaged: false,
            planned_done: p.policy != Policy::Reinvade,
            in_kind_before: false,
            kills_before: 0,
            deterrence: 0.0,
            dirty: true,
            cost: 0.0,
            rec: Record {
                has_force: p.announced_force,
                never,
                troops_announced: (p.announced_troops + p.announced_trainers) as u32,
                ..Record::default()
            },
        }
    }

    /// Months 1..=H in calendar order, each stretch by its own step, then
    /// the classes at the horizon.
    fn run<O: Observer>(mut self, obs: &mut O) -> Record {
        if self.force == Force::Coming && self.arrival == 0 {
            self.arrive(0);
        }
        let mut m = 1;
        while m <= self.horizon && !self.wider {
            m = match self.force {
                Force::Present => self.force_months(m, obs),
                _ if self.in_cf => self.n_months(m, obs),
                _ => self.w0_stretch(m, obs),
            };
        }
        self.finish()
    }

    /// The force arrives at the end of month `m`.
    fn arrive(&mut self, m: u32) {
        let p = self.p;
        self.force = Force::Present;
        self.rec.deployed = true;
        self.rec.arrival = Some(m);
        self.rec.force_months |= months(m, m);
        self.rec.troops_deployed = (p.troops + p.trainers) as u32;
        // Mandate votes count mission months from here.
        self.next_vote = 0;
    }

    /// The force leaves at the end of month `m`.
    fn depart(&mut self, m: u32, how: Leave) {
        self.force = Force::Gone;
        self.rec.mission_end = Some(m);
        if how == Leave::Withdrawn {
            self.withdrawn = true;
            // A lethal incident in this month or the year before it (or a
            // war the force was fighting) triggered it; else the way the
            // last tier left.
            let recent = self.last_lethal > 0 && self.last_lethal + INCIDENT_MEMORY_MONTHS >= m;
            self.rec.withdrawn_by = Some(if recent || self.engaged {
                WithdrawalCause::Incident
            } else {
                self.leave_cause
            });
            let e = self.p.c[Coef::WithdrawalEmboldeningMonths] as u32;
            self.emboldened_to = m.saturating_add(e);
        }
        self.engaged = false;
    }

    /// A ceasefire comes at the end of month `m`.
    fn ceasefire_begins(&mut self, m: u32) {
        self.in_cf = true;
        self.cf_from = m;
        self.next_cf = u32::MAX;
        self.rec.ceasefire_months |= months(m, m);
        if !self.rec.ceasefire {
            self.rec.ceasefire = true;
            self.rec.first_ceasefire = Some(m);
        }
    }

    /// The ceasefire in force collapses in month `m` by `route` (an
    /// offensive); C2r draws the next one. The first ceasefire's collapse
    /// is counted by route, and a force on its way is called off.
    fn collapse(&mut self, m: u32, route: Route) {
        self.in_cf = false;
        self.planned_done = true;
        if self.rec.route.is_none() {
            self.rec.route = Some(route);
            self.rec.first_collapse = Some(m);
        }
        if route.with_force() {
            self.collapse_ended = true;
        }
        // A force that waits for this ceasefire is called off.
        if self.force == Force::Coming && self.p.required {
            self.force = Force::Absent;
            self.rec.never = Some(NeverReason::CollapseBeforeArrival);
        }
        let n = self.p.renewed_ceasefire_after(self.key.u01(P_RENEWED, m));
        self.next_cf = m.saturating_add(n);
    }

    /// The classes at the horizon and the figures kept at the end.
    fn finish(mut self) -> Record {
        let (p, h) = (self.p, self.horizon);
        self.rec.peace = if self.wider {
            Peace::WiderWar
        } else if !self.in_cf {
            Peace::War
        } else if self.last_struck > self.cf_from && self.last_struck + 6 > h {
            Peace::CeasefireContested
        } else {
            Peace::CeasefireQuiet
        };
        if self.force == Force::Coming {
            self.rec.never = Some(NeverReason::TooLate);
        }
        self.rec.mission = if !self.rec.deployed {
            Mission::NeverDeployed
        } else if self.wider {
            Mission::EndedByWiderWar
        } else if self.collapse_ended {
            Mission::EndedByCollapse
        } else if self.withdrawn {
            if self.rec.deaths > 0 {
                Mission::WithdrawnAfterDeaths
            } else {
                Mission::WithdrawnNoDeaths
            }
        } else {
            Mission::InPlace
        };
        // A withdrawal from a war the force fought ends a mission already
        // ended by the collapse: only the withdrawn classes have a trigger.
        if !matches!(
            self.rec.mission,
            Mission::WithdrawnNoDeaths | Mission::WithdrawnAfterDeaths
        ) {
            self.rec.withdrawn_by = None;
        }
        self.rec.policy_cost_eur_m = crate::math::round(p.policy_cost_eur_m()) as u64;
        if self.rec.deployed {
            self.rec.credibility_milli =
                crate::math::round(self.cred.clamp(0.0, 1.0) * 1000.0) as u32;
            self.rec.cost_eur_m = crate::math::round(self.cost) as u64;
            let committed = p.force_generation(&self.tiers).committed;
            self.rec.personnel = crate::math::round(committed.iter().sum()) as u64;
        }
        self.rec
    }

    /// W0: a stretch of war months without the force from month `f`, its
    /// civilian harm in one draw; it ends at the month whose end brings a
    /// ceasefire or the force, or at the horizon. The next month to run.
    fn w0_stretch<O: Observer>(&mut self, f: u32, obs: &mut O) -> u32 {
        let mut l = self.horizon.min(self.next_cf);
        if self.force == Force::Coming {
            l = l.min(self.arrival);
        }
        let n = l - f + 1;
        let harm = self.w0_harm(n, self.key.u01(P_WAR_HARM, f));
        self.rec.civilian_harm += harm;
        let came = l == self.next_cf;
        if came {
            self.ceasefire_begins(l);
        }
        let arrived = self.force == Force::Coming && l == self.arrival;
        if arrived {
            self.arrive(l);
        }
        if O::WANTS_MONTHS {
            obs.month(&MonthLog {
                until: l,
                harm,
                ceasefire_came: came,
                arrived,
                rung: self.rung,
                ..MonthLog::quiet(f, Phase::NoForceWar, self.cred, self.will, [false; 3])
            });
        }
        l + 1
    }

    /// W0's harm over n war months without the force: the sum of n
    /// independent months of war volumes met by Ukraine's layer alone, by
    /// its mean and variance (docs/model.md, W0).
    fn w0_harm(&self, n: u32, u: f64) -> u64 {
        let (mu, var) = self.p.w0_moments();
        let n = f64::from(n);
        let x = n * mu + (n * var).sqrt() * crate::math::norm_inv(u);
        crate::math::round(x.max(0.0)) as u64
    }

    /// N-months from month `f`: a ceasefire in force and no force in the
    /// country. Runs until the ceasefire collapses, the force arrives, or
    /// the horizon. The next month to run.
    fn n_months<O: Observer>(&mut self, f: u32, obs: &mut O) -> u32 {
        let (m, p) = (self.m, self.p);
        let mut abs = f;
        while abs <= self.horizon {
            let s = abs - self.cf_from;
            let emb = if abs <= self.emboldened_to {
                1.0 + p.c[Coef::WithdrawalEmboldening]
            } else {
                1.0
            };
            let mut ev = Events::default();
            let mut action = match self.r3_planned(abs, s, 0.0) {
                Some(true) => Action::Offensive,
                _ => Action::None,
            };
            if action == Action::None {
                let buildup = self.buildup(s, false);
                let [p_off, _, p_sc, p_pr] =
                    self.rates.r1_no_force(m, p, s, self.adapt, buildup, emb);
                let u = self.key.u01(P_ACTION, abs);
                action = if u < p_off {
                    Action::Offensive
                } else if u < p_off + p_sc {
                    Action::StrikeCities
                } else if u < p_off + p_sc + p_pr {
                    Action::Probe
                } else {
                    Action::None
                };
            }
            let collapse = action == Action::Offensive;
            if collapse {
                let route = if self.force == Force::Coming {
                    Route::BeforeArrival
                } else {
                    Route::NoForce
                };
                self.collapse(abs, route);
            } else {
                if action == Action::StrikeCities {
                    self.n_city_strike(abs, &mut ev);
                }
                self.rec.ceasefire_months |= months(abs, abs);
            }
            // A force that does not wait for this ceasefire arrives as
            // planned even in the month it collapses (one that waits was
            // called off by the collapse).
            let arrived = self.force == Force::Coming && abs == self.arrival;
            if arrived {
                self.arrive(abs);
            }
            if O::WANTS_MONTHS {
                obs.month(&MonthLog {
                    action,
                    weapons: ev.weapons,
                    intercepted: ev.intercepted,
                    city_leakers: ev.city_leakers,
                    harm: ev.harm,
                    collapse,
                    arrived,
                    rung: self.rung,
                    ..MonthLog::quiet(
                        abs,
                        Phase::NoForceCeasefire,
                        self.cred,
                        self.will,
                        [false; 3],
                    )
                });
            }
            abs += 1;
            if collapse || arrived {
                break;
            }
        }
        abs
    }

    /// A strike on cities in an N-month: the salvo meets Ukraine's layer
    /// alone (the force's layers engage nothing).
    fn n_city_strike(&mut self, abs: u32, ev: &mut Events) {
        // Weapons and interceptions are figures of the force's months; the
        // harm is the run's. With no units present the force's layers have
        // no capacity, so no interceptor shot is costed.
        let (launched, r) = self.city_salvo(abs, 0);
        self.cities_hit(launched, r, ev);
    }

    /// A salvo on the cities (I1's volumes) met by the layers over them
    /// with `units` present: the weapons launched and what got through.
    fn city_salvo(&mut self, abs: u32, units: usize) -> (u32, Intercepted) {
        let c = &self.p.c;
        self.last_struck = abs;
        let (nd, nm) = salvo(
            c[Coef::CitySalvoDrones],
            c[Coef::CitySalvoMissiles],
            self.key.u01(P_CITY_SALVO, abs),
        );
        let mut st = self.key.monthly(P_CITY_INTERCEPT, abs);
        let r = intercept(nd, nm, self.layers().over_cities(units), &mut st);
        (nd + nm, r)
    }

    /// Months with the force in the country from month `f`, until it leaves
    /// or the horizon. The next month to run.
    fn force_months<O: Observer>(&mut self, f: u32, obs: &mut O) -> u32 {
        let mut m = f;
        while m <= self.horizon && self.force == Force::Present && !self.wider {
            // A stretch of routine ceasefire months runs in its own loop,
            // which hands back the month where it stopped.
            if !O::WANTS_MONTHS && self.in_cf && self.routine_eligible() {
                match self.routine_months(m) {
                    Stretch::Withdrawn(at) => {
                        self.depart(at, Leave::Withdrawn);
                        return at + 1;
                    }
                    Stretch::Resume(next) => {
                        m = next;
                        continue;
                    }
                    Stretch::Event(next) => m = next,
                }
                if m > self.horizon {
                    break;
                }
            }
            self.month(m, obs);
            m += 1;
        }
        m
    }

    /// Whether the month about to start can be a routine one (see
    /// [`Trajectory::routine_months`]): no war the force fights, someone in
    /// the country, the ladder below rung 2 and a ceasefire in force.
    #[inline(always)]
    fn routine_eligible(&self) -> bool {
        !self.engaged && self.people > 0.0 && self.rung < 2
    }

    /// Routine ceasefire months from month `m` on, in which R1 draws
    /// nothing or a probe, in a tight loop: the same draws and arithmetic as
    /// `month` takes for such a month (R1's draw, E1's rung and calm count,
    /// P1's recovery and votes, X1's peace-time cost), without the events'
    /// machinery, and with what cannot change in such a month computed
    /// once. Stops before the first month that is not routine (R1 draws an
    /// offensive or a strike, R3's planned offensive is due) and hands it
    /// to `month`, which draws it again from the same keyed stream; stops
    /// after a month in which a tier left, so the next stretch starts from
    /// the new state. Only for runs without an observer: a story goes month
    /// by month through `month`, and `narrate`'s tests compare the two
    /// paths.
    fn routine_months(&mut self, mut abs: u32) -> Stretch {
        self.d1_deterrence();
        let (m, p, c) = (self.m, self.p, &self.p.c);
        let r = self.rates;
        let (adapt, not_d) = (self.adapt, 1.0 - self.deterrence);
        // R1's terms as `Rates::r1` forms them (so the sums are bit for bit
        // the same) with no war, rung < 3 and someone to strike; only the
        // relapse hazard and the build-up vary.
        let sf = r.strike_force(adapt, not_d, 1.0, 1.0);
        let p_sc = r.strike_cities(adapt);
        let p_pr = [r.probe(adapt, false), r.probe(adapt, true)];
        // X1 at peace-time rates with no interceptors fired.
        let month_cost = self.x1_month_cost(false, self.troops_month, self.units_present() == 1, 0);
        let (recovery, viable) = (c[Coef::WillRecovery], c[Coef::ViableShare]);
        // Who is here at the start of the month counts its people-months
        // (a tier that leaves at a vote still counts in that month).
        let people_rounded = self.people_rounded;
        // The state the loop changes, kept in locals (written back at the
        // end; the vote reads `will` and is written it first).
        let mut will = self.will;
        debug_assert!((0..3).all(|i| !self.present[i] || will[i] > 0.0));
        // E1 over the stretch is settled at its end from the last probe
        // (months start at 1; 0 is none): the ladder's state then depends
        // on no month's draw while the loop runs.
        let mut last_probe = 0;
        let (mut cost, mut people_months) = (self.cost, self.rec.people_months);
        let (mut probes, mut peak) = (self.rec.probes, self.rec.peak_rung);
        let (mut kills_before, mut next_vote) = (self.kills_before, self.next_vote);
        let (start, cf_from, arrival) = (abs, self.cf_from, self.arrival);
        let mut next = Stretch::Resume(abs);
        while abs <= m.horizon {
            let s = abs - cf_from;
            if self.r3_due(s) {
                next = Stretch::Event(abs);
                break;
            }
            let p_off = r.offensive(m, p, s, adapt, not_d);
            let p_sf = sf + r.w2(m, p, kills_before, not_d);
            let before_probe = p_off + p_sf + p_sc;
            let total = before_probe + p_pr[usize::from(self.buildup(s, false))];
            // With the probabilities summing to 1 or less (unscaled), R1's
            // thresholds are these partial sums: below `before_probe` an
            // offensive or a strike (the full step), then a probe up to
            // `total`, then nothing.
            if total > 1.0 {
                next = Stretch::Event(abs);
                break;
            }
            let u = self.key.u01(P_ACTION, abs);
            if u < before_probe {
                next = Stretch::Event(abs);
                break;
            }
            kills_before = 0;
            // A probe or a quiet month: a coin the branch predictor cannot
            // learn, so the month is recorded without a branch, and E1's
            // ladder is settled from the last probe when the stretch ends
            // (a ladder updated here would make every month wait for the
            // previous month's draw).
            let probe = u < total;
            probes += u32::from(probe);
            last_probe = std::hint::select_unpredictable(probe, abs, last_probe);
            // P1: recovery, then a vote when one is due. Without a vote
            // only will at 0 or less makes a tier leave, and no tier here
            // has it: each began the stretch above 0 (the month before
            // would have sent it home), and recovery, at most 0.2 of the
            // gap to 1, keeps it there.
            p1_recover(&mut will, recovery, &self.will_target);
            let t = abs - arrival;
            next_vote = p1_next_vote(next_vote, t, self.vote_period);
            let vote = next_vote == t;
            let elect = (self.any_election >> abs.min(127)) & 1 == 1;
            let left = if vote || elect {
                self.will = will;
                let voted = self.p1_vote_or_leave(abs, vote);
                self.p1_election(abs) | voted
            } else {
                false
            };
            cost += month_cost;
            people_months += people_rounded;
            if left {
                next = if self.share < viable {
                    Stretch::Withdrawn(abs)
                } else {
                    Stretch::Resume(abs + 1)
                };
                break;
            }
            abs += 1;
            next = Stretch::Resume(abs);
        }
        // The months done, start..=last, each ended with the ceasefire in
        // force and the force there, but a withdrawal's month.
        let (last, withdrew) = match next {
            Stretch::Event(n) | Stretch::Resume(n) => (n - 1, false),
            Stretch::Withdrawn(n) => (n, true),
        };
        if last >= start {
            // E1: a probe leaves the ladder at rung 1 with no calm months;
            // the quiet months after it (or after the stretch's start)
            // count on from there.
            let (rung, calm, from) = if last_probe > 0 {
                peak = peak.max(1);
                (1, 0, last_probe)
            } else {
                (self.rung, self.calm, start - 1)
            };
            (self.rung, self.calm) = e1_quiet(rung, calm, last - from, self.calm_months);
            self.rec.ceasefire_months |= months(start, last);
            self.rec.force_months |= if withdrew {
                months(start, last - 1)
            } else {
                months(start, last)
            };
            self.in_kind_before = false;
        }
        self.will = will;
        self.cost = cost;
        self.rec.people_months = people_months;
        self.rec.probes = probes;
        self.rec.peak_rung = peak;
        self.kills_before = kills_before;
        self.next_vote = next_vote;
        next
    }

    /// One month with the force in the country, mechanism by mechanism in
    /// the order of `docs/model.md`.
    fn month<O: Observer>(&mut self, abs: u32, obs: &mut O) {
        let t = abs - self.arrival;
        let war = !self.in_cf;
        let s = if war { 0 } else { abs - self.cf_from };
        let start = MonthStart {
            rung: self.rung,
            people: self.people,
            people_rounded: self.people_rounded,
            troops_month: self.troops_month,
            units_here: self.units_present() == 1,
        };
        self.d1_deterrence();
        let MonthStart {
            rung: rung_start,
            people,
            ..
        } = start;
        let mut ev = Events::default();
        let mut action = Action::None;
        let mut answered = None;
        let mut in_kind = false;

        if self.engaged {
            self.g1_engaged_war(abs, people, &mut ev);
            self.w1_war_volumes(abs, &mut ev);
        } else {
            action = self.r1_action(abs, s, war, people > 0.0);
            match action {
                Action::Offensive => self.o1_offensive(t, abs, people, &mut ev),
                Action::StrikeForce => self.strike_force(t, abs, &R1_STRIKE, 1.0, &mut ev),
                Action::StrikeCities => self.i1_city_strike(abs, &mut ev),
                Action::Probe => {
                    self.rec.probes += 1;
                    ev.level = ev.level.max(1);
                }
                Action::None => {}
            }
            if war {
                self.w1_war_volumes(abs, &mut ev);
                self.w3_aircraft_loss(t, abs, &mut ev);
            }
            // Someone in the country, or aircraft over it from abroad.
            let operating =
                people > 0.0 || self.p.air_bases_abroad_share(self.units_present() == 1) > 0.0;
            if ev.branch != Some(Branch::StoodAside) {
                if !self.engaged && rung_start >= 2 && operating {
                    self.e2_escalation(t, abs, war, people, &mut ev);
                }
                if ev.calls_for_answer && !self.engaged && operating {
                    (answered, in_kind) = self.a1_response(abs, rung_start, &mut ev);
                }
            }
        }
        self.finish_month(t, abs, war, start, action, ev, answered, in_kind, obs);
    }

    /// The rest of a force month after its events: E1's ladder, P1's will
    /// and votes, X1's cost, then what the month's end brings (a wider war,
    /// the force's departure, a ceasefire), the month's bits and the
    /// observer's log.
    #[inline(always)]
    fn finish_month<O: Observer>(
        &mut self,
        t: u32,
        abs: u32,
        war: bool,
        start: MonthStart,
        action: Action,
        ev: Events,
        answered: Option<bool>,
        in_kind: bool,
        obs: &mut O,
    ) {
        let c = &self.p.c;
        let MonthStart {
            rung: rung_start,
            people,
            people_rounded,
            troops_month,
            units_here,
        } = start;
        let engaged = self.engaged;
        self.kills_before = ev.kills_over_cities;
        self.in_kind_before = in_kind;
        self.rec.weapons_launched += ev.weapons as u64;
        self.rec.weapons_intercepted += ev.intercepted as u64;
        self.e1_ladder(rung_start, &ev, answered.is_some());
        if people > 0.0 {
            self.p1_will(t, abs, &ev);
        }
        self.x1_cost(war, troops_month, units_here, &ev);
        self.rec.people_months += people_rounded;

        // The month's end, in order of precedence: a wider war ends the
        // history; the force may leave; the war may end in a ceasefire
        // (whatever the force does), and a force that fought it goes home.
        let mut left = None;
        let mut came = false;
        if ev.wider || self.rung >= 4 {
            self.wider = true;
            self.rec.wider_month = Some(abs);
            self.in_cf = false;
            left = Some(Leave::WiderWar);
        } else {
            if ev.branch == Some(Branch::StoodAside) {
                left = Some(Leave::StoodAside);
            } else if self.share < c[Coef::ViableShare] {
                left = Some(Leave::Withdrawn);
            }
            if !self.in_cf && self.next_cf == abs {
                self.ceasefire_begins(abs);
                came = true;
                if engaged && left.is_none() {
                    left = Some(Leave::WarEnded);
                }
            } else if self.in_cf {
                self.rec.ceasefire_months |= months(abs, abs);
            }
        }
        match left {
            Some(how) => self.depart(abs, how),
            None => self.rec.force_months |= months(abs, abs),
        }
        if O::WANTS_MONTHS {
            obs.month(&MonthLog {
                mission_month: t,
                phase: if engaged {
                    Phase::Engaged
                } else if war {
                    Phase::War
                } else {
                    Phase::Ceasefire
                },
                action,
                branch: ev.branch,
                escalation: ev.escalation,
                aircraft_lost: ev.aircraft_lost,
                weapons: ev.weapons,
                intercepted: ev.intercepted,
                kills_over_cities: ev.kills_over_cities,
                city_leakers: ev.city_leakers,
                harm: ev.harm,
                deaths: ev.deaths,
                tier_hit: ev.tier_hit,
                answered,
                in_kind,
                backstop_revealed: ev.reveal,
                rung: self.rung,
                deterrence: self.deterrence,
                credibility: self.cred,
                collapse: ev.branch.is_some(),
                ceasefire_came: came,
                left,
                wider: self.wider,
                ..MonthLog::quiet(abs, Phase::War, self.cred, self.will, self.present)
            });
        }
    }

    /// R3: in the month the planned offensive comes due (s = M, reinvade
    /// only), whether it is launched: with probability min(1, (1 − D)·U).
    /// `None` in every other month.
    fn r3_planned(&mut self, abs: u32, s: u32, deterrence: f64) -> Option<bool> {
        if self.planned_done || s < self.reinvade_month {
            return None;
        }
        self.planned_done = true;
        let launch = ((1.0 - deterrence) * self.rates.ukraine).min(1.0);
        Some(self.key.u01(P_REINVADE_LAUNCH, abs) < launch)
    }

    /// P1: each tier's tolerance of losses in one incident, lognormal
    /// around its median, one normal quantile per tier in tier order.
    #[inline]
    fn tolerance(&mut self) -> [f64; 3] {
        let (c, key) = (&self.p.c, self.key);
        *self.tolerance.get_or_insert_with(|| {
            let mut ts = key.stream(P_TOLERANCE);
            let medians = [
                c[Coef::ToleranceLead],
                c[Coef::ToleranceGround],
                c[Coef::ToleranceEnablers],
            ];
            medians.map(|med| {
                med * (c[Coef::ToleranceSigma] * crate::math::norm_inv(ts.next_f64())).exp()
            })
        })
    }

    /// I1's layers (built on first use).
    #[inline]
    fn layers(&mut self) -> &mut Layers<'a> {
        let (p, delivered, tables) = (self.p, self.delivered, &self.m.kill);
        self.layers
            .get_or_insert_with(|| Layers::new(p, delivered, tables))
    }

    fn units_present(&self) -> usize {
        usize::from(self.present[self.tiers.holder])
    }

    fn shown(&self) -> bool {
        self.revealed && self.delivered
    }

    /// D1: perceived deterrence from the state at the end of last month
    /// (0 when nothing was deployed).
    #[inline(always)]
    fn d1_deterrence(&mut self) {
        if self.dirty && self.rec.deployed {
            let b = self.p.perceived_backstop(self.revealed, self.delivered);
            self.deterrence = self.d_base.value(self.share, self.cred, b);
            self.dirty = false;
        }
    }

    /// R1 (with R3's planned offensive): Russia's one action of the month.
    #[inline(always)]
    fn r1_action(&mut self, abs: u32, s: u32, war: bool, target: bool) -> Action {
        let buildup = self.buildup(s, war);
        if !war && self.r3_planned(abs, s, self.deterrence) == Some(true) {
            return Action::Offensive;
        }
        self.r1_draw(abs, s, war, target, buildup)
    }

    /// R3: the planned offensive comes due this month (s months after the
    /// ceasefire).
    #[inline(always)]
    fn r3_due(&self, s: u32) -> bool {
        !self.planned_done && s >= self.reinvade_month
    }

    /// R3: inside reinvade's build-up window (before the planned month's R3).
    #[inline(always)]
    fn buildup(&self, s: u32, war: bool) -> bool {
        !self.planned_done
            && !war
            && s < self.reinvade_month
            && s + self.buildup_months >= self.reinvade_month
    }

    /// R1's draw among its actions (R3's planned offensive aside).
    #[inline(always)]
    fn r1_draw(&self, abs: u32, s: u32, war: bool, target: bool, buildup: bool) -> Action {
        let [p_off, p_sf, p_sc, p_pr] = self.rates.r1(
            self.m,
            self.p,
            Month {
                s,
                war,
                deterrence: self.deterrence,
                adapt: self.adapt,
                rung: self.rung,
                buildup,
                target,
                kills_before: self.kills_before,
            },
        );
        let u = self.key.u01(P_ACTION, abs);
        if u < p_off {
            Action::Offensive
        } else if u < p_off + p_sf {
            Action::StrikeForce
        } else if u < p_off + p_sf + p_sc {
            Action::StrikeCities
        } else if u < p_off + p_sf + p_sc + p_pr {
            Action::Probe
        } else {
            Action::None
        }
    }

    /// B1: the first attack on the force reveals whether the backstop
    /// delivers; a failed backstop costs credibility.
    fn b1_reveal(&mut self, ev: &mut Events) {
        if !self.revealed {
            self.revealed = true;
            ev.reveal = Some(self.delivered);
            if !self.delivered {
                self.cred *= 1.0 - self.p.c[Coef::BackstopFailureLoss];
            }
            self.dirty = true;
        }
    }

    fn first_attack(&mut self, t: u32) {
        if self.rec.first_attack.is_none() {
            self.rec.first_attack = Some(t);
        }
    }

    /// A strike on the force's bases: B1 reveal, I1 interception, I2 deaths
    /// and P1's incident shock.
    fn strike_force(&mut self, t: u32, abs: u32, keys: &StrikeKeys, mult: f64, ev: &mut Events) {
        let c = &self.p.c;
        // E1 reads what got through: a strike launched at the force is a
        // grey-zone event (rung 1) until a weapon hits it (rung 2, below).
        ev.level = ev.level.max(1);
        ev.calls_for_answer = true;
        ev.force_struck = true;
        if self.in_cf {
            self.last_struck = abs;
        }
        self.first_attack(t);
        self.b1_reveal(ev);
        let (nd, nm) = salvo(
            c[Coef::SalvoDrones] * mult,
            c[Coef::SalvoMissiles] * mult,
            self.key.u01(keys.salvo, abs),
        );
        let mut st = self.key.monthly(keys.intercept, abs);
        let units = self.units_present();
        let r = intercept(nd, nm, self.layers().over_force(units), &mut st);
        ev.weapons += nd + nm;
        ev.intercepted += r.stopped;
        ev.shots += r.costed_shots;
        if r.drones_left + r.missiles_left > 0 {
            ev.level = 2;
        }
        let mean = r.drones_left as f64 * c[Coef::DeathsPerDrone]
            + r.missiles_left as f64 * c[Coef::DeathsPerMissile];
        let deaths = self.i2_deaths(
            mean,
            c[Coef::CasualtyDispersion],
            self.key.u01(keys.casualties, abs),
        );
        if deaths > 0 {
            let hit = self.tier_struck(self.key.u01(keys.tier, abs));
            self.p1_incident(abs, deaths, hit, ev);
        }
    }

    /// The present tier whose sites a strike falls on: drawn by each
    /// tier's share of the people present, in tier order.
    fn tier_struck(&self, u: f64) -> usize {
        let x = u * self.people;
        let mut acc = 0.0;
        let mut hit = self.tiers.holder;
        for i in 0..3 {
            if self.present[i] && self.tiers.people[i] > 0.0 {
                acc += self.tiers.people[i];
                hit = i;
                if x < acc {
                    break;
                }
            }
        }
        hit
    }

    /// I2: deaths ~ negative binomial(mean, size), capped at the people in
    /// the country.
    fn i2_deaths(&self, mean: f64, size: f64, u: f64) -> u32 {
        let cap = self.people.min(u32::MAX as f64) as u32;
        neg_binomial(mean, size, u, cap)
    }

    /// P1: a lethal incident on tier `hit`'s sites. Every present tier
    /// loses shock·(deaths/tolerance)^convexity of will, and the tier struck
    /// leaves if the deaths reach its tolerance.
    fn p1_incident(&mut self, abs: u32, deaths: u32, hit: usize, ev: &mut Events) {
        let c = &self.p.c;
        self.last_lethal = abs;
        self.rec.lethal_incidents += 1;
        self.rec.deaths += deaths;
        ev.deaths += deaths;
        ev.tier_hit = Some(hit as u8);
        let d = deaths as f64;
        let tolerance = self.tolerance();
        for i in 0..3 {
            if self.present[i] {
                self.will[i] -=
                    c[Coef::WillShock] * (d / tolerance[i]).powf(c[Coef::WillConvexity]);
            }
        }
        if d >= tolerance[hit] {
            self.leave(hit);
            self.leave_cause = WithdrawalCause::Incident;
        }
    }

    fn leave(&mut self, tier: usize) {
        if self.present[tier] {
            self.present[tier] = false;
            self.share = Tiers::over_present(&self.tiers.power, &self.present);
            self.people = Tiers::over_present(&self.tiers.people, &self.present);
            self.troops_month = Tiers::over_present(&self.tiers.troops, &self.present) / 12.0;
            self.people_rounded = exposed(&self.tiers, &self.present, self.people);
            self.dirty = true;
        }
    }

    /// I1 over cities in a ceasefire month (R1's strike on cities).
    fn i1_city_strike(&mut self, abs: u32, ev: &mut Events) {
        let units = self.units_present();
        let (launched, r) = self.city_salvo(abs, units);
        // E1 reads what got through: a salvo the layers stop entirely is a
        // grey-zone event; one that hits the cities a force mandated to
        // protect them must answer sets rung 2 and calls for the answer.
        let through = r.drones_left + r.missiles_left > 0;
        let protects = self.p.posture >= Posture::ProtectMandate && through;
        ev.level = ev.level.max(if protects { 2 } else { 1 });
        ev.calls_for_answer |= protects;
        self.cities_hit(launched, r, ev);
    }

    fn cities_hit(&mut self, launched: u32, r: Intercepted, ev: &mut Events) {
        let c = &self.p.c;
        ev.weapons += launched;
        ev.intercepted += r.stopped;
        ev.shots += r.costed_shots;
        ev.kills_over_cities += r.costed_kills;
        ev.city_leakers += r.drones_left + r.missiles_left;
        let harm = crate::math::round(
            r.drones_left as f64 * c[Coef::HarmPerDrone]
                + r.missiles_left as f64 * c[Coef::HarmPerMissile],
        ) as u64;
        ev.harm += harm;
        self.rec.civilian_harm += harm;
    }

    /// W1: a war month's volumes on Ukraine's cities, min + u·(max − min)
    /// drones and missiles with one uniform, met by the layers with their
    /// capacity × strikes per month. Not an event of the ladder.
    fn w1_war_volumes(&mut self, abs: u32, ev: &mut Events) {
        let c = &self.p.c;
        let u = self.key.u01(P_WAR_VOLUME, abs);
        let lerp = |lo: Coef, hi: Coef| crate::math::round(c[lo] + u * (c[hi] - c[lo])) as u32;
        let nd = lerp(Coef::WarDronesMin, Coef::WarDronesMax);
        let nm = lerp(Coef::WarMissilesMin, Coef::WarMissilesMax);
        let mut st = self.key.monthly(P_WAR_INTERCEPT, abs);
        let units = self.units_present();
        let r = intercept(nd, nm, self.layers().at_war(units), &mut st);
        self.cities_hit(nd + nm, r, ev);
    }

    /// W3: in a war month a coalition aircraft may be lost to Russian fire:
    /// an attack on the force, a death with some chance, and a route to rung 3.
    fn w3_aircraft_loss(&mut self, t: u32, abs: u32, ev: &mut Events) {
        let c = &self.p.c;
        if self.units_present() == 0 || self.p.aircraft <= 0.0 {
            return;
        }
        let mut st = self.key.monthly(P_AIRCRAFT, abs);
        let hazard = c[Coef::AircraftLossRate] * self.p.aircraft * self.rates.exposure;
        if st.next_f64() >= -(-hazard).exp_m1() {
            return;
        }
        ev.aircraft_lost = true;
        ev.level = 2;
        ev.calls_for_answer = true;
        ev.force_struck = true;
        self.first_attack(t);
        self.b1_reveal(ev);
        if st.next_f64() < c[Coef::AircraftLossClash] {
            ev.jump_to = ev.jump_to.max(3);
        }
        if st.next_f64() < c[Coef::AircraftCrewKilled] {
            // The crew belongs to the tier that holds the aircraft.
            self.p1_incident(abs, 1, self.tiers.holder, ev);
        }
    }

    /// E2: at rung 2 or above Russia may escalate on its own: a campaign
    /// against the force, strikes on air-defence sites and air bases, or
    /// strikes on hubs outside Ukraine. Each jumps the ladder to rung 3; a
    /// strike on hubs may become a wider war.
    fn e2_escalation(&mut self, t: u32, abs: u32, war: bool, people: f64, ev: &mut Events) {
        let c = &self.p.c;
        let b = self.p.perceived_backstop(self.revealed, self.delivered);
        let rate = self.rates.e2(b, self.adapt, self.in_kind_before);
        let mut st = self.key.monthly(P_E2, abs);
        if st.next_f64() >= rate {
            return;
        }
        self.rec.escalations += 1;
        let v = st.next_f64();
        let mut kind = if v < c[Coef::EscShareCampaign] {
            Escalation::Campaign
        } else if v < c[Coef::EscShareCampaign] + c[Coef::EscShareAirDefence] {
            Escalation::AirDefenceSites
        } else {
            Escalation::Hubs
        };
        // Aircraft based abroad: the share of the site strikes aimed at
        // their bases lands on NATO soil (u_3; the wider war then u_4);
        // with no one in the country, every strike aimed at the force does.
        if kind != Escalation::Hubs && people <= 0.0 {
            kind = Escalation::AirBasesAbroad;
        } else if kind == Escalation::AirDefenceSites {
            let abroad = self.p.air_bases_abroad_share(self.units_present() == 1);
            if abroad > 0.0 && st.next_f64() < abroad {
                kind = Escalation::AirBasesAbroad;
            }
        }
        ev.escalation = Some(kind);
        ev.jump_to = ev.jump_to.max(3);
        match kind {
            Escalation::Campaign => self.strike_force(t, abs, &E2_STRIKE, 1.0, ev),
            Escalation::AirDefenceSites => {
                self.strike_force(t, abs, &E2_STRIKE, c[Coef::EscSiteSalvoMult], ev)
            }
            Escalation::Hubs | Escalation::AirBasesAbroad => {
                ev.level = 2;
                ev.calls_for_answer = true;
                if !war {
                    self.last_struck = abs;
                }
                if st.next_f64() < self.p.hub_wider_war_prob(self.shown()) {
                    ev.wider = true;
                }
            }
        }
    }

    /// A1 (with K1, R2 and E1's answer step): the force answers or not. One
    /// decision a month, however many events called for it.
    fn a1_response(&mut self, abs: u32, rung_start: u8, ev: &mut Events) -> (Option<bool>, bool) {
        let c = &self.p.c;
        let shown = self.shown();
        let mut rs = self.key.monthly(P_RESPONSE, abs);
        let ans = rs.next_f64() < self.p.answer_prob(shown);
        let adaptive = self.p.policy == Policy::TestResolve
            || (self.p.policy == Policy::Reinvade && self.planned_done);
        let cap = c[Coef::ResolveCap];
        let mut in_kind = false;
        if ans {
            self.rec.answered += 1;
            in_kind = rs.next_f64() < self.p.in_kind_share();
            self.cred += c[Coef::CredibilityGain] * (1.0 - self.cred);
            if adaptive {
                self.adapt = (self.adapt * (1.0 - c[Coef::ResolveAnsweredCut])).max(1.0 / cap);
            }
            let up = self.p.escalation_prob(in_kind, shown, rung_start);
            // E1: an answer may step the ladder up one rung.
            ev.escalated = self.key.u01(P_ESCALATION, abs) < up;
        } else {
            self.rec.unanswered += 1;
            self.cred -= c[Coef::CredibilityLoss] * self.cred;
            if adaptive {
                self.adapt = (self.adapt * (1.0 + c[Coef::ResolveUnansweredGain])).min(cap);
            }
            for w in &mut self.will {
                *w -= c[Coef::WillErosion];
            }
        }
        self.dirty = true;
        (Some(ans), in_kind)
    }

    /// O1: an offensive while the force is in the country. It fights with
    /// probability f, defends where it stands with probability d (and then
    /// fights if the offensive reaches it), and stands aside otherwise.
    /// Either way the ceasefire collapses (C2r draws the next one).
    fn o1_offensive(&mut self, t: u32, abs: u32, people: f64, ev: &mut Events) {
        let c = &self.p.c;
        let (f, d) = self.p.o1_branch();
        let mut st = self.key.monthly(P_OFFENSIVE, abs);
        let u = st.next_f64();
        let reach = st.next_f64() < self.p.zone_coefs().reach;
        if u < f || (u < f + d && reach) {
            ev.branch = Some(Branch::Fought);
            self.rec.fought = true;
            self.engaged = true;
            self.first_attack(t);
            self.b1_reveal(ev);
            ev.jump_to = 3;
            self.collapse(abs, Route::Fought);
            self.g1_engaged_war(abs, people, ev);
        } else {
            ev.branch = Some(Branch::StoodAside);
            self.collapse(abs, Route::StoodAside);
            let mean = c[Coef::StandAsideLoss] * people / 1000.0 * self.rates.exposure;
            let deaths = self.i2_deaths(
                mean,
                c[Coef::CasualtyDispersion],
                self.key.u01(P_FIRST_DAYS, abs),
            );
            if deaths > 0 {
                self.rec.lethal_incidents += 1;
                self.rec.deaths += deaths;
                ev.deaths += deaths;
            }
            // The force leaves at the month's end: the blow to credibility
            // is what the record keeps (final_credibility); will no longer
            // decides anything.
            self.cred *= 1.0 - c[Coef::StandAsideCredibility];
        }
    }

    /// G1: a month of war with the force engaged: combat deaths, will lost
    /// in proportion to them, and a chance of a wider war.
    fn g1_engaged_war(&mut self, abs: u32, people: f64, ev: &mut Events) {
        let c = &self.p.c;
        ev.force_struck = true;
        let mean = c[Coef::CombatDeaths] * people / 1000.0 * self.rates.exposure;
        let deaths = self.i2_deaths(mean, c[Coef::CombatDispersion], self.key.u01(P_COMBAT, abs));
        if deaths > 0 {
            self.rec.deaths += deaths;
            ev.deaths += deaths;
            let d = deaths as f64;
            let tolerance = self.tolerance();
            for i in 0..3 {
                if self.present[i] {
                    self.will[i] -= c[Coef::WarWillShock] * d / tolerance[i];
                }
            }
        }
        if self.key.u01(P_COMBAT_WIDER, abs) < self.p.engaged_wider_war_prob(self.shown()) {
            ev.wider = true;
        }
    }

    /// E1: the ladder. It stands at least at the month's highest event
    /// level (probe 1, strike 2) and at any rung a fight, a deliberate
    /// escalation or a clash jumped it to; an answer that escalates steps it
    /// one rung up from where it stood at the start of the month; rung 4 is
    /// terminal. After enough quiet months it steps down one rung.
    #[inline(always)]
    fn e1_ladder(&mut self, rung_start: u8, ev: &Events, answered: bool) {
        let (r, calm) = e1_step(
            rung_start,
            Step {
                escalated: ev.escalated,
                level: ev.level,
                jump_to: ev.jump_to,
                wider: ev.wider,
                answered,
                engaged: self.engaged,
            },
            self.calm,
            self.calm_months,
        );
        self.calm = calm;
        self.rung = r;
        self.rec.peak_rung = self.rec.peak_rung.max(r);
    }

    /// P1: will recovers in months the force was not struck; parliaments
    /// vote at each mandate renewal and, while the force fights, every
    /// month; a tier whose will is then 0 or less leaves at the month's end.
    #[inline(always)]
    fn p1_will(&mut self, t: u32, abs: u32, ev: &Events) {
        if !ev.force_struck {
            p1_recover(
                &mut self.will,
                self.p.c[Coef::WillRecovery],
                &self.will_target,
            );
        }
        self.next_vote = p1_next_vote(self.next_vote, t, self.vote_period);
        self.p1_vote_or_leave(abs, self.next_vote == t);
        self.p1_election(abs);
    }

    /// P1's end of a month: a tier decides at a scheduled vote (periodic
    /// regime) and in every engaged month (any regime), where it leaves if
    /// its will is 0 or less or by the vote's draw (one uniform per tier,
    /// in tier order, drawn for all three whenever any tier decides);
    /// otherwise only will at 0 or less makes it leave. Whether any tier
    /// left.
    #[inline(always)]
    fn p1_vote_or_leave(&mut self, abs: u32, scheduled: bool) -> bool {
        let before = self.present;
        let (engaged, executive) = (self.engaged, self.p.executive);
        let decides = |i: usize| engaged || (scheduled && !executive[i]);
        let any = (0..3).any(|i| self.present[i] && decides(i));
        let mut votes = any.then(|| self.key.monthly(P_VOTE, abs));
        for i in 0..3 {
            let u = votes.as_mut().map_or(1.0, |v| v.next_f64());
            if !self.present[i] {
                continue;
            }
            if self.will[i] <= 0.0 {
                self.leave(i);
                self.leave_cause = WithdrawalCause::WillExhausted;
            } else if decides(i) && u < self.p.p_leave_at_vote(self.will[i]) {
                self.leave(i);
                self.leave_cause = if engaged {
                    WithdrawalCause::Incident
                } else {
                    WithdrawalCause::Vote
                };
            }
        }
        self.present != before
    }

    /// P1e: at the end of a month with an election in a tier still
    /// present, the tier leaves with the chance that the election changes
    /// the government and the new one ends participation (one uniform per
    /// tier, in tier order, drawn for all three). Whether any tier left.
    #[inline(always)]
    fn p1_election(&mut self, abs: u32) -> bool {
        if abs > 127 || (self.any_election >> abs) & 1 == 0 {
            return false;
        }
        let before = self.present;
        let mut draws = self.key.monthly(P_ELECTION, abs);
        for i in 0..3 {
            let u = draws.next_f64();
            if self.present[i]
                && (self.elections[i] >> abs) & 1 == 1
                && u < self.p.p_exit_at_election(self.will[i])
            {
                self.leave(i);
                self.leave_cause = WithdrawalCause::Election;
            }
        }
        self.present != before
    }

    /// X1: the month's cost of what was in the country at its start; combat
    /// rates at war, while engaged, or at rung 3 or above at its end.
    #[inline(always)]
    fn x1_cost(&mut self, war: bool, troops_month: f64, units_here: bool, ev: &Events) {
        let combat = war || self.engaged || self.rung >= 3;
        self.cost += self.x1_month_cost(combat, troops_month, units_here, ev.shots);
    }

    /// X1: one month's cost at combat or peace-time rates.
    #[inline(always)]
    fn x1_month_cost(&self, combat: bool, troops_month: f64, units_here: bool, shots: u32) -> f64 {
        let c = &self.p.c;
        let rate = if combat {
            c[Coef::CostTroopYearCombat]
        } else {
            c[Coef::CostTroopYear]
        };
        let units = if units_here { self.units_cost } else { 0.0 };
        troops_month * rate + units + shots as f64 * c[Coef::CostInterceptor]
    }
}

/// What E1 reads of a month.
#[derive(Clone, Copy, Debug)]
pub(super) struct Step {
    /// An answer escalated (one rung up from the month's start).
    pub escalated: bool,
    /// The month's highest event level, and any rung it jumped to.
    pub level: u8,
    pub jump_to: u8,
    pub wider: bool,
    /// A decision to answer or not was taken.
    pub answered: bool,
    pub engaged: bool,
}

/// E1: the rung at the month's end and the quiet months counted after it.
/// The ladder stands at least at the event level and any jump, one rung
/// above its start after an escalating answer, at 4 after a wider war; a
/// quiet month counts, and after `calm_months` of them it steps down one.
/// One rule for the trajectory and the event tree.
#[inline(always)]
pub(super) fn e1_step(rung_start: u8, m: Step, calm: u32, calm_months: u32) -> (u8, u32) {
    let stepped = (rung_start + u8::from(m.escalated)).min(4);
    let mut r = stepped.max(m.level).max(m.jump_to);
    if m.wider {
        r = 4;
    }
    let quiet = m.level == 0 && !m.answered && m.jump_to == 0 && !m.engaged && !m.wider;
    if !quiet {
        return (r, 0);
    }
    let calm = calm + 1;
    if calm >= calm_months && r > 0 && r < 4 {
        (r - 1, 0)
    } else {
        (r, calm)
    }
}

/// P1: will recovers a share of its gap to 1 in a month without a strike.
#[inline(always)]
/// The people the casualty rate counts, rounded (people-months): those in
/// the country and, while their holder is with the force, the aircrews
/// flying over it from bases abroad.
fn exposed(tiers: &Tiers, present: &[bool; 3], people: f64) -> u64 {
    let abroad = if present[tiers.holder] {
        tiers.crews_abroad
    } else {
        0.0
    };
    crate::math::round(people + abroad) as u64
}

fn p1_recover(will: &mut [f64; 3], recovery: f64, target: &[f64; 3]) {
    for (w, t) in will.iter_mut().zip(target) {
        *w += recovery * (t - *w);
    }
}

/// P1: the month of the next mandate vote at or after mission month `t`
/// (votes fall on multiples of the period; months only grow, and some are
/// skipped when no one is there).
#[inline(always)]
fn p1_next_vote(mut next: u32, t: u32, period: u32) -> u32 {
    while next < t {
        next = next.saturating_add(period);
    }
    next
}

/// E1 after `k` quiet months from rung `rung` (0 or 1) with `calm` quiet
/// months counted: [`e1_step`] applied k times with a quiet month. At rung 1
/// the `calm_months`-th quiet month steps down to 0 and the count restarts;
/// at rung 0 the count goes on.
#[inline(always)]
pub(super) fn e1_quiet(rung: u8, calm: u32, k: u32, calm_months: u32) -> (u8, u32) {
    debug_assert!(rung <= 1);
    if k == 0 || rung == 0 {
        return (rung, calm + k);
    }
    // The month j ≥ 1 at which calm + j reaches calm_months.
    let down = calm_months.saturating_sub(calm).max(1);
    if k < down {
        (1, calm + k)
    } else {
        (0, k - down)
    }
}

/// R3: the planned offensive's month after the ceasefire,
/// M = max(1, round(triangular quantile)), drawn once per run.
fn r3_planned_month(p: &RunParams, key: RunKey) -> u32 {
    let c = &p.c;
    let tri = crate::scenario::Dist::Triangular {
        min: c[Coef::ReinvadeMonthMin],
        mode: c[Coef::ReinvadeMonthMode],
        max: c[Coef::ReinvadeMonthMax],
    };
    crate::math::round(tri.quantile(key.u01(P_REINVADE_MONTH, 0))).max(1.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The routine loop settles E1 once at the end of a stretch; that must
    /// be E1's own step taken month by month.
    #[test]
    fn e1_quiet_is_e1_step_repeated() {
        let quiet = Step {
            escalated: false,
            level: 0,
            jump_to: 0,
            wider: false,
            answered: false,
            engaged: false,
        };
        for calm_months in 1..=12 {
            for rung in 0..=1u8 {
                for calm in 0..=15 {
                    let (mut r, mut c) = (rung, calm);
                    for k in 0..=40 {
                        assert_eq!(
                            e1_quiet(rung, calm, k, calm_months),
                            (r, c),
                            "rung {rung} calm {calm} k {k} calm_months {calm_months}"
                        );
                        (r, c) = e1_step(r, quiet, c, calm_months);
                    }
                }
            }
        }
    }
}
