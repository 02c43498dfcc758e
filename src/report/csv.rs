//! `outcomes.csv`: one row per class, the peace's then the mission's, in
//! their fixed orders; `headline.csv`: the headline figures, months of
//! ceasefire and the collapse routes.

use super::summary::Summary;

pub const HEADER: &str = "outcome,count,probability,ci95_low,ci95_high";

pub fn outcomes_csv(s: &Summary) -> String {
    let mut out = format!("{HEADER}\n");
    for (name, o) in &s.outcomes {
        out.push_str(&format!(
            "{name},{},{},{},{}\n",
            o.count, o.probability, o.ci95[0], o.ci95[1]
        ));
    }
    out
}

pub const HEADLINE_HEADER: &str = "figure,estimate,ci95_low,ci95_high,count,n";

/// `headline.csv`: every headline figure with its count and denominator,
/// then the mean months of ceasefire (count: their sum; n: runs) and its
/// share of the horizon, then the first ceasefire's collapse by route (over
/// all runs), then the casualty rate (count: deaths; n: person-years,
/// rounded). An estimate without a denominator is empty.
pub fn headline_csv(s: &Summary) -> String {
    let mut out = format!("{HEADLINE_HEADER}\n");
    for (name, e) in &s.headline {
        let est = e.estimate.map_or(String::new(), |x| x.to_string());
        out.push_str(&format!(
            "{name},{est},{},{},{},{}\n",
            e.ci95[0], e.ci95[1], e.count, e.n
        ));
    }
    let m = &s.months_of_ceasefire;
    let total = (m.mean * s.runs as f64).round();
    out.push_str(&format!(
        "months_of_ceasefire,{},{},{},{total},{}\n",
        m.mean, m.ci95[0], m.ci95[1], s.runs
    ));
    out.push_str(&format!(
        "months_of_ceasefire_share,{},{},{},{total},{}\n",
        m.share_of_horizon,
        m.share_ci95[0],
        m.share_ci95[1],
        s.runs * u64::from(s.horizon_months)
    ));
    for (name, o) in &s.collapse_routes {
        out.push_str(&format!(
            "collapse_route.{name},{},{},{},{},{}\n",
            o.probability, o.ci95[0], o.ci95[1], o.count, s.runs
        ));
    }
    let r = &s.rates;
    out.push_str(&format!(
        "hostile_deaths_per_1000_troop_years,{},{},{},{},{}\n",
        r.hostile_deaths_per_1000_troop_years,
        r.hostile_deaths_per_1000_troop_years_ci95[0],
        r.hostile_deaths_per_1000_troop_years_ci95[1],
        r.hostile_deaths,
        r.troop_years.round()
    ));
    out
}
