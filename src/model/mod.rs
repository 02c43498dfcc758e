//! The reassurance-force model: one trajectory, month by month.
//!
//! Built only from a validated [`Scenario`]; no serde, no I/O, and the
//! trajectory function cannot fail and does not allocate. Every number it
//! uses is a scenario lever ([`crate::scenario::spec`]) or a coefficient
//! ([`coef`]); every equation is in `docs/model.md` under the label given in
//! the comments (C1, D1, ...). Randomness comes only through keyed streams
//! ([`crate::random::rng`]), one purpose per mechanism, so common random
//! numbers work across scenarios.

pub mod coef;
mod correlate;
pub mod outcome;
mod sim;
mod tree;
mod view;

pub use coef::{COEFS, Coef, Coefs, N_COEFS};
pub use correlate::BLOCK as CORRELATION_BLOCK;
use correlate::Blocks;
pub use outcome::{
    Mission, N_CAUSES, N_MISSION, N_NEVER, N_PEACE, NeverReason, Peace, Share, V2_NAMES,
    WithdrawalCause, v2_replacement,
};
pub use sim::{
    Action, Branch, Escalation, Leave, MonthLog, N_ROUTES, NoObserver, Observer, Phase, Record,
    Route,
};
pub use tree::{Backstop, Event, Leaf, MonthEnd, MonthState, Node, Path, Tree};
pub use view::{Deterrence, FirstMonth};

use crate::random::rng::{RunKey, purpose};
use crate::scenario::{Dist, FIELDS, Field, Lever, N_FIELDS, Param, Sampler, Scenario};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    Rear,
    Cities,
    Border,
    ContactLine,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Posture {
    SelfDefence,
    ProtectMandate,
    Robust,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    None,
    Political,
    IsrLogistics,
    AirSupport,
    FullGuarantee,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    Restraint,
    Probe,
    CoerciveStrikes,
    TestResolve,
    Reinvade,
}

/// What a run's levers fix for D1: its combat power at full strength (troop
/// term, the rest: one logarithm) and its per-run constants (another). Not
/// a parameter: `Debug` leaves it out of what a run drew.
#[derive(Clone, Copy, Default)]
struct Derived {
    power: (f64, f64),
    d_base: DeterrenceBase,
}

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("(from the levers)")
    }
}

/// D1 with its per-run constants folded: S = z·(CP·share + tripwire)·posture·credibility + w_b·b.
#[derive(Clone, Copy, Debug, Default)]
pub struct DeterrenceBase {
    /// Combat power at full strength times the zone weight.
    pub power_z: f64,
    /// The tripwire signal times the zone weight.
    pub tripwire_z: f64,
    pub posture: f64,
    pub backstop_weight: f64,
}

impl DeterrenceBase {
    /// The deterrence score S.
    #[inline]
    pub fn score(&self, share: f64, credibility: f64, backstop: f64) -> f64 {
        (self.power_z * share + self.tripwire_z) * self.posture * credibility
            + self.backstop_weight * backstop
    }

    /// D = 1 − e^(−S).
    #[inline]
    pub fn value(&self, share: f64, credibility: f64, backstop: f64) -> f64 {
        -(-self.score(share, credibility, backstop)).exp_m1()
    }
}

/// What one run drew: (index in [`FIELDS`], value) for each
/// distribution-valued lever, (coefficient, value) for each drawn coefficient.
pub type Drawn = (Vec<(usize, f64)>, Vec<(Coef, f64)>);

/// One trajectory's parameters after the draw (step 0 of the model). The
/// force's sizes are what deploys (N1); `announced` is what was promised.
#[derive(Clone, Debug)]
pub struct RunParams {
    pub required: bool,
    pub p0: f64,
    pub window: u32,
    pub pressure: f64,
    /// C1/C2: the share of pressure's full effect, averaged over the
    /// window's months and over the later months to the horizon (builds,
    /// then erodes); both 1 when it acts at once and never erodes.
    pub pressure_profile: [f64; 2],
    /// What the profile was computed from (τ, α, W): a reused buffer
    /// recomputes it only when a drawn coefficient or lever changes them.
    pressure_key: [f64; 3],
    /// X2: military aid beyond the 2025 level (0-1).
    pub aid: f64,
    /// The horizon H, in calendar months (X2's years, C2's later months).
    pub horizon: u32,
    /// Attribution quality m: none 0, european `monitoring_european`, us_led 1.
    pub monitoring: f64,
    pub us_led: bool,
    pub troops: f64,
    pub air_defence: f64,
    pub aircraft: f64,
    /// The aircraft fly from bases in neighbouring states (their crews
    /// are committed but not in the country; strikes on their bases are
    /// strikes on NATO soil).
    pub air_abroad: bool,
    /// Aircraft as announced (C1's objection to air policing).
    pub announced_aircraft: f64,
    pub naval: f64,
    pub trainers: f64,
    pub zone: Zone,
    pub nations: f64,
    pub ground_contributors: f64,
    pub lag: u32,
    pub posture: Posture,
    pub caveat: f64,
    pub level: Level,
    pub reliability: f64,
    pub policy: Policy,
    pub risk: f64,
    /// Ukraine's own strength (U1).
    pub strength: f64,
    /// Announced troops and trainers (C1), before backstop-dependent
    /// contingents are withheld (N1).
    pub announced_troops: f64,
    pub announced_trainers: f64,
    /// The option announces a force: any troops, trainers or units before
    /// N1 (it then has a mission class).
    pub announced_force: bool,
    /// P1: each tier's mandate regime is executive (no scheduled vote),
    /// in tier order (lead, other ground, enablers).
    pub executive: [bool; 3],
    /// C1's G: the guarantee's credibility as Kyiv reads it, D1 at arrival
    /// (full strength, initial credibility, the backstop before any test);
    /// 0 when nothing deploys. Set with the levers.
    pub guarantee: f64,
    /// D1's terms fixed for the run, computed once with the levers for
    /// C1's G, the tiers and the trajectory alike.
    derived: Derived,
    pub c: Coefs,
    /// The correlated inputs' values of the block of runs last drawn
    /// (`[correlations]`; `None` without them): computed once per block of
    /// [`CORRELATION_BLOCK`] runs, so a reused buffer draws without
    /// allocating.
    blocks: Option<Box<Blocks>>,
}

/// A field's draw: fixed, or a distribution with its own keyed stream.
#[derive(Clone, Debug)]
struct FieldDraw {
    fixed: f64,
    draw: Option<KeyedDraw>,
}

/// One input's independent draw each run, a lever's or a coefficient's,
/// with or without `[correlations]` (whose blocks rearrange these draws):
/// its distribution's sampler (constants computed once), its own stream's
/// purpose, and whether it is rounded to a whole number.
#[derive(Clone, Debug)]
pub(crate) struct KeyedDraw {
    sampler: Sampler,
    purpose: u64,
    integer: bool,
}

impl KeyedDraw {
    pub(crate) fn new(d: &Dist, purpose: u64, integer: bool) -> KeyedDraw {
        KeyedDraw {
            sampler: Sampler::new(d),
            purpose,
            integer,
        }
    }

    /// Its value for run `key`: the first draw of its stream, rounded
    /// (half away from zero) when whole.
    #[inline(always)]
    pub(crate) fn draw(&self, key: RunKey) -> f64 {
        let x = self.sampler.sample(&mut key.stream(self.purpose));
        if self.integer {
            crate::math::round(x)
        } else {
            x
        }
    }
}

/// Values of a pure function of a small whole number, each computed the
/// first time a run asks for it and kept: a model built for a few hundred
/// runs (a sweep's or a Sobol design's point) pays only for the values its
/// runs meet. Shared by a model's clones and threads; a value is the same
/// whoever computes it first, so the order of threads changes nothing.
#[derive(Clone, Debug)]
struct Memo(std::sync::Arc<[std::sync::atomic::AtomicU64]>);

impl Memo {
    fn new(len: usize) -> Memo {
        Memo(
            (0..len)
                .map(|_| std::sync::atomic::AtomicU64::new(0))
                .collect(),
        )
    }

    /// f(i) (kept when i is in range; 0.0 means "not yet", so a value of
    /// exactly 0 is computed each time, which is correct, only slower).
    #[inline(always)]
    fn get(&self, i: u32, f: impl FnOnce() -> f64) -> f64 {
        use std::sync::atomic::Ordering::Relaxed;
        let Some(slot) = self.0.get(i as usize) else {
            return f();
        };
        let bits = slot.load(Relaxed);
        if bits != 0 {
            return f64::from_bits(bits);
        }
        let v = f();
        slot.store(v.to_bits(), Relaxed);
        v
    }
}

/// Months since a ceasefire whose relapse probability the model keeps: the
/// longest window, lag and horizon end to end, with room to spare.
const MAX_S: usize = 256;

/// The model for one scenario: fixed values, distributions to draw per run,
/// and tables of what fixed coefficients make constant.
#[derive(Clone, Debug)]
pub struct Model {
    fields: Vec<FieldDraw>,
    /// Every field's fixed (central) value, in [`FIELDS`] order, and the
    /// indices of the fields drawn per run: a run copies the first and
    /// draws only the second.
    fixed_values: [f64; N_FIELDS],
    /// The levers drawn independently per run (not in `[correlations]`).
    drawn_fields: Vec<usize>,
    coefs: Coefs,
    /// Every coefficient drawn per run, in file order.
    coef_draws: Vec<(Coef, KeyedDraw)>,
    /// Those of them drawn independently (not in `[correlations]`).
    free_coefs: Vec<(Coef, KeyedDraw)>,
    /// `[correlations]`' inputs, drawn a block of runs at a time.
    corr: Option<correlate::Correlated>,
    pub horizon: u32,
    /// Nothing is drawn per run (the draw is skipped).
    all_fixed: bool,
    /// q(s): the reference monthly relapse probability s months after a
    /// ceasefire (C3), kept for s below [`MAX_S`] when the Weibull
    /// coefficients are fixed.
    relapse: Option<Memo>,
    /// W2's decay 1 − e^(−kills/scale), kept for kills below [`W2_KILLS`]
    /// when the scale is fixed (war months shoot down hundreds a month, and
    /// the next month's retaliation reads it).
    retaliation: Option<Memo>,
    /// I1's binomial tables for the kill probabilities no run redraws.
    kill: sim::KillTables,
}

/// Kills in a month whose W2 decay the model keeps (more are computed).
const W2_KILLS: usize = 2048;

impl Model {
    pub fn new(s: &Scenario) -> Model {
        let fields: Vec<FieldDraw> = FIELDS
            .iter()
            .zip(&s.params)
            .map(|(spec, p)| FieldDraw {
                fixed: p.central(),
                draw: match p {
                    Param::Fixed(_) => None,
                    Param::Dist(d) => Some(KeyedDraw::new(
                        d,
                        purpose(&format!("param.{}", spec.path())),
                        !matches!(spec.kind, crate::scenario::Kind::Float),
                    )),
                },
            })
            .collect();
        let mut coefs = Coefs::default();
        let mut coef_draws = Vec::new();
        for (c, p) in &s.assumptions {
            match p {
                Param::Fixed(v) => coefs[*c] = *v,
                Param::Dist(d) => {
                    let x = d.central();
                    coefs[*c] = if c.spec().integer { x.round() } else { x };
                    let purpose = purpose(&format!("assumptions.{}", c.spec().name));
                    coef_draws.push((*c, KeyedDraw::new(d, purpose, c.spec().integer)));
                }
            }
        }
        let drawn = |k: Coef| coef_draws.iter().any(|(c, _)| *c == k);
        let relapse_drawn = [
            Coef::RelapseScale,
            Coef::RelapseShape,
            Coef::RebuildGain,
            Coef::RebuildMonths,
        ]
        .into_iter()
        .any(drawn);
        let relapse = (!relapse_drawn).then(|| Memo::new(MAX_S));
        let retaliation = (!drawn(Coef::RetaliationScale)).then(|| Memo::new(W2_KILLS));
        let all_fixed = fields.iter().all(|f| f.draw.is_none()) && coef_draws.is_empty();
        let mut fixed_values = [0.0; N_FIELDS];
        for (v, f) in fixed_values.iter_mut().zip(&fields) {
            *v = f.fixed;
        }
        let corr = correlate::Correlated::new(s);
        let correlated = |l: Lever| corr.as_ref().is_some_and(|c| c.position(l).is_some());
        let drawn_fields = (0..fields.len())
            .filter(|&i| fields[i].draw.is_some() && !correlated(Lever::Field(i)))
            .collect();
        let free_coefs = coef_draws
            .iter()
            .filter(|(c, _)| !correlated(Lever::Coef(*c)))
            .cloned()
            .collect();
        let kill = sim::KillTables::new(&coefs, drawn);
        Model {
            fields,
            fixed_values,
            drawn_fields,
            coefs,
            coef_draws,
            free_coefs,
            corr,
            horizon: s.horizon_months,
            all_fixed,
            relapse,
            retaliation,
            kill,
        }
    }

    /// Step 0: draw every distribution-valued parameter of run `run` on
    /// `seed` into `p` (a buffer that started as this model's
    /// [`Model::central_params`]): each independent input from its own
    /// stream, each input of `[correlations]` from the run's block
    /// (docs/model.md, "Correlated inputs"). Fixed values are never
    /// rewritten, so a scenario without distributions costs nothing here,
    /// and one without `[correlations]` draws as before.
    pub fn draw_into(&self, seed: u64, run: u64, p: &mut RunParams) {
        self.draw_keyed(RunKey::new(seed, run), seed, run, p);
    }

    #[inline(always)]
    fn draw_keyed(&self, key: RunKey, seed: u64, run: u64, p: &mut RunParams) {
        if self.all_fixed {
            return;
        }
        let mut v = self.fixed_values;
        for &i in &self.drawn_fields {
            if let Some(x) = self.draw_field(i, key) {
                v[i] = x;
            }
        }
        for (c, d) in &self.free_coefs {
            p.c[*c] = d.draw(key);
        }
        if let Some(corr) = &self.corr {
            let blocks = p.blocks.get_or_insert_with(|| Box::new(corr.cache()));
            let j = corr.prepare(blocks, seed, run);
            for (i, input) in corr.inputs.iter().enumerate() {
                let x = blocks.get(i, j);
                match input.lever {
                    Lever::Field(f) => v[f] = x,
                    Lever::Coef(c) => p.c[c] = x,
                }
            }
        }
        p.set_fields(&v);
    }

    /// Lever `i`'s independent draw for run `key` (`None` when it is
    /// fixed): its own stream, rounded for whole-number and named levers.
    #[inline(always)]
    fn draw_field(&self, i: usize, key: RunKey) -> Option<f64> {
        Some(self.fields[i].draw.as_ref()?.draw(key))
    }

    /// What run `run` on `seed` drew for every distribution-valued lever
    /// (its index in [`FIELDS`], in that order) and coefficient (in file
    /// order): the values [`Model::draw_into`] sets (for stories and
    /// per-run exports). `p` is a parameter buffer of this model; only its
    /// block cache is used, so the buffer the run was just simulated with
    /// (or one reused over consecutive runs) costs no recomputation.
    pub fn drawn(&self, seed: u64, run: u64, p: &mut RunParams) -> Drawn {
        let key = RunKey::new(seed, run);
        let block = self.corr.as_ref().map(|corr| {
            let blocks = p.blocks.get_or_insert_with(|| Box::new(corr.cache()));
            let j = corr.prepare(blocks, seed, run);
            (corr, &**blocks, j)
        });
        let correlated = |l: Lever| {
            let (corr, blocks, j) = block.as_ref()?;
            Some(blocks.get(corr.position(l)?, *j))
        };
        let fields = (0..self.fields.len())
            .filter_map(|i| {
                let x = correlated(Lever::Field(i)).or_else(|| self.draw_field(i, key))?;
                Some((i, x))
            })
            .collect();
        let coefs = self
            .coef_draws
            .iter()
            .map(|(c, d)| {
                (
                    *c,
                    correlated(Lever::Coef(*c)).unwrap_or_else(|| d.draw(key)),
                )
            })
            .collect();
        (fields, coefs)
    }

    /// The parameters of run `run` on `seed` (allocates; the engine uses
    /// [`Model::draw_into`]).
    pub fn draw(&self, seed: u64, run: u64) -> RunParams {
        let mut p = self.central_params();
        self.draw_into(seed, run, &mut p);
        p
    }

    /// The parameters at their central values (the deterministic view).
    pub fn central_params(&self) -> RunParams {
        let v: Vec<f64> = self.fields.iter().map(|f| f.fixed).collect();
        let mut p = RunParams {
            required: false,
            p0: 0.0,
            window: 1,
            pressure: 0.0,
            pressure_profile: [1.0; 2],
            pressure_key: [f64::NAN; 3],
            aid: 0.0,
            horizon: self.horizon,
            monitoring: 0.0,
            us_led: false,
            troops: 0.0,
            air_defence: 0.0,
            aircraft: 0.0,
            air_abroad: false,
            announced_aircraft: 0.0,
            naval: 0.0,
            trainers: 0.0,
            zone: Zone::Rear,
            nations: 1.0,
            ground_contributors: 0.0,
            lag: 0,
            posture: Posture::SelfDefence,
            caveat: 0.0,
            level: Level::None,
            reliability: 0.0,
            policy: Policy::Restraint,
            risk: 0.0,
            strength: 0.5,
            announced_troops: 0.0,
            announced_trainers: 0.0,
            announced_force: false,
            executive: [false; 3],
            guarantee: 0.0,
            derived: Derived::default(),
            c: self.coefs.clone(),
            blocks: self.corr.as_ref().map(|c| Box::new(c.cache())),
        };
        p.set_fields(&v);
        p
    }

    /// Simulate one trajectory. `O` is a zero-sized no-op in production runs
    /// (monomorphised away) and a recorder in tests and stories. It starts
    /// from a fresh parameter buffer, so with `[correlations]` it computes
    /// the run's whole block: a loop over runs should reuse one buffer
    /// through [`Model::run_into`].
    #[inline]
    pub fn run<O: Observer>(&self, seed: u64, run: u64, obs: &mut O) -> Record {
        let mut p = self.central_params();
        self.run_into(seed, run, &mut p, obs)
    }

    /// [`Model::run`] with a reusable parameter buffer (no allocation, no
    /// copy of the coefficient vector): the engine's hot path.
    #[inline]
    pub fn run_into<O: Observer>(
        &self,
        seed: u64,
        run: u64,
        p: &mut RunParams,
        obs: &mut O,
    ) -> Record {
        let key = RunKey::new(seed, run);
        self.draw_keyed(key, seed, run, p);
        sim::trajectory(self, p, key, obs)
    }

    /// W2's decay for `kills` (kept by the model when the scale is fixed).
    #[inline(always)]
    pub(crate) fn retaliation_decay(&self, p: &RunParams, kills: u32) -> f64 {
        match &self.retaliation {
            Some(t) => t.get(kills, || retaliation_decay(&self.coefs, kills)),
            None => retaliation_decay(&p.c, kills),
        }
    }

    /// C3's q(s) times R5's rebuilding ρ(s), the base of every offensive
    /// hazard (kept by the model when their coefficients are fixed).
    #[inline(always)]
    pub(crate) fn offensive_q(&self, p: &RunParams, s: u32) -> f64 {
        match &self.relapse {
            Some(t) => t.get(s, || offensive_q(&self.coefs, s)),
            None => offensive_q(&p.c, s),
        }
    }
}

/// W2: 1 − e^(−kills/scale), the share of its ceiling that retaliation
/// reaches after `kills` weapons shot down over Ukraine in a month.
fn retaliation_decay(c: &Coefs, kills: u32) -> f64 {
    -(-(kills as f64) / c[Coef::RetaliationScale]).exp_m1()
}

/// C3 × R5: q(s) · ρ(s).
fn offensive_q(c: &Coefs, s: u32) -> f64 {
    relapse_q(c, s) * rebuild_factor(c, s)
}

/// R5: ρ(s) = 1 + gain · (1 − e^(−s/rebuild_months)), Russia's offensive
/// capacity rebuilt s months after the ceasefire (exactly 1 at gain 0).
pub(crate) fn rebuild_factor(c: &Coefs, s: u32) -> f64 {
    1.0 + c[Coef::RebuildGain] * -(-(s as f64) / c[Coef::RebuildMonths]).exp_m1()
}

/// C3: q(s) = 1 − exp(−[(s/λ)^k − ((s−1)/λ)^k]), the reference policy's
/// monthly relapse probability s months after the ceasefire, with no force.
pub(crate) fn relapse_q(c: &Coefs, s: u32) -> f64 {
    if s == 0 {
        return 0.0;
    }
    let (lambda, k) = (c[Coef::RelapseScale], c[Coef::RelapseShape]);
    let h = (s as f64 / lambda).powf(k) - ((s - 1) as f64 / lambda).powf(k);
    -(-h).exp_m1()
}

impl RunParams {
    /// Set the levers from a value per field of [`FIELDS`] (names as indices).
    fn set_fields(&mut self, v: &[f64]) {
        let get = |f: Field| v[f as usize];
        let idx = |f: Field| get(f) as usize;
        self.required = get(Field::CeasefireRequired) != 0.0;
        self.p0 = get(Field::CeasefireProbability);
        self.window = get(Field::WindowMonths) as u32;
        self.pressure = get(Field::Pressure);
        let key = [
            self.c[Coef::PressureBuildMonths],
            self.c[Coef::PressureAdaptation],
            f64::from(self.window),
        ];
        if key != self.pressure_key {
            self.pressure_profile = self.pressure_build();
            self.pressure_key = key;
        }
        self.aid = get(Field::UkraineAid);
        self.monitoring = match idx(Field::Monitoring) {
            0 => 0.0,
            1 => self.c[Coef::MonitoringEuropean],
            2 => 1.0,
            _ => self.c[Coef::MonitoringUnOsce],
        };
        self.us_led = idx(Field::Monitoring) == 2;
        let level = idx(Field::BackstopLevel);
        // N1: backstop-dependent contingents deploy only if the U.S. commits
        // at least the level they require; each kind of asset loses the same
        // share, rounded to whole troops and units.
        let withheld = if level < idx(Field::BackstopDependentLevel) {
            get(Field::BackstopDependentShare)
        } else {
            0.0
        };
        // (Nothing is withheld in most scenarios: skip the roundings then.)
        let deploy = |x: f64| {
            if withheld == 0.0 {
                x
            } else {
                x - crate::math::round(x * withheld)
            }
        };
        self.announced_troops = get(Field::Troops);
        self.announced_trainers = get(Field::Trainers);
        self.announced_force = [
            Field::Troops,
            Field::AirDefenceUnits,
            Field::Aircraft,
            Field::NavalUnits,
            Field::Trainers,
        ]
        .iter()
        .any(|f| get(*f) > 0.0);
        self.troops = deploy(get(Field::Troops));
        self.air_defence = deploy(get(Field::AirDefenceUnits));
        self.aircraft = deploy(get(Field::Aircraft));
        self.announced_aircraft = get(Field::Aircraft);
        self.air_abroad = idx(Field::AirBasing) == 1;
        self.naval = deploy(get(Field::NavalUnits));
        self.trainers = deploy(get(Field::Trainers));
        self.zone = [Zone::Rear, Zone::Cities, Zone::Border, Zone::ContactLine][idx(Field::Zone)];
        self.nations = get(Field::Nations);
        self.ground_contributors = get(Field::GroundContributors);
        self.lag = get(Field::DeploymentLag) as u32;
        self.posture = [
            Posture::SelfDefence,
            Posture::ProtectMandate,
            Posture::Robust,
        ][idx(Field::Posture)];
        self.caveat = get(Field::CaveatShare);
        self.level = [
            Level::None,
            Level::Political,
            Level::IsrLogistics,
            Level::AirSupport,
            Level::FullGuarantee,
        ][idx(Field::BackstopLevel)];
        self.reliability = get(Field::BackstopReliability);
        self.policy = [
            Policy::Restraint,
            Policy::Probe,
            Policy::CoerciveStrikes,
            Policy::TestResolve,
            Policy::Reinvade,
        ][idx(Field::Policy)];
        self.risk = get(Field::RiskAppetite);
        // U1 with X2's aid: exactly the lever when there is no aid.
        self.strength = get(Field::UkraineStrength);
        if self.aid > 0.0 {
            self.strength = (self.strength + self.c[Coef::AidStrengthGain] * self.aid).min(1.0);
        }
        self.executive = [
            Field::MandateLead,
            Field::MandateGround,
            Field::MandateEnablers,
        ]
        .map(|f| idx(f) == 1);
        self.derived.power = self.power_at_full_strength();
        self.derived.d_base = self.deterrence_base_now();
        self.guarantee = self.kyiv_guarantee();
    }

    /// C1's G = 1 − e^(−S₀): D1's score for the force that deploys, at full
    /// strength, with the initial credibility and the backstop Russia
    /// perceives before any test. What Kyiv is offered, read as Moscow
    /// would read it (size, posture, backstop). 0 when nothing deploys, or
    /// when Kyiv's term is switched off (no work for it then).
    fn kyiv_guarantee(&self) -> f64 {
        let deploys =
            self.troops + self.trainers + self.air_defence + self.aircraft + self.naval > 0.0;
        if !deploys || self.c[Coef::KyivConfidence] == 0.0 {
            return 0.0;
        }
        let b = self.perceived_backstop(false, false);
        self.deterrence_base()
            .value(1.0, self.c[Coef::InitialCredibility], b)
    }

    /// C1: p_win = logistic(logit(p0) + beta·pressure − kappa·ln(1 + announced/scale)
    /// + kyiv·G), with p0 = 0 or 1 exact.
    pub fn p_win(&self) -> f64 {
        if self.p0 <= 0.0 || self.p0 >= 1.0 {
            return self.p0.clamp(0.0, 1.0);
        }
        let [pressure, penalty, air, kyiv] = self.c1_shifts();
        crate::math::logistic(crate::math::logit(self.p0) + pressure - penalty - air + kyiv)
    }

    /// C2: the chance whose window hazard sets the later hazard, C1 with
    /// pressure at its average over the months after the window
    /// (`pressure_profile[1]`); p_win itself when pressure neither builds
    /// nor erodes.
    pub fn p_later(&self) -> f64 {
        let [w, l] = self.pressure_profile;
        if self.p0 <= 0.0 || self.p0 >= 1.0 || w == l {
            return self.p_win();
        }
        let [_, penalty, air, kyiv] = self.c1_shifts();
        let later = self.c[Coef::PressureEffect] * self.pressure * l;
        crate::math::logistic(crate::math::logit(self.p0) + later - penalty - air + kyiv)
    }

    /// C1/C2: pressure's share of its full effect averaged over the
    /// window's months 1..=W and the later months W+1..=H, with
    /// f(m) = (1 − e^(−m/τ)) · e^(−α·m/12) (τ = `pressure_build_months`,
    /// α = `pressure_adaptation`), summed as geometric series.
    fn pressure_build(&self) -> [f64; 2] {
        let (tau, alpha) = (
            self.c[Coef::PressureBuildMonths],
            self.c[Coef::PressureAdaptation],
        );
        if tau == 0.0 && alpha == 0.0 {
            return [1.0; 2];
        }
        let decay = alpha / 12.0;
        // Σ_{m=a}^{b} e^(−β·m), β ≥ 0 (β = ∞: 0).
        let sum = |beta: f64, a: u32, b: u32| -> f64 {
            let n = f64::from(b - a + 1);
            if beta == 0.0 {
                n
            } else if beta.is_infinite() {
                0.0
            } else {
                (-beta * f64::from(a)).exp() * (-beta * n).exp_m1() / (-beta).exp_m1()
            }
        };
        let built = if tau == 0.0 { f64::INFINITY } else { 1.0 / tau };
        let mean =
            |a: u32, b: u32| (sum(decay, a, b) - sum(decay + built, a, b)) / f64::from(b - a + 1);
        let w = self.window.max(1);
        let window = mean(1, w);
        let later = if self.horizon > w {
            mean(w + 1, self.horizon)
        } else {
            window
        };
        [window, later]
    }

    /// X2: what pressure and aid cost over the horizon, EUR m (held for
    /// every month of it, in every run).
    pub fn policy_cost_eur_m(&self) -> f64 {
        let c = &self.c;
        (self.pressure * c[Coef::PressureCostYear] + self.aid * c[Coef::AidCostYear])
            * 1000.0
            * f64::from(self.horizon)
            / 12.0
    }

    /// C1's shifts of the log-odds: pressure's (+), Moscow's announcement
    /// penalty and its objection to air policing (both subtracted) and
    /// Kyiv's confidence in the guarantee (+).
    pub fn c1_shifts(&self) -> [f64; 4] {
        let c = &self.c;
        let announced = self.announced_troops + self.announced_trainers;
        let air = c[Coef::AirPolicingObjection]
            * (1.0 + self.announced_aircraft / c[Coef::AirObjectionScale]).ln();
        [
            c[Coef::PressureEffect] * self.pressure * self.pressure_profile[0],
            c[Coef::AnnouncementPenalty] * (1.0 + announced / c[Coef::AnnouncementScale]).ln(),
            air,
            c[Coef::KyivConfidence] * self.guarantee,
        ]
    }

    /// C2: the window's monthly hazard h_w = 1 − (1 − p_win)^(1/W) and the
    /// later one h_l = ratio · h_w, as ln(1 − h) (0 for no hazard,
    /// −∞ for certainty).
    fn ceasefire_log_survival(&self) -> (f64, f64) {
        let pw = self.p_win();
        // A certain window (p_win = 1) has h_w = 1, so h_l is the ratio.
        let (lw, hw) = if pw >= 1.0 {
            (f64::NEG_INFINITY, 1.0)
        } else {
            let lw = (-pw).ln_1p() / self.window as f64;
            (lw, -lw.exp_m1())
        };
        // The later hazard: the ratio of the window hazard that C1 gives
        // with pressure as it stands after the window (the same p_win when
        // pressure neither builds nor erodes).
        let pl = self.p_later();
        let base = if pl == pw {
            hw
        } else if pl >= 1.0 {
            1.0
        } else {
            -((-pl).ln_1p() / self.window as f64).exp_m1()
        };
        let hl = (base * self.c[Coef::CeasefireLaterRatio]).min(1.0);
        (lw, (-hl).ln_1p())
    }

    /// C2: the month at whose end the first ceasefire comes, from one
    /// uniform: within the window at the window's hazard, after it at the
    /// later hazard. `u32::MAX` when it never comes.
    pub fn ceasefire_month(&self, u: f64) -> u32 {
        let pw = self.p_win();
        if pw <= 0.0 {
            return u32::MAX;
        }
        if pw >= 1.0 {
            return 1;
        }
        let w = self.window as f64;
        let k = if u < pw {
            // ln(1 − h_w) = ln(1 − p_win)/W, so K = ceil(W·ln(1 − u)/ln(1 − p_win)).
            crate::math::ceil(w * (-u).ln_1p() / (-pw).ln_1p()).max(1.0)
        } else {
            let (_, ll) = self.ceasefire_log_survival();
            if ll == 0.0 {
                return u32::MAX;
            }
            w + crate::math::ceil(((-u).ln_1p() - (-pw).ln_1p()) / ll).max(1.0)
        };
        if k >= u32::MAX as f64 {
            u32::MAX
        } else {
            k as u32
        }
    }

    /// C2: the chance that the first ceasefire comes within `months`
    /// months, P(K ≤ months), from C2's survival function.
    pub fn p_ceasefire_within(&self, months: u32) -> f64 {
        let pw = self.p_win();
        if pw <= 0.0 {
            return 0.0;
        }
        if pw >= 1.0 {
            return if months >= 1 { 1.0 } else { 0.0 };
        }
        let (lw, ll) = self.ceasefire_log_survival();
        let w = self.window;
        let log_survival = if months <= w {
            lw * f64::from(months)
        } else {
            (-pw).ln_1p() + ll * f64::from(months - w)
        };
        -log_survival.exp_m1()
    }

    /// C2r: the months n ≥ 1 from a collapse to the next ceasefire, at the
    /// later hazard, from one uniform. `u32::MAX` when it never comes.
    pub fn renewed_ceasefire_after(&self, u: f64) -> u32 {
        let (_, ll) = self.ceasefire_log_survival();
        if ll == 0.0 {
            return u32::MAX;
        }
        let n = crate::math::ceil((-u).ln_1p() / ll).max(1.0);
        if n >= u32::MAX as f64 {
            u32::MAX
        } else {
            n as u32
        }
    }

    /// W0: the mean and variance of one war month's civilian harm with
    /// Ukraine's layer alone (the war volumes taken as continuous).
    pub fn w0_moments(&self) -> (f64, f64) {
        let c = &self.c;
        let (dlo, dhi) = (c[Coef::WarDronesMin], c[Coef::WarDronesMax]);
        let (mlo, mhi) = (c[Coef::WarMissilesMin], c[Coef::WarMissilesMax]);
        let (kd, km) = (c[Coef::UkraineKillDrone], c[Coef::UkraineKillMissile]);
        let (hd, hm) = (c[Coef::HarmPerDrone], c[Coef::HarmPerMissile]);
        let (d_mean, m_mean) = ((dlo + dhi) / 2.0, (mlo + mhi) / 2.0);
        let mean = hd * (1.0 - kd) * d_mean + hm * (1.0 - km) * m_mean;
        let slope = hd * (1.0 - kd) * (dhi - dlo) + hm * (1.0 - km) * (mhi - mlo);
        let var = hd * hd * kd * (1.0 - kd) * d_mean
            + hm * hm * km * (1.0 - km) * m_mean
            + slope * slope / 12.0;
        (mean, var)
    }

    /// V1: the multiplier of the relapse hazard, 1 − monitoring_relapse_cut · m
    /// (monitoring and verification in every ceasefire month, with or
    /// without a force: their share of peacekeeping's measured effect).
    pub fn verification_factor(&self) -> f64 {
        1.0 - self.c[Coef::MonitoringRelapseCut] * self.monitoring
    }

    /// R1: g(r) = (2r)^elasticity.
    pub fn risk_gain(&self) -> f64 {
        (2.0 * self.risk).powf(self.c[Coef::RiskElasticity])
    }

    /// E1/E2/G1: the escalation risk factor max(0, 1 + gain·(r − 0.5)).
    pub fn escalation_risk(&self) -> f64 {
        (1.0 + self.c[Coef::EscalationRiskGain] * (self.risk - 0.5)).max(0.0)
    }

    /// U1: the multiplier of the offensive hazard and of the planned
    /// offensive's launch chance, exp(−effect·(strength − 0.5)).
    pub fn ukraine_factor(&self) -> f64 {
        (-self.c[Coef::UkraineStrengthEffect] * (self.strength - 0.5)).exp()
    }

    /// Base monthly propensities of the policy at risk appetite 0.5:
    /// [probe, strike on the force, strike on cities, offensive weight,
    /// deliberate escalation (E2)].
    pub fn policy_rates(&self) -> [f64; 5] {
        use Coef::*;
        let c = &self.c;
        let k = match self.policy {
            Policy::Restraint => [
                ProbeRestraint,
                ForceStrikeRestraint,
                CityStrikeRestraint,
                OffensiveRestraint,
                RussianEscRestraint,
            ],
            Policy::Probe => [
                ProbeProbe,
                ForceStrikeProbe,
                CityStrikeProbe,
                OffensiveProbe,
                RussianEscProbe,
            ],
            Policy::CoerciveStrikes => [
                ProbeCoercive,
                ForceStrikeCoercive,
                CityStrikeCoercive,
                OffensiveCoercive,
                RussianEscCoercive,
            ],
            Policy::TestResolve => [
                ProbeTest,
                ForceStrikeTest,
                CityStrikeTest,
                OffensiveTest,
                RussianEscTest,
            ],
            Policy::Reinvade => [
                ProbeReinvade,
                ForceStrikeReinvade,
                CityStrikeReinvade,
                OffensiveReinvade,
                RussianEscReinvade,
            ],
        };
        k.map(|x| c[x])
    }

    /// The zone's coefficients.
    pub fn zone_coefs(&self) -> ZoneCoefs {
        use Coef::*;
        let c = &self.c;
        let [exposure, weight, city_cover, reach] = match self.zone {
            Zone::Rear => [ExposureRear, ZoneWeightRear, CityCoverRear, ReachRear],
            Zone::Cities => [
                ExposureCities,
                ZoneWeightCities,
                CityCoverCities,
                ReachCities,
            ],
            Zone::Border => [
                ExposureBorder,
                ZoneWeightBorder,
                CityCoverBorder,
                ReachBorder,
            ],
            Zone::ContactLine => [
                ExposureContactLine,
                ZoneWeightContactLine,
                CityCoverContactLine,
                ReachContactLine,
            ],
        };
        ZoneCoefs {
            exposure: c[exposure],
            weight: c[weight],
            city_cover: c[city_cover],
            reach: c[reach],
        }
    }

    pub fn posture_credibility(&self) -> f64 {
        self.c[match self.posture {
            Posture::SelfDefence => Coef::PostureSelfDefence,
            Posture::ProtectMandate => Coef::PostureProtect,
            Posture::Robust => Coef::PostureRobust,
        }]
    }

    /// B1: weight of the backstop level.
    pub fn backstop_weight(&self) -> f64 {
        let c = &self.c;
        match self.level {
            Level::None => 0.0,
            Level::Political => c[Coef::BackstopPolitical],
            Level::IsrLogistics => c[Coef::BackstopIsr],
            Level::AirSupport => c[Coef::BackstopAir],
            Level::FullGuarantee => c[Coef::BackstopFull],
        }
    }

    /// B1: the backstop weight Russia perceives: weight × reliability before
    /// the reveal, the full weight or 0 after it; us_led monitoring keeps at
    /// least the political weight.
    pub fn perceived_backstop(&self, revealed: bool, delivered: bool) -> f64 {
        let w = self.backstop_weight();
        let b = if !revealed {
            w * self.reliability
        } else if delivered {
            w
        } else {
            0.0
        };
        if self.us_led {
            b.max(self.c[Coef::BackstopPolitical])
        } else {
            b
        }
    }

    /// D1: troop term and the rest of combat power at full strength (set
    /// with the levers).
    pub fn combat_power(&self) -> (f64, f64) {
        self.derived.power
    }

    fn power_at_full_strength(&self) -> (f64, f64) {
        let c = &self.c;
        let troop = c[Coef::TroopWeight]
            * (1.0 + (self.troops + c[Coef::TrainerWeight] * self.trainers) / c[Coef::TroopScale])
                .ln();
        let other = c[Coef::AirDefenceWeight] * self.air_defence
            + c[Coef::AircraftWeight] * self.aircraft
            + c[Coef::NavalWeight] * self.naval;
        (troop, other)
    }

    /// D1: tripwire signal of flags on the ground.
    pub fn tripwire(&self) -> f64 {
        if self.troops + self.trainers > 0.0 {
            self.c[Coef::TripwireWeight] * (1.0 + self.nations).ln()
        } else {
            0.0
        }
    }

    /// D1's terms that are fixed for the run (set with the levers), so the
    /// monthly step recomputes only what changes: share, credibility and
    /// backstop.
    pub fn deterrence_base(&self) -> DeterrenceBase {
        self.derived.d_base
    }

    fn deterrence_base_now(&self) -> DeterrenceBase {
        let (troop, other) = self.derived.power;
        let z = self.zone_coefs().weight;
        DeterrenceBase {
            power_z: (troop + other) * z,
            tripwire_z: self.tripwire() * z,
            posture: self.posture_credibility(),
            backstop_weight: self.c[Coef::BackstopDeterrence],
        }
    }

    /// 1 − caveat_effect·caveat_share: what national caveats leave of the
    /// chance to answer (A1) or to fight (O1).
    fn caveat_factor(&self) -> f64 {
        1.0 - self.c[Coef::CaveatEffect] * self.caveat
    }

    /// A1: chance of answering an attack.
    pub fn answer_prob(&self, backstop_shown: bool) -> f64 {
        let c = &self.c;
        let base = c[match self.posture {
            Posture::SelfDefence => Coef::AnswerSelfDefence,
            Posture::ProtectMandate => Coef::AnswerProtect,
            Posture::Robust => Coef::AnswerRobust,
        }];
        let bonus = if backstop_shown {
            c[Coef::BackstopAnswerBonus]
        } else {
            0.0
        };
        (base * self.caveat_factor() + bonus).clamp(0.0, 1.0)
    }

    /// A1: share of answers that are in kind (robust only).
    pub fn in_kind_share(&self) -> f64 {
        if self.posture == Posture::Robust {
            self.c[Coef::InKindShare]
        } else {
            0.0
        }
    }

    /// The entangling face of the backstop: every step into rung 4 is
    /// multiplied by 1 + entanglement·w once the backstop has delivered.
    pub fn entanglement_factor(&self, backstop_shown: bool) -> f64 {
        if backstop_shown {
            1.0 + self.c[Coef::Entanglement] * self.backstop_weight()
        } else {
            1.0
        }
    }

    /// E1: chance that an answer moves the ladder up a rung, from the rung
    /// at the start of the month. Below rung 3 a delivered backstop damps it
    /// (escalation dominance); from rung 3 the step is into a wider war and
    /// a delivered backstop entangles instead.
    pub fn escalation_prob(&self, in_kind: bool, backstop_shown: bool, rung: u8) -> f64 {
        let c = &self.c;
        let base = if in_kind {
            c[Coef::EscalationInKind]
        } else {
            c[Coef::EscalationProportionate]
        };
        let face = if rung >= 3 {
            self.entanglement_factor(backstop_shown)
        } else if backstop_shown {
            1.0 - c[Coef::BackstopEscalationDamping]
        } else {
            1.0
        };
        (base * self.escalation_risk() * face).clamp(0.0, 1.0)
    }

    /// E2: monthly chance of a deliberate Russian escalation at rung 2 or
    /// above, given the perceived backstop b, test_resolve's adaptation and
    /// whether the force answered in kind the month before (the trajectory
    /// keeps the same per-run rates for the whole run).
    pub fn e2_rate(&self, perceived_backstop: f64, adapt: f64, in_kind_before: bool) -> f64 {
        sim::Rates::new(self).e2(perceived_backstop, adapt, in_kind_before)
    }

    /// E2: chance that a strike on hubs outside Ukraine becomes a wider war.
    pub fn hub_wider_war_prob(&self, backstop_shown: bool) -> f64 {
        (self.c[Coef::HubWiderWar] * self.entanglement_factor(backstop_shown)).clamp(0.0, 1.0)
    }

    /// G1: monthly chance that a war with the force engaged becomes a wider war.
    pub fn engaged_wider_war_prob(&self, backstop_shown: bool) -> f64 {
        (self.c[Coef::EngagedWiderWar]
            * self.escalation_risk()
            * self.entanglement_factor(backstop_shown))
        .clamp(0.0, 1.0)
    }

    /// O1: the chances that the force fights an offensive and that it
    /// defends where it stands; it stands aside otherwise. A defending force
    /// fights if the offensive reaches it (`zone_coefs().reach`).
    pub fn o1_branch(&self) -> (f64, f64) {
        let c = &self.c;
        let (fight, defend) = match self.posture {
            Posture::SelfDefence => (Coef::FightSelfDefence, Coef::DefendSelfDefence),
            Posture::ProtectMandate => (Coef::FightProtect, Coef::DefendProtect),
            Posture::Robust => (Coef::FightRobust, Coef::DefendRobust),
        };
        let f = (c[fight] * self.caveat_factor()
            + c[Coef::FightBackstopGain] * self.backstop_weight())
        .clamp(0.0, 1.0);
        let d = (c[defend] * self.caveat_factor()).clamp(0.0, 1.0 - f);
        (f, d)
    }

    /// O1: chance that the force fights an offensive.
    pub fn p_fight_offensive(&self) -> f64 {
        let (f, d) = self.o1_branch();
        f + d * self.zone_coefs().reach
    }

    /// P1: the chance that a tier with this will leaves at a vote: a ramp
    /// from certain renewal at will ≥ bar + spread to certain exit at will
    /// ≤ bar − spread.
    pub fn p_leave_at_vote(&self, will: f64) -> f64 {
        let c = &self.c;
        (0.5 + (c[Coef::RenewalBar] - will) / (2.0 * c[Coef::VoteSpread])).clamp(0.0, 1.0)
    }

    /// P1e: the chance that an election in a tier ends its participation,
    /// turnover · exit · (1 − will)/(1 − renewal_bar), within [0, 1]: the
    /// government changes, and the new one ends a mission its public still
    /// backs less often (the base chance at will = renewal_bar).
    pub fn p_exit_at_election(&self, will: f64) -> f64 {
        let c = &self.c;
        let gap = (1.0 - c[Coef::RenewalBar]).max(1e-9);
        (c[Coef::ElectionTurnover] * c[Coef::NewGovernmentExit] * (1.0 - will) / gap)
            .clamp(0.0, 1.0)
    }

    /// P1e: each tier's election months within the horizon as bits (bit m:
    /// an election at the end of calendar month m), in tier order: first,
    /// first + every, first + 2·every, … (first = 0: none; every = 0: the
    /// first only).
    pub fn election_bits(&self, horizon: u32) -> [u128; 3] {
        use Coef::*;
        let c = &self.c;
        [
            (ElectionFirstLead, ElectionEveryLead),
            (ElectionFirstGround, ElectionEveryGround),
            (ElectionFirstEnablers, ElectionEveryEnablers),
        ]
        .map(|(first, every)| {
            let (mut m, every) = (c[first] as u32, c[every] as u32);
            let mut bits = 0u128;
            while m >= 1 && m <= horizon.min(127) {
                bits |= 1 << m;
                if every == 0 {
                    break;
                }
                m += every;
            }
            bits
        })
    }

    /// The force's tiers (P1): who holds which troops, units and people.
    pub fn tiers(&self) -> Tiers {
        let (troop, other) = self.derived.power;
        let c = &self.c;
        let lead_share = if self.ground_contributors > c[Coef::LeadNations] {
            c[Coef::LeadTroopShare]
        } else {
            1.0
        };
        // Units belong to the enablers when some states contribute no ground
        // troops, else to the lead nations.
        let holder = if self.nations > self.ground_contributors {
            2
        } else {
            0
        };
        let aircrews = c[Coef::CrewAircraft] * self.aircraft;
        let (aircrews_here, crews_abroad) = if self.air_abroad {
            (0.0, aircrews)
        } else {
            (aircrews, 0.0)
        };
        let crews = c[Coef::CrewAirDefence] * self.air_defence
            + aircrews_here
            + c[Coef::CrewNaval] * self.naval;
        let ground = self.troops + self.trainers;
        let mut t = Tiers {
            power: [troop * lead_share, troop * (1.0 - lead_share), 0.0],
            troops: [ground * lead_share, ground * (1.0 - lead_share), 0.0],
            people: [0.0; 3],
            holder,
            crews_abroad,
        };
        t.power[holder] += other;
        t.people = t.troops;
        t.people[holder] += crews;
        let total: f64 = t.power.iter().sum();
        for x in &mut t.power {
            *x = if total > 0.0 { *x / total } else { 0.0 };
        }
        t
    }
}

impl Tiers {
    /// The sum of a per-tier figure (`people`, `troops` or `power`) over
    /// the tiers present, in tier order.
    pub fn over_present(of: &[f64; 3], present: &[bool; 3]) -> f64 {
        (0..3).filter(|&i| present[i]).map(|i| of[i]).sum()
    }

    /// The tiers in the country on arrival: those with people or power.
    pub fn present(&self) -> [bool; 3] {
        [0, 1, 2].map(|i| self.people[i] > 0.0 || self.power[i] > 0.0)
    }
}

impl RunParams {
    /// E2: the share of strikes on air-defence sites and air bases that
    /// lands on air bases outside Ukraine: the aircraft's share of the
    /// units' combat power when they fly from neighbouring states and are
    /// still with the force (`units_here`), else 0.
    pub fn air_bases_abroad_share(&self, units_here: bool) -> f64 {
        if !self.air_abroad || !units_here || self.aircraft <= 0.0 {
            return 0.0;
        }
        let air = self.c[Coef::AircraftWeight] * self.aircraft;
        let ad = self.c[Coef::AirDefenceWeight] * self.air_defence;
        if air + ad > 0.0 {
            air / (air + ad)
        } else {
            1.0
        }
    }

    /// F1 for the force's tiers `t` (those [`RunParams::tiers`] gives):
    /// each tier's people committed with rotation (troops, trainers and
    /// crews, wherever based), its strain against its pool, and the will it
    /// recovers toward, max(0, 1 − cut · max(0, strain − threshold)):
    /// exactly 1 without strain, so an unstrained force recovers as before.
    pub fn force_generation(&self, t: &Tiers) -> ForceGeneration {
        let c = &self.c;
        let mut people = t.people;
        people[t.holder] += t.crews_abroad;
        let committed = people.map(|x| x * c[Coef::RotationMultiplier]);
        let pools = [Coef::PoolLead, Coef::PoolGround, Coef::PoolEnablers];
        let strain = [0, 1, 2].map(|i| committed[i] / c[pools[i]]);
        let (cut, free) = (c[Coef::StrainWillCut], c[Coef::StrainThreshold]);
        let will_target = strain.map(|s| {
            let over = s - free;
            if cut == 0.0 || over <= 0.0 {
                1.0
            } else {
                (1.0 - cut * over).max(0.0)
            }
        });
        ForceGeneration {
            committed,
            strain,
            will_target,
        }
    }
}

impl RunParams {
    /// People in the country who can be struck: troops, trainers and the
    /// crews of the deployed units.
    pub fn footprint(&self) -> f64 {
        self.tiers().people.iter().sum()
    }
}

/// A zone's coefficients: exposure (R1, G1), deterrence weight (D1), share
/// of air defence over cities (I1), chance an offensive reaches it (O1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ZoneCoefs {
    pub exposure: f64,
    pub weight: f64,
    pub city_cover: f64,
    pub reach: f64,
}

/// F1, per tier in tier order: people committed with rotation, strain
/// (committed / pool) and the will the tier recovers toward.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ForceGeneration {
    pub committed: [f64; 3],
    pub strain: [f64; 3],
    pub will_target: [f64; 3],
}

/// The three contributor tiers: 0 lead nations, 1 other ground
/// contributors, 2 enablers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tiers {
    /// Share of the force's initial combat power (sums to 1, or all 0).
    pub power: [f64; 3],
    /// Troops and trainers.
    pub troops: [f64; 3],
    /// Troops, trainers and unit crews.
    pub people: [f64; 3],
    /// The tier that holds the air-defence, aircraft and naval units.
    pub holder: usize,
    /// The holder's aircrews based outside Ukraine (`air_basing =
    /// "neighbouring"`): committed (F1), not in the country.
    pub crews_abroad: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memo_keeps_what_it_computed_and_computes_past_its_end() {
        let m = Memo::new(4);
        let calls = std::cell::Cell::new(0);
        let f = |i: u32| {
            calls.set(calls.get() + 1);
            f64::from(i) + 0.5
        };
        assert_eq!(m.get(2, || f(2)), 2.5);
        assert_eq!(m.get(2, || f(2)), 2.5);
        assert_eq!(calls.get(), 1, "the second ask reads the kept value");
        assert_eq!(m.get(9, || f(9)), 9.5);
        assert_eq!(m.get(9, || f(9)), 9.5);
        assert_eq!(calls.get(), 3, "past the end, every ask computes");
        // A clone shares what was kept.
        assert_eq!(m.clone().get(2, || -1.0), 2.5);
    }

    #[test]
    fn kept_relapse_and_retaliation_equal_the_equations() {
        let m = Model::new(&crate::scenario::load_default());
        assert!(m.relapse.is_some() && m.retaliation.is_some());
        let p = m.central_params();
        for s in [0, 1, 2, 17, 255, 256, 400] {
            for _ in 0..2 {
                assert_eq!(
                    m.offensive_q(&p, s).to_bits(),
                    offensive_q(&p.c, s).to_bits()
                );
            }
        }
        for k in [1, 2, 700, 2047, 2048, 9000] {
            for _ in 0..2 {
                let (kept, direct) = (m.retaliation_decay(&p, k), retaliation_decay(&p.c, k));
                assert_eq!(kept.to_bits(), direct.to_bits());
            }
        }
    }
}
