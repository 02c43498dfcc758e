//! PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999): find a
//! box in the space of inputs — a range per input — inside which the case of
//! interest is much more common than overall.
//!
//! `reassure discover` gives it one row per run (the uncertain inputs the run
//! drew) and whether the run ended in an outcome; `reassure robustness` gives
//! it one row per assumption draw and whether the leading option changed. The
//! box it returns reads as a scenario: "when `a` is between 0.2 and 0.6 and
//! `b` is above 0.5, the outcome happens 9 times in 10".
//!
//! # Terms
//!
//! For a box B over n points of which N are cases (y = true):
//! - **mass**: the share of all n points inside B;
//! - **density**: the share of the points inside B that are cases;
//! - **coverage**: the share of all N cases that lie inside B;
//! - **base rate**: N / n, the density of the full box.
//!
//! A box's limits are inclusive, `low <= x <= high`, and are values the data
//! takes. The full box's limits are each column's min and max; a dimension is
//! **restricted** when its limits are narrower than that.
//!
//! # Peeling
//!
//! From the full box, each step considers, for every dimension, cutting off
//! the `alpha` share of the points now in the box that have the lowest values
//! of that dimension, or the highest, and takes the cut after which the box is
//! densest. Ties within a dimension (discrete inputs) are never split: a cut
//! takes whole groups of equal values, as many as fit in the `alpha` share,
//! and when even the extreme group is larger than that, the cut takes that one
//! group — a step never removes nothing, and never empties the box. Peeling
//! is "patient" because each step removes little, so an early cut that later
//! proves a poor choice costs little.
//!
//! Peeling stops when every cut would leave a box with mass below `min_mass`,
//! when no cut raises the density, or when every dimension has one value left
//! in the box. Each box along the way is kept: the **trajectory**. Along it
//! mass strictly falls, density strictly rises and coverage never rises, so
//! the last box has the peak density.
//!
//! Among equally dense cuts the one that removes fewer points wins (the box
//! keeps more), then the lower dimension, then the low side: the result is a
//! pure function of the data.
//!
//! # Choosing a box
//!
//! The trajectory trades coverage against density; one box is chosen by a
//! stated rule:
//!
//! - by default (`min_density: None`), the box with the highest **F score**,
//!   the harmonic mean of coverage and density, `2·C·D / (C + D)`: coverage
//!   is the recall and density the precision of "inside the box" as a
//!   prediction of "a case", and this weighs them equally. Since the score is
//!   `2·a / (b + N)` for `a` cases among `b` points inside and `N` cases in
//!   all, a slab of points raises it exactly when its own share of cases
//!   beats half the score: on a region with a sharp edge the rule stops near
//!   the middle of the edge, where the share of cases is about halfway
//!   between inside and outside. Scores are compared exactly (as integer
//!   ratios); ties go to the earlier, larger box.
//! - with `min_density: Some(t)`, the box with the highest coverage whose
//!   density is at least `t` (among boxes of equal coverage, the densest).
//!   If no box is that dense, the densest box, with a note.
//!
//! Two other rules were tried on the planted-box test (the share of cases
//! is 0.9 in x0 ∈ [0.2, 0.6] × x3 ∈ [0.5, 0.9] and 0.05 elsewhere; 20,000
//! points). "Highest coverage with density halfway between the base rate and
//! the peak": density rises steeply only as peeling nears the region, so
//! halfway is reached with some side still far out (a limit 0.15 to 0.21
//! off on the seeds tried). "Most cases beyond the base rate", mass ×
//! (density − base rate): a slab joins when its share of cases beats the
//! base rate, so the box runs past the edge (over 100 seeds, limits up to
//! 0.021 off and density down to 0.80, against 0.015 and 0.82 for the F
//! score). A caller who wants a density floor passes it as `min_density`.
//!
//! # Pasting
//!
//! Peeling cannot undo a cut that later cuts made unnecessary. Pasting
//! starts from the chosen box and, for every dimension and side, considers
//! widening the limit to take in the `alpha` share (of the points now in the
//! box) of the nearest points outside that limit that satisfy every other
//! limit, in whole tie groups; it takes the widening that raises the density
//! most, and repeats until none raises it. A widening that takes in every
//! remaining point on its side puts the limit back at the data's min or max,
//! so the dimension reads as unrestricted there. Any box of the trajectory
//! can be pasted with [`Prim::paste`] or [`paste`].
//!
//! # What each limit does
//!
//! [`PrimBox::restrictions`] lists the restricted dimensions with the box's
//! density, coverage and mass if that dimension's limits were dropped: a limit
//! that does the work loses much density when dropped; one that does not
//! loses little, and the box reads more simply without it.
//!
//! # Cost
//!
//! Each column is sorted once (an index per column, `u32`, so memory is
//! 4·n·d bytes beside the data and a violation count per point). A step finds
//! each cut by walking a column's sorted order inward from its current limit,
//! skipping points outside the box, until it has passed the `alpha` share of
//! the box's points: no re-sorting, at worst O(n·d) per step, and about
//! 2·alpha·n·d point visits when the box's points are spread evenly along
//! each column. Peeling takes at most about ln(min_mass)/ln(1 − alpha) steps
//! (58 at the defaults). Measured in release (the ignored test
//! `prim_timing_100k`), n = 100,000: d = 10 about 0.1 s, d = 30 about 0.5 s,
//! sorting included.
//!
//! # When there is nothing to find
//!
//! With no points, no input columns, no case, every point a case, or a NaN in
//! the inputs, peeling does not run: the trajectory holds the full box alone
//! and `notes` says why in plain words. The same holds, with a note, when
//! every column is constant or no first cut raises the density.

use serde::Serialize;

/// PRIM's parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Opts {
    /// The share of the box's points a peeling or pasting step moves, in
    /// (0, 1). Default 0.05: small steps (patience) at about 58 steps.
    pub alpha: f64,
    /// Peeling stops before the box's mass (its share of all points) would
    /// fall below this, in [0, 1]. Default 0.05: a box that holds fewer than
    /// one run in twenty describes little of what can happen.
    pub min_mass: f64,
    /// `None` (default): choose the box with the highest F score. `Some(t)`:
    /// choose the box with the highest coverage whose density is at least t.
    pub min_density: Option<f64>,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            alpha: 0.05,
            min_mass: 0.05,
            min_density: None,
        }
    }
}

impl Opts {
    /// Whether the parameters are usable; the message names the bad one.
    pub fn check(&self) -> Result<(), String> {
        if !(self.alpha > 0.0 && self.alpha < 1.0) {
            return Err(format!(
                "PRIM's alpha must be between 0 and 1 (exclusive), not {}",
                self.alpha
            ));
        }
        if !(0.0..=1.0).contains(&self.min_mass) {
            return Err(format!(
                "PRIM's min_mass must be between 0 and 1, not {}",
                self.min_mass
            ));
        }
        if let Some(t) = self.min_density
            && !(0.0..=1.0).contains(&t)
        {
            return Err(format!(
                "PRIM's min_density must be between 0 and 1, not {t}"
            ));
        }
        Ok(())
    }
}

/// A box: inclusive limits per dimension, and what it holds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrimBox {
    /// `(low, high)` per dimension; a point is inside when
    /// `low <= x <= high` in every dimension.
    pub limits: Vec<(f64, f64)>,
    /// The share of all cases that lie inside (0 when there is no case).
    pub coverage: f64,
    /// The share of the points inside that are cases (0 for an empty box).
    pub density: f64,
    /// The share of all points that lie inside (0 when there are no points).
    pub mass: f64,
    /// The points inside.
    pub n: usize,
    /// The cases inside.
    pub n_cases: usize,
}

/// One restricted dimension of a box, and what dropping its limits would do.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Restriction {
    pub dim: usize,
    pub name: String,
    pub low: f64,
    pub high: f64,
    /// Whether `low` is above the data's min (else only `high` restricts).
    pub low_restricted: bool,
    /// Whether `high` is below the data's max.
    pub high_restricted: bool,
    /// The box's density, coverage and mass with this dimension's limits
    /// set back to the data's min and max and every other limit kept.
    pub density_if_dropped: f64,
    pub coverage_if_dropped: f64,
    pub mass_if_dropped: f64,
}

impl PrimBox {
    /// The dimensions whose limits are narrower than the data's `ranges`
    /// (each column's min and max, as in [`Trajectory::ranges`]).
    pub fn restricted_dims(&self, ranges: &[(f64, f64)]) -> Vec<usize> {
        self.limits
            .iter()
            .zip(ranges)
            .enumerate()
            .filter(|(_, (l, r))| l.0 > r.0 || l.1 < r.1)
            .map(|(j, _)| j)
            .collect()
    }

    /// The harmonic mean of coverage and density (0 with no case inside):
    /// the default choice rule's score.
    pub fn f_score(&self) -> f64 {
        if self.n_cases == 0 {
            0.0
        } else {
            2.0 * self.coverage * self.density / (self.coverage + self.density)
        }
    }

    /// The restricted dimensions, by name, with the box's density, coverage
    /// and mass if each one's limits were dropped (the others kept). `x` and
    /// `y` must be the data the box was found on; a dimension without a name
    /// in `names` is called `x<index>`. O(n·d).
    ///
    /// # Panics
    ///
    /// If `x` has fewer columns than the box has limits, or a column is
    /// shorter than `y`.
    pub fn restrictions<S: AsRef<str>>(
        &self,
        x: &[Vec<f64>],
        y: &[bool],
        names: &[S],
    ) -> Vec<Restriction> {
        let ranges: Vec<(f64, f64)> = x.iter().map(|c| range_of(c)).collect();
        let n_all = y.len();
        let n_cases_all = y.iter().filter(|&&c| c).count();
        let violates = |j: usize, i: usize| {
            let v = x[j][i];
            v < self.limits[j].0 || v > self.limits[j].1
        };
        // How many limits each point breaks: a point outside only because
        // of dimension j rejoins the box when j's limits are dropped.
        let out: Vec<u32> = (0..n_all)
            .map(|i| (0..x.len()).filter(|&j| violates(j, i)).count() as u32)
            .collect();
        self.restricted_dims(&ranges)
            .into_iter()
            .map(|j| {
                let (mut n_in, mut c_in) = (self.n, self.n_cases);
                for i in 0..n_all {
                    if out[i] == 1 && violates(j, i) {
                        n_in += 1;
                        c_in += usize::from(y[i]);
                    }
                }
                let (low, high) = self.limits[j];
                Restriction {
                    dim: j,
                    name: names
                        .get(j)
                        .map_or_else(|| format!("x{j}"), |s| s.as_ref().to_string()),
                    low,
                    high,
                    low_restricted: low > ranges[j].0,
                    high_restricted: high < ranges[j].1,
                    density_if_dropped: ratio(c_in, n_in),
                    coverage_if_dropped: ratio(c_in, n_cases_all),
                    mass_if_dropped: ratio(n_in, n_all),
                }
            })
            .collect()
    }
}

/// Why peeling ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stop {
    /// Every cut would have left less than `min_mass`.
    MinMass,
    /// No cut (within `min_mass`) raised the density.
    NoGain,
    /// Every dimension had a single value left in the box.
    NothingToPeel,
    /// Peeling did not run (see the notes): no points, no columns, no case,
    /// only cases, or NaN in the inputs.
    NotRun,
}

/// The peeling trajectory, the chosen box and its pasted form.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trajectory {
    /// The boxes peeling went through; `boxes[0]` is the full box.
    pub boxes: Vec<PrimBox>,
    /// The index of the box the choice rule picked (see the module doc).
    pub chosen: usize,
    /// `boxes[chosen]` after pasting.
    pub pasted: PrimBox,
    /// The share of all points that are cases.
    pub base_rate: f64,
    /// All points and all cases.
    pub n: usize,
    pub n_cases: usize,
    /// Each column's (min, max), NaN ignored: the full box's limits, against
    /// which a limit counts as restricted.
    pub ranges: Vec<(f64, f64)>,
    pub stop: Stop,
    /// Plain words on anything out of the ordinary: why peeling did not run
    /// or made no step, or that no box reached `min_density`.
    pub notes: Vec<String>,
}

/// Peels, chooses a box by the rule in the module doc, and pastes it.
/// `x` is column-major: `x[j][i]` is input j of point i.
///
/// # Panics
///
/// If a column's length differs from `y`'s, or `opts` fails [`Opts::check`]:
/// both are the caller's bugs, not properties of the data.
pub fn peel_and_paste(x: &[Vec<f64>], y: &[bool], opts: &Opts) -> Trajectory {
    Prim::new(x, y).peel_and_paste(opts)
}

/// Pastes `b` (a box of a trajectory found on the same data) by the rule in
/// the module doc. Sorts the columns again; to paste several boxes, use one
/// [`Prim`].
///
/// # Panics
///
/// As [`peel_and_paste`], and if `b` has a different number of dimensions.
pub fn paste(x: &[Vec<f64>], y: &[bool], b: &PrimBox, opts: &Opts) -> PrimBox {
    Prim::new(x, y).paste(b, opts)
}

/// The data prepared for PRIM: every column's sort order, computed once and
/// shared by peeling and any number of pastings.
pub struct Prim<'a> {
    x: &'a [Vec<f64>],
    y: &'a [bool],
    /// `order[j]`: the point indices sorted by column j (empty when peeling
    /// cannot run).
    order: Vec<Vec<u32>>,
    ranges: Vec<(f64, f64)>,
    n_cases: usize,
    /// Why peeling cannot run, in plain words.
    problem: Option<String>,
}

impl std::fmt::Debug for Prim<'_> {
    // The data and sort orders run to millions of numbers: show the shape.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prim")
            .field("n", &self.y.len())
            .field("d", &self.x.len())
            .field("n_cases", &self.n_cases)
            .field("problem", &self.problem)
            .finish()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Low,
    High,
}

/// A candidate step: move `side` of dimension `dim` to `limit`, which takes
/// `n` points, `c` of them cases, out of the box (peeling) or into it
/// (pasting).
#[derive(Clone, Copy, Debug)]
struct Move {
    dim: usize,
    side: Side,
    n: usize,
    c: usize,
    limit: f64,
}

/// A box being peeled or pasted, with the bookkeeping that makes a step
/// cost a walk rather than a scan.
#[derive(Clone, Debug)]
struct State {
    lo: Vec<f64>,
    hi: Vec<f64>,
    /// In `order[j]`, the first position with value >= `lo[j]`, and one past
    /// the last with value <= `hi[j]`: everything outside is out of the box.
    lo_pos: Vec<usize>,
    hi_pos: Vec<usize>,
    /// Per point, how many limits it breaks; 0 means inside.
    out: Vec<u32>,
    n_in: usize,
    c_in: usize,
}

impl<'a> Prim<'a> {
    /// Checks the data and sorts each column once.
    ///
    /// # Panics
    ///
    /// If a column's length differs from `y`'s.
    pub fn new(x: &'a [Vec<f64>], y: &'a [bool]) -> Self {
        let n = y.len();
        for (j, col) in x.iter().enumerate() {
            assert_eq!(
                col.len(),
                n,
                "PRIM input column {j} has {} values but there are {n} outcomes",
                col.len()
            );
        }
        let n_cases = y.iter().filter(|&&c| c).count();
        let ranges: Vec<(f64, f64)> = x.iter().map(|c| range_of(c)).collect();
        let nan_cols: Vec<usize> = (0..x.len())
            .filter(|&j| x[j].iter().any(|v| v.is_nan()))
            .collect();
        let problem = if n == 0 {
            Some("there are no runs to analyse".to_string())
        } else if x.is_empty() {
            Some("there are no input columns, so no box can be drawn".to_string())
        } else if n_cases == 0 {
            Some("no run is a case, so there is no region where cases concentrate".to_string())
        } else if n_cases == n {
            Some(
                "every run is a case, so the full box is already as dense as a box can be"
                    .to_string(),
            )
        } else if !nan_cols.is_empty() {
            Some(format!(
                "input column(s) {nan_cols:?} hold NaN, which has no place in a range; \
                 drop or fill those runs first"
            ))
        } else if u32::try_from(n).is_err() {
            Some(format!(
                "{n} runs exceed the 2^32 this implementation indexes"
            ))
        } else {
            None
        };
        let order = if problem.is_some() {
            Vec::new()
        } else {
            x.iter()
                .map(|col| {
                    // Sorting (value, index) pairs keeps the comparisons in
                    // cache; the order of tied values does not matter, as
                    // every step moves whole tie groups.
                    let mut pairs: Vec<(f64, u32)> = col
                        .iter()
                        .enumerate()
                        .map(|(i, &v)| (v, i as u32))
                        .collect();
                    pairs.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
                    pairs.into_iter().map(|(_, i)| i).collect()
                })
                .collect()
        };
        Prim {
            x,
            y,
            order,
            ranges,
            n_cases,
            problem,
        }
    }

    /// Each column's (min, max), NaN ignored.
    pub fn ranges(&self) -> &[(f64, f64)] {
        &self.ranges
    }

    /// The module doc's algorithm: peel, choose, paste.
    ///
    /// # Panics
    ///
    /// If `opts` fails [`Opts::check`].
    pub fn peel_and_paste(&self, opts: &Opts) -> Trajectory {
        if let Err(e) = opts.check() {
            panic!("{e}");
        }
        let n = self.y.len();
        let base_rate = ratio(self.n_cases, n);
        let mut notes = Vec::new();
        let (boxes, stop) = match &self.problem {
            Some(p) => {
                notes.push(format!("PRIM did not run: {p}."));
                (vec![self.full_box()], Stop::NotRun)
            }
            None => self.peel(opts),
        };
        if boxes.len() == 1 {
            match stop {
                Stop::NothingToPeel => notes.push(
                    "every input column is constant, so no limit can separate cases from the rest."
                        .to_string(),
                ),
                Stop::NoGain => notes.push(
                    "no cut of any input raises the share of cases: they are spread evenly \
                     over every input's range, as far as steps of alpha can tell."
                        .to_string(),
                ),
                Stop::MinMass => notes.push(format!(
                    "every cut would leave less than min_mass = {} of the runs.",
                    opts.min_mass
                )),
                Stop::NotRun => {}
            }
        }
        let (chosen, note) = choose(&boxes, opts.min_density);
        notes.extend(note);
        let pasted = self.paste(&boxes[chosen], opts);
        Trajectory {
            boxes,
            chosen,
            pasted,
            base_rate,
            n,
            n_cases: self.n_cases,
            ranges: self.ranges.clone(),
            stop,
            notes,
        }
    }

    /// Pastes `b`, a box on this data (see the module doc). Returns `b`
    /// unchanged when peeling cannot run on this data.
    ///
    /// # Panics
    ///
    /// If `b` has a different number of dimensions than the data, or `opts`
    /// fails [`Opts::check`].
    pub fn paste(&self, b: &PrimBox, opts: &Opts) -> PrimBox {
        if let Err(e) = opts.check() {
            panic!("{e}");
        }
        assert_eq!(
            b.limits.len(),
            self.x.len(),
            "a box of {} dimensions pasted on data of {}",
            b.limits.len(),
            self.x.len()
        );
        if self.problem.is_some() {
            return b.clone();
        }
        let mut s = self.state_for(&b.limits);
        loop {
            let target = step_size(opts.alpha, s.n_in);
            let mut best: Option<Move> = None;
            for j in 0..self.x.len() {
                for side in [Side::Low, Side::High] {
                    let Some(m) = self.paste_move(&s, j, side, target) else {
                        continue;
                    };
                    let cand = (s.c_in + m.c, s.n_in + m.n);
                    // Densest wins; among equals, the one that adds fewer
                    // points (the box stays as tight as the data allows).
                    let better = best.is_none_or(|b| {
                        let bc = (s.c_in + b.c, s.n_in + b.n);
                        denser(cand, bc) || (!denser(bc, cand) && cand.1 < bc.1)
                    });
                    if better {
                        best = Some(m);
                    }
                }
            }
            match best {
                Some(m) if denser((s.c_in + m.c, s.n_in + m.n), (s.c_in, s.n_in)) => {
                    self.set_limit(&mut s, m.dim, m.side, m.limit);
                    self.debug_check(&s);
                }
                _ => break,
            }
        }
        self.box_of(&s)
    }

    fn peel(&self, opts: &Opts) -> (Vec<PrimBox>, Stop) {
        let n = self.y.len();
        let mut s = self.full_state();
        let mut boxes = vec![self.box_of(&s)];
        let stop = loop {
            let target = step_size(opts.alpha, s.n_in);
            let mut best: Option<Move> = None;
            let (mut any, mut any_allowed) = (false, false);
            for j in 0..self.x.len() {
                for side in [Side::Low, Side::High] {
                    let Some(m) = self.peel_move(&s, j, side, target) else {
                        continue;
                    };
                    any = true;
                    let left = s.n_in - m.n;
                    if (left as f64) < opts.min_mass * n as f64 {
                        continue;
                    }
                    any_allowed = true;
                    let cand = (s.c_in - m.c, left);
                    // Densest wins; among equals, the one that keeps more
                    // points (patience); then the first found.
                    let better = best.is_none_or(|b| {
                        let bc = (s.c_in - b.c, s.n_in - b.n);
                        denser(cand, bc) || (!denser(bc, cand) && cand.1 > bc.1)
                    });
                    if better {
                        best = Some(m);
                    }
                }
            }
            let Some(m) = best else {
                break if !any {
                    Stop::NothingToPeel
                } else {
                    debug_assert!(!any_allowed);
                    Stop::MinMass
                };
            };
            if !denser((s.c_in - m.c, s.n_in - m.n), (s.c_in, s.n_in)) {
                break Stop::NoGain;
            }
            self.set_limit(&mut s, m.dim, m.side, m.limit);
            debug_assert_eq!((s.n_in, s.c_in), {
                let b = boxes.last().expect("the full box is first");
                (b.n - m.n, b.n_cases - m.c)
            });
            self.debug_check(&s);
            boxes.push(self.box_of(&s));
        };
        (boxes, stop)
    }

    /// The cut of `side` of dimension `j`: whole tie groups of in-box points
    /// from that end, as many as fit in `target` points, or the extreme group
    /// alone if even it does not fit; `None` if the box holds one value of j.
    fn peel_move(&self, s: &State, j: usize, side: Side, target: usize) -> Option<Move> {
        let ord = &self.order[j][s.lo_pos[j]..s.hi_pos[j]];
        let (col, y, out) = (&self.x[j], self.y, &s.out);
        let found = match side {
            Side::Low => peel_walk(ord.iter(), col, y, out, target),
            Side::High => peel_walk(ord.iter().rev(), col, y, out, target),
        };
        found.map(|(n, c, limit)| Move {
            dim: j,
            side,
            n,
            c,
            limit,
        })
    }

    /// The widening of `side` of dimension `j`: whole tie groups of the
    /// points beyond that limit that satisfy every other limit, nearest
    /// first, until at least `target` are taken; `None` if there are none.
    fn paste_move(&self, s: &State, j: usize, side: Side, target: usize) -> Option<Move> {
        let (col, y, out) = (&self.x[j], self.y, &s.out);
        let found = match side {
            Side::Low => paste_walk(
                self.order[j][..s.lo_pos[j]].iter().rev(),
                col,
                y,
                out,
                target,
            ),
            Side::High => paste_walk(self.order[j][s.hi_pos[j]..].iter(), col, y, out, target),
        };
        found.map(|(n, c, limit)| Move {
            dim: j,
            side,
            n,
            c,
            // Every candidate on this side taken: no limit left there.
            limit: limit.unwrap_or(match side {
                Side::Low => self.ranges[j].0,
                Side::High => self.ranges[j].1,
            }),
        })
    }

    /// Moves one limit, updating every point it crosses; the box's counts
    /// follow the points that enter or leave.
    fn set_limit(&self, s: &mut State, j: usize, side: Side, limit: f64) {
        let (col, ord, y) = (&self.x[j], &self.order[j], self.y);
        let n = ord.len();
        let tighten = |i: usize, s: &mut State| {
            if s.out[i] == 0 {
                s.n_in -= 1;
                s.c_in -= usize::from(y[i]);
            }
            s.out[i] += 1;
        };
        let loosen = |i: usize, s: &mut State| {
            s.out[i] -= 1;
            if s.out[i] == 0 {
                s.n_in += 1;
                s.c_in += usize::from(y[i]);
            }
        };
        match side {
            Side::Low => {
                let mut p = s.lo_pos[j];
                if limit > s.lo[j] {
                    while p < n && col[ord[p] as usize] < limit {
                        tighten(ord[p] as usize, s);
                        p += 1;
                    }
                } else {
                    while p > 0 && col[ord[p - 1] as usize] >= limit {
                        loosen(ord[p - 1] as usize, s);
                        p -= 1;
                    }
                }
                s.lo_pos[j] = p;
                s.lo[j] = limit;
            }
            Side::High => {
                let mut p = s.hi_pos[j];
                if limit < s.hi[j] {
                    while p > 0 && col[ord[p - 1] as usize] > limit {
                        tighten(ord[p - 1] as usize, s);
                        p -= 1;
                    }
                } else {
                    while p < n && col[ord[p] as usize] <= limit {
                        loosen(ord[p] as usize, s);
                        p += 1;
                    }
                }
                s.hi_pos[j] = p;
                s.hi[j] = limit;
            }
        }
    }

    fn full_state(&self) -> State {
        let (d, n) = (self.x.len(), self.y.len());
        State {
            lo: self.ranges.iter().map(|r| r.0).collect(),
            hi: self.ranges.iter().map(|r| r.1).collect(),
            lo_pos: vec![0; d],
            hi_pos: vec![n; d],
            out: vec![0; n],
            n_in: n,
            c_in: self.n_cases,
        }
    }

    /// The bookkeeping for a box given by its limits: O(n·d).
    fn state_for(&self, limits: &[(f64, f64)]) -> State {
        let n = self.y.len();
        let mut out = vec![0u32; n];
        for (j, &(lo, hi)) in limits.iter().enumerate() {
            for (o, &v) in out.iter_mut().zip(&self.x[j]) {
                *o += u32::from(v < lo || v > hi);
            }
        }
        let (n_in, c_in) = (0..n)
            .filter(|&i| out[i] == 0)
            .fold((0, 0), |(a, b), i| (a + 1, b + usize::from(self.y[i])));
        let col_pos = |j: usize, f: &dyn Fn(f64) -> bool| {
            self.order[j].partition_point(|&i| f(self.x[j][i as usize]))
        };
        State {
            lo: limits.iter().map(|l| l.0).collect(),
            hi: limits.iter().map(|l| l.1).collect(),
            lo_pos: (0..limits.len())
                .map(|j| col_pos(j, &|v| v < limits[j].0))
                .collect(),
            hi_pos: (0..limits.len())
                .map(|j| col_pos(j, &|v| v <= limits[j].1))
                .collect(),
            out,
            n_in,
            c_in,
        }
    }

    fn full_box(&self) -> PrimBox {
        let n = self.y.len();
        PrimBox {
            limits: self.ranges.clone(),
            coverage: ratio(self.n_cases, self.n_cases),
            density: ratio(self.n_cases, n),
            mass: ratio(n, n),
            n,
            n_cases: self.n_cases,
        }
    }

    fn box_of(&self, s: &State) -> PrimBox {
        PrimBox {
            limits: s.lo.iter().copied().zip(s.hi.iter().copied()).collect(),
            coverage: ratio(s.c_in, self.n_cases),
            density: ratio(s.c_in, s.n_in),
            mass: ratio(s.n_in, self.y.len()),
            n: s.n_in,
            n_cases: s.c_in,
        }
    }

    /// Debug builds (and `cargo test`) recount the box from its limits after
    /// every step: the incremental bookkeeping must match a plain scan. Only
    /// on small data, as the recount costs O(n·d) a step and a debug build of
    /// `discover` on 100,000 runs should not crawl.
    fn debug_check(&self, s: &State) {
        if cfg!(debug_assertions) && self.y.len() * self.x.len() <= 1 << 20 {
            let fresh = self.state_for(
                &s.lo
                    .iter()
                    .copied()
                    .zip(s.hi.iter().copied())
                    .collect::<Vec<_>>(),
            );
            assert_eq!(fresh.out, s.out, "violation counts drifted");
            assert_eq!((fresh.n_in, fresh.c_in), (s.n_in, s.c_in));
            assert_eq!((&fresh.lo_pos, &fresh.hi_pos), (&s.lo_pos, &s.hi_pos));
        }
    }
}

/// Points a step moves: the alpha share of the box, at least one.
fn step_size(alpha: f64, n_in: usize) -> usize {
    ((alpha * n_in as f64).floor() as usize).max(1)
}

/// The points of `idx` that `keep` selects, in walk order, as groups of
/// equal values: (value, points, cases).
fn tie_groups<'b>(
    idx: impl Iterator<Item = &'b u32> + 'b,
    col: &'b [f64],
    y: &'b [bool],
    keep: impl Fn(usize) -> bool + 'b,
) -> impl Iterator<Item = (f64, usize, usize)> + 'b {
    let mut it = idx
        .map(|&i| i as usize)
        .filter(move |&i| keep(i))
        .peekable();
    std::iter::from_fn(move || {
        let first = it.next()?;
        let v = col[first];
        let (mut n, mut c) = (1, usize::from(y[first]));
        while let Some(i) = it.next_if(|&i| col[i] == v) {
            n += 1;
            c += usize::from(y[i]);
        }
        Some((v, n, c))
    })
}

/// Walks in-box points (`out == 0`) from one end of a column inward in tie
/// groups. Returns (points, cases) of the groups to cut and the value of the
/// first group kept — the new limit — or `None` if the box holds one value.
fn peel_walk<'b>(
    idx: impl Iterator<Item = &'b u32> + 'b,
    col: &'b [f64],
    y: &'b [bool],
    out: &'b [u32],
    target: usize,
) -> Option<(usize, usize, f64)> {
    let mut groups = tie_groups(idx, col, y, |i| out[i] == 0).peekable();
    let (mut tn, mut tc) = (0usize, 0usize);
    while let Some((v, n, c)) = groups.next() {
        // A group that would overshoot the alpha share stays (the first
        // group is cut even when too big), and so does the last one.
        if tn > 0 && tn + n > target {
            return Some((tn, tc, v));
        }
        let Some(&(next, _, _)) = groups.peek() else {
            return (tn > 0).then_some((tn, tc, v));
        };
        tn += n;
        tc += c;
        if tn >= target {
            return Some((tn, tc, next));
        }
    }
    None
}

/// Walks the points beyond a limit that break no other limit (`out == 1`:
/// the one they break is this one), nearest first, in tie groups, until at
/// least `target` are taken. Returns (points, cases) and the value of the
/// farthest group taken — the new limit — or `None` for the limit when
/// every such point is taken.
fn paste_walk<'b>(
    idx: impl Iterator<Item = &'b u32> + 'b,
    col: &'b [f64],
    y: &'b [bool],
    out: &'b [u32],
    target: usize,
) -> Option<(usize, usize, Option<f64>)> {
    let mut groups = tie_groups(idx, col, y, |i| out[i] == 1).peekable();
    let (mut tn, mut tc) = (0usize, 0usize);
    while let Some((v, n, c)) = groups.next() {
        tn += n;
        tc += c;
        if groups.peek().is_none() {
            return Some((tn, tc, None));
        }
        if tn >= target {
            return Some((tn, tc, Some(v)));
        }
    }
    None
}

/// Whether (cases, points) `a` is strictly denser than `b`, exactly: floating
/// point would turn equal densities into coin flips and make ties depend on
/// rounding. An empty box has density 0.
fn denser(a: (usize, usize), b: (usize, usize)) -> bool {
    let norm = |(c, n): (usize, usize)| {
        if n == 0 {
            (0u128, 1u128)
        } else {
            (c as u128, n as u128)
        }
    };
    let ((ac, an), (bc, bn)) = (norm(a), norm(b));
    ac * bn > bc * an
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// A column's (min, max), NaN ignored; (−∞, +∞) for a column with no number.
fn range_of(col: &[f64]) -> (f64, f64) {
    let (lo, hi) = col
        .iter()
        .filter(|v| !v.is_nan())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    if lo > hi {
        (f64::NEG_INFINITY, f64::INFINITY)
    } else {
        (lo, hi)
    }
}

/// The choice rule of the module doc: the index into `boxes` (a peeling
/// trajectory: the full box first, density rising along it) and a note when
/// `min_density` was out of reach. 0 for an empty list.
pub fn choose(boxes: &[PrimBox], min_density: Option<f64>) -> (usize, Option<String>) {
    match min_density {
        None => {
            // F = 2·a / (b + N) with N the same for every box: compare
            // a / (b + N) exactly. The full box's points and cases give N.
            let total = boxes.first().map_or(0, |b| b.n_cases) as u128;
            let beats = |p: &PrimBox, q: &PrimBox| {
                p.n_cases as u128 * (q.n as u128 + total)
                    > q.n_cases as u128 * (p.n as u128 + total)
            };
            let mut best = 0;
            for (i, b) in boxes.iter().enumerate() {
                // Strictly more: ties keep the earlier, larger box.
                if beats(b, &boxes[best]) {
                    best = i;
                }
            }
            (best, None)
        }
        Some(t) => {
            let first = boxes.iter().position(|b| b.density >= t);
            match first {
                Some(mut i) => {
                    // Coverage never rises along the trajectory; later boxes
                    // with the same cases inside are denser.
                    while i + 1 < boxes.len() && boxes[i + 1].n_cases == boxes[i].n_cases {
                        i += 1;
                    }
                    (i, None)
                }
                None => {
                    let densest = (0..boxes.len())
                        .max_by(|&a, &b| boxes[a].density.total_cmp(&boxes[b].density))
                        .unwrap_or(0);
                    (
                        densest,
                        Some(format!(
                            "no box reached the density asked for ({t}); the densest ({:.3}) was chosen.",
                            boxes.get(densest).map_or(0.0, |b| b.density)
                        )),
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::rng::{RunKey, purpose};

    /// The planted region: x0 in [0.2, 0.6] and x3 in [0.5, 0.9].
    const PLANTED: [(usize, f64, f64); 2] = [(0, 0.2, 0.6), (3, 0.5, 0.9)];

    /// n points: six uniform inputs on [0, 1] and a seventh taking 0, 1 or 2;
    /// a case with probability 0.9 inside the planted region, 0.05 outside.
    fn planted(n: usize, seed: u64) -> (Vec<Vec<f64>>, Vec<bool>) {
        let mut s = RunKey::new(seed, 0).stream(purpose("test.prim.planted"));
        let mut x: Vec<Vec<f64>> = (0..7).map(|_| Vec::with_capacity(n)).collect();
        let mut y = Vec::with_capacity(n);
        for i in 0..n {
            for col in x.iter_mut().take(6) {
                col.push(s.next_f64());
            }
            x[6].push((s.next_f64() * 3.0).floor());
            let inside = PLANTED
                .iter()
                .all(|&(j, lo, hi)| (lo..=hi).contains(&x[j][i]));
            y.push(s.next_f64() < if inside { 0.9 } else { 0.05 });
        }
        (x, y)
    }

    /// How much of a dimension's range a box cuts off: (low cut + high cut)
    /// over (max − min).
    fn cut_share(b: &PrimBox, ranges: &[(f64, f64)], j: usize) -> f64 {
        let ((lo, hi), (min, max)) = (b.limits[j], ranges[j]);
        ((lo - min) + (max - hi)) / (max - min)
    }

    /// The test's rule for "restricted": a cut of at least 5% of the range.
    /// Smaller cuts are the granularity of one alpha step on a noise input.
    fn planted_is_found(t: &Trajectory) -> Result<(), String> {
        let b = &t.pasted;
        let restricted: Vec<usize> = (0..7)
            .filter(|&j| cut_share(b, &t.ranges, j) >= 0.05)
            .collect();
        if restricted != [0, 3] {
            return Err(format!("restricted {restricted:?}: {:?}", b.limits));
        }
        for (j, lo, hi) in PLANTED {
            let (blo, bhi) = b.limits[j];
            if (blo - lo).abs() > 0.05 || (bhi - hi).abs() > 0.05 {
                return Err(format!("x{j} in [{blo}, {bhi}], planted [{lo}, {hi}]"));
            }
        }
        if b.density < 0.8 || b.coverage < 0.7 {
            return Err(format!("density {} coverage {}", b.density, b.coverage));
        }
        Ok(())
    }

    #[test]
    fn planted_box_is_found() {
        let (x, y) = planted(20_000, 2025);
        let t = peel_and_paste(&x, &y, &Opts::default());
        planted_is_found(&t).unwrap();
        assert!(t.notes.is_empty(), "{:?}", t.notes);
        // Both planted limits do the work: dropping either loses most of
        // the density.
        let names = ["a", "b", "c", "d", "e", "f", "g"];
        let r = t.pasted.restrictions(&x, &y, &names);
        for (j, _, _) in PLANTED {
            let rj = r
                .iter()
                .find(|r| r.dim == j)
                .expect("planted dims are restricted");
            assert_eq!(rj.name, names[j]);
            assert!(rj.low_restricted && rj.high_restricted, "{rj:?}");
            assert!(rj.density_if_dropped < t.pasted.density - 0.3, "{rj:?}");
            assert!(
                rj.mass_if_dropped > t.pasted.mass && rj.coverage_if_dropped >= t.pasted.coverage
            );
        }
    }

    /// The fixed seed above is not a lucky one: the box is found on others.
    #[test]
    fn planted_box_is_found_on_other_seeds() {
        for seed in 1..=4 {
            let (x, y) = planted(20_000, seed);
            let t = peel_and_paste(&x, &y, &Opts::default());
            if let Err(e) = planted_is_found(&t) {
                panic!("seed {seed}: {e}");
            }
        }
    }

    #[test]
    fn the_trajectory_is_monotone_and_starts_at_the_full_box() {
        let (x, y) = planted(20_000, 7);
        let t = peel_and_paste(&x, &y, &Opts::default());
        let full = &t.boxes[0];
        assert_eq!((full.coverage, full.mass), (1.0, 1.0));
        assert_eq!(full.density, t.base_rate);
        assert_eq!(
            t.base_rate,
            y.iter().filter(|&&c| c).count() as f64 / y.len() as f64
        );
        assert_eq!(full.limits, t.ranges);
        assert!(t.boxes.len() > 10, "{} boxes", t.boxes.len());
        for w in t.boxes.windows(2) {
            assert!(w[1].mass < w[0].mass, "mass must fall strictly");
            assert!(w[1].coverage <= w[0].coverage);
            assert!(w[1].density > w[0].density);
            // Limits only narrow while peeling.
            for (a, b) in w[0].limits.iter().zip(&w[1].limits) {
                assert!(b.0 >= a.0 && b.1 <= a.1);
            }
        }
        let last = t.boxes.last().unwrap();
        assert!(last.mass >= 0.05);
        // The pasted box contains the chosen one and is at least as dense.
        let chosen = &t.boxes[t.chosen];
        assert!(t.pasted.density >= chosen.density && t.pasted.n >= chosen.n);
        for (p, c) in t.pasted.limits.iter().zip(&chosen.limits) {
            assert!(p.0 <= c.0 && p.1 >= c.1);
        }
        // Pasting a box again through the public entry gives the same box.
        assert_eq!(paste(&x, &y, chosen, &Opts::default()), t.pasted);
    }

    #[test]
    fn the_default_choice_has_the_best_f_score() {
        let (x, y) = planted(20_000, 3);
        let t = peel_and_paste(&x, &y, &Opts::default());
        let best = t.boxes[t.chosen].f_score();
        for (i, b) in t.boxes.iter().enumerate() {
            // Exact ties go to the earlier box; float rounding aside.
            assert!(b.f_score() <= best + 1e-12, "box {i}");
            if i < t.chosen {
                assert!(b.f_score() < best);
            }
        }
        // Hand-made: N = 10 cases among 100. F = 2·a/(b + N): 20/110,
        // 18/50, 10/30, 18/50: box 1 wins, and the equal box 3 loses the tie.
        let mk = |n: usize, n_cases: usize| PrimBox {
            limits: vec![],
            coverage: n_cases as f64 / 10.0,
            density: n_cases as f64 / n as f64,
            mass: n as f64 / 100.0,
            n,
            n_cases,
        };
        let boxes = [mk(100, 10), mk(40, 9), mk(20, 5), mk(40, 9)];
        assert_eq!(choose(&boxes, None), (1, None));
        assert_eq!(choose(&boxes, Some(0.2)), (1, None));
        assert_eq!(choose(&boxes, Some(0.25)), (2, None));
        let (i, note) = choose(&boxes, Some(0.3));
        assert!(i == 2 && note.is_some());
        assert_eq!(choose(&[], None).0, 0);
    }

    #[test]
    fn discrete_inputs_are_peeled_in_whole_tie_groups() {
        // 0, 1, 2 in equal thirds; the cases are exactly the 2s. Each group
        // is far larger than alpha's 5%: each cut takes one whole group.
        let n = 3000;
        let col: Vec<f64> = (0..n).map(|i| (i % 3) as f64).collect();
        let y: Vec<bool> = col.iter().map(|&v| v == 2.0).collect();
        let x = vec![col];
        let t = peel_and_paste(&x, &y, &Opts::default());
        let got: Vec<((f64, f64), usize)> = t.boxes.iter().map(|b| (b.limits[0], b.n)).collect();
        assert_eq!(
            got,
            [((0.0, 2.0), 3000), ((1.0, 2.0), 2000), ((2.0, 2.0), 1000)]
        );
        assert_eq!(t.stop, Stop::NothingToPeel);
        assert_eq!(t.boxes[2].density, 1.0);
        assert_eq!((t.chosen, t.pasted.limits[0]), (2, (2.0, 2.0)));
    }

    #[test]
    fn a_cut_keeps_ties_together_and_fits_alpha() {
        // Values 0..99, each 10 times, cases where the value is 50 or more.
        // alpha 0.05 of 1000 is 50 points: five whole groups from the low
        // end (no group split), so the first box starts at 5.
        let col: Vec<f64> = (0..1000).map(|i| (i / 10) as f64).collect();
        let y: Vec<bool> = col.iter().map(|&v| v >= 50.0).collect();
        let x = vec![col];
        let t = peel_and_paste(&x, &y, &Opts::default());
        assert_eq!(t.boxes[1].limits[0], (5.0, 99.0));
        assert_eq!(t.boxes[1].n, 950);
        // Every cut is whole groups: limits stay on the values. Peeling ends
        // when the box holds cases only, within a step of 50.
        for b in &t.boxes {
            assert_eq!(b.n, count_in(&x[0], b.limits[0]));
            assert_eq!(b.n % 10, 0, "{:?}", b.limits);
        }
        let last = t.boxes.last().unwrap();
        assert_eq!(last.density, 1.0);
        assert!(
            (50.0..=52.0).contains(&last.limits[0].0),
            "{:?}",
            last.limits
        );
        assert_eq!(t.stop, Stop::NoGain);
    }

    #[test]
    fn pasting_recovers_cases_a_cut_left_out() {
        // x on a grid of 1000 points in [0, 1); cases exactly in [0.3, 0.8).
        // From [0.5, 0.9] (density 0.75), widening downwards adds cases until
        // 0.3; widening upwards or below 0.3 adds non-cases.
        let col: Vec<f64> = (0..1000).map(|i| i as f64 / 1000.0).collect();
        let y: Vec<bool> = col.iter().map(|&v| (0.3..0.8).contains(&v)).collect();
        let x = vec![col];
        let prim = Prim::new(&x, &y);
        let start = PrimBox {
            limits: vec![(0.5, 0.9)],
            coverage: 0.0,
            density: 0.0,
            mass: 0.0,
            n: 0,
            n_cases: 0,
        };
        let p = prim.paste(&start, &Opts::default());
        assert!((p.limits[0].0 - 0.3).abs() <= 0.03, "{:?}", p.limits);
        assert_eq!(p.limits[0].1, 0.9);
        assert!(p.density > 0.8, "{}", p.density);
        // The counts are those of the limits; the last step, which would
        // have taken non-cases below 0.3 along with the last cases, is not.
        let (lo, hi) = p.limits[0];
        let cases = (0..1000)
            .filter(|&i| y[i] && lo <= x[0][i] && x[0][i] <= hi)
            .count();
        assert_eq!((p.n, p.n_cases), (count_in(&x[0], p.limits[0]), cases));
        assert!(cases >= 470, "{cases}");
    }

    fn count_in(col: &[f64], (lo, hi): (f64, f64)) -> usize {
        col.iter().filter(|&&v| lo <= v && v <= hi).count()
    }

    #[test]
    fn pasting_every_point_back_unrestricts_the_side() {
        // 0..99, cases everywhere but 80..89. From [0, 95] (86 cases in 96),
        // the four points above are all cases.
        let col0: Vec<f64> = (0..100).map(|i| i as f64).collect();
        let y: Vec<bool> = col0.iter().map(|&v| !(80.0..90.0).contains(&v)).collect();
        let x = vec![col0];
        let start = PrimBox {
            limits: vec![(0.0, 95.0)],
            coverage: 0.0,
            density: 0.0,
            mass: 0.0,
            n: 0,
            n_cases: 0,
        };
        // [0, 95]: 86 of 96 are cases; 96..99 (four cases) are above: alpha
        // of 96 is 4 points, all of them, so the limit goes to the max.
        let p = paste(&x, &y, &start, &Opts::default());
        assert_eq!(p.limits[0], (0.0, 99.0));
        assert!(p.restricted_dims(&[(0.0, 99.0)]).is_empty());
    }

    #[test]
    fn min_density_picks_the_highest_coverage_box_that_is_dense_enough() {
        let (x, y) = planted(20_000, 11);
        let base = peel_and_paste(&x, &y, &Opts::default());
        let peak = base.boxes.last().unwrap().density;
        let half = (base.base_rate + peak) / 2.0;
        let opts = Opts {
            min_density: Some(half),
            ..Opts::default()
        };
        let t = peel_and_paste(&x, &y, &opts);
        assert_eq!(t.boxes, base.boxes, "the rule does not change peeling");
        let c = &t.boxes[t.chosen];
        assert!(c.density >= half);
        assert!(t.boxes[..t.chosen].iter().all(|b| b.density < half));
        // The halfway box is reached well before the planted edges: it holds
        // more than the default's box.
        assert!(c.mass > base.boxes[base.chosen].mass);
        // Out of reach: the densest box, with a note.
        let t = peel_and_paste(
            &x,
            &y,
            &Opts {
                min_density: Some(1.0),
                ..Opts::default()
            },
        );
        assert_eq!(t.chosen, t.boxes.len() - 1);
        assert_eq!(t.notes.len(), 1, "{:?}", t.notes);
    }

    #[test]
    fn degenerate_inputs_give_the_full_box_and_say_why() {
        let opts = Opts::default();
        type Case = (&'static str, Vec<Vec<f64>>, Vec<bool>);
        let cases: Vec<Case> = vec![
            ("no runs", vec![vec![], vec![]], vec![]),
            ("no columns", vec![], vec![true, false, true]),
            ("no case", vec![vec![1.0, 2.0, 3.0]], vec![false; 3]),
            ("all cases", vec![vec![1.0, 2.0, 3.0]], vec![true; 3]),
            (
                "NaN",
                vec![vec![1.0, f64::NAN, 3.0]],
                vec![true, false, false],
            ),
            (
                "constant column",
                vec![vec![4.0; 50]],
                (0..50).map(|i| i % 2 == 0).collect(),
            ),
        ];
        for (what, x, y) in cases {
            let t = peel_and_paste(&x, &y, &opts);
            assert_eq!(t.boxes.len(), 1, "{what}");
            assert_eq!(t.chosen, 0, "{what}");
            assert_eq!(t.pasted, t.boxes[0], "{what}");
            assert_eq!(t.notes.len(), 1, "{what}: {:?}", t.notes);
            assert_eq!(t.boxes[0].limits.len(), x.len(), "{what}");
            assert!(t.pasted.restrictions(&x, &y, &["v"]).is_empty(), "{what}");
            serde_json::to_string(&t).unwrap();
            eprintln!("{what}: {:?} {}", t.stop, t.notes[0]);
        }
        // One point, which is a case among non-cases: nothing to cut to.
        let t = peel_and_paste(&[vec![0.0, 1.0]], &[true, false], &opts);
        assert_eq!(t.boxes.len(), 2);
        assert_eq!(t.boxes[1].density, 1.0);
    }

    #[test]
    fn a_constant_column_beside_a_signal_is_never_restricted() {
        let col: Vec<f64> = (0..2000).map(|i| i as f64 / 2000.0).collect();
        let y: Vec<bool> = col.iter().map(|&v| v > 0.7).collect();
        let x = vec![vec![1.0; 2000], col];
        let t = peel_and_paste(&x, &y, &Opts::default());
        assert_eq!(t.pasted.restricted_dims(&t.ranges), [1]);
        // Within a step (alpha of a box of mass 0.3) of the edge.
        let lo = t.pasted.limits[1].0;
        assert!((lo - 0.7).abs() <= 0.02, "{:?}", t.pasted.limits);
        assert!(t.pasted.density >= 0.95, "{}", t.pasted.density);
    }

    #[test]
    fn min_mass_stops_peeling() {
        let col: Vec<f64> = (0..1000).map(|i| i as f64).collect();
        // Cases are the top tenth: cutting from below pays until min_mass.
        let y: Vec<bool> = (0..1000).map(|i| i >= 900).collect();
        let x = vec![col];
        let t = peel_and_paste(
            &x,
            &y,
            &Opts {
                min_mass: 0.3,
                ..Opts::default()
            },
        );
        assert_eq!(t.stop, Stop::MinMass);
        assert!(t.boxes.last().unwrap().mass >= 0.3);
    }

    #[test]
    fn bad_opts_are_named() {
        let bad = [
            Opts {
                alpha: 0.0,
                ..Opts::default()
            },
            Opts {
                alpha: 1.0,
                ..Opts::default()
            },
            Opts {
                alpha: f64::NAN,
                ..Opts::default()
            },
            Opts {
                min_mass: -0.1,
                ..Opts::default()
            },
            Opts {
                min_density: Some(1.5),
                ..Opts::default()
            },
        ];
        for o in bad {
            assert!(o.check().is_err(), "{o:?}");
        }
        Opts::default().check().unwrap();
    }

    /// Timing at the size `discover` runs at. Run with
    /// `cargo test --release --lib prim_timing -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn prim_timing_100k() {
        use std::time::Instant;
        for d in [10, 30] {
            let n = 100_000;
            let mut s = RunKey::new(1, 0).stream(purpose("test.prim.timing"));
            let x: Vec<Vec<f64>> = (0..d)
                .map(|_| (0..n).map(|_| s.next_f64()).collect())
                .collect();
            let y: Vec<bool> = (0..n)
                .map(|i| {
                    let inside = (0.2..0.6).contains(&x[0][i]) && (0.5..0.9).contains(&x[3][i]);
                    s.next_f64() < if inside { 0.9 } else { 0.05 }
                })
                .collect();
            let t0 = Instant::now();
            let prim = Prim::new(&x, &y);
            let t1 = Instant::now();
            let t = prim.peel_and_paste(&Opts::default());
            let t2 = Instant::now();
            let r = t.pasted.restrictions(&x, &y, &[] as &[&str]);
            let t3 = Instant::now();
            eprintln!(
                "n {n} d {d}: sort {:?}, peel+choose+paste {:?} ({} boxes), restrictions {:?}; total {:?}; box {:?}",
                t1 - t0,
                t2 - t1,
                t.boxes.len(),
                t3 - t2,
                t3 - t0,
                r.iter().map(|r| (r.dim, r.low, r.high)).collect::<Vec<_>>()
            );
        }
    }
}
