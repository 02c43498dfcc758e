//! `outcomes.csv`: one row per outcome class, in the fixed order.

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
