//! A small table type rendered either as aligned text (the terminal) or as
//! Markdown (`summary.md`), so both show the same rows.

#[derive(Debug, Default)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Columns after the first are right-aligned (numbers).
    pub numeric: bool,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
            numeric: true,
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len());
        self.rows.push(cells);
    }

    /// The table in Markdown, every cell through [`super::md::cell`]: a `|`
    /// or line break in a name keeps to its cell.
    pub fn markdown(&self) -> String {
        let line = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| super::md::cell(c)).collect();
            format!("| {} |\n", cells.join(" | "))
        };
        let mut s = line(&self.header);
        s.push('|');
        for i in 0..self.header.len() {
            s.push_str(if i == 0 || !self.numeric {
                "---|"
            } else {
                "---:|"
            });
        }
        s.push('\n');
        for r in &self.rows {
            s.push_str(&line(r));
        }
        s
    }

    /// An HTML table, each cell through [`super::html::rich_cell`].
    pub fn html(&self, class: &str) -> String {
        let cell = super::html::rich_cell;
        let mut s = if class.is_empty() {
            "<table>\n<thead><tr>".to_string()
        } else {
            format!("<table class=\"{class}\">\n<thead><tr>")
        };
        for h in &self.header {
            s.push_str(&format!("<th>{}</th>", cell(h)));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        // Each cell carries its column's heading, which a narrow screen
        // shows beside the value when the rows are stacked.
        let labels: Vec<String> = self
            .header
            .iter()
            .map(|h| super::html::esc(&super::md::unmarked(h)))
            .collect();
        for r in &self.rows {
            s.push_str("<tr>");
            for (c, label) in r.iter().zip(&labels) {
                // Leading spaces indent a row beneath the one above (parts of
                // a class); HTML would collapse them.
                let body = c.trim_start();
                if body.len() < c.len() {
                    s.push_str(&format!(
                        "<td class=\"sub\" data-label=\"{label}\">{}</td>",
                        cell(body)
                    ));
                } else {
                    s.push_str(&format!("<td data-label=\"{label}\">{}</td>", cell(c)));
                }
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n</table>\n");
        s
    }

    pub fn text(&self) -> String {
        let n = self.header.len();
        let width: Vec<usize> = (0..n)
            .map(|i| {
                self.rows
                    .iter()
                    .map(|r| r[i].chars().count())
                    .chain([self.header[i].chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            let parts: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 || !self.numeric {
                        format!("{c:<w$}", w = width[i])
                    } else {
                        format!("{c:>w$}", w = width[i])
                    }
                })
                .collect();
            format!("  {}\n", parts.join("  ").trim_end())
        };
        let mut s = line(&self.header);
        s.push_str(&format!(
            "  {}\n",
            "-".repeat(width.iter().sum::<usize>() + 2 * (n - 1))
        ));
        for r in &self.rows {
            s.push_str(&line(r));
        }
        s
    }
}

/// A probability as a percentage with two decimals (never "-0.00%").
pub fn pct(p: f64) -> String {
    let v = p * 100.0;
    let v = if v.abs() < 0.005 { 0.0 } else { v };
    format!("{v:.2}%")
}

/// A small upper bound as a percentage with one or two significant
/// digits, rounded up ("0.004%" for 0.0038%), so a bound is never shown
/// below its value.
pub fn pct_bound(p: f64) -> String {
    let v = p * 100.0;
    if v >= 0.1 || v <= 0.0 {
        return pct(p);
    }
    let decimals = (-v.log10().floor()) as i32;
    let k = 10f64.powi(decimals);
    let up = (v * k).ceil() / k;
    format!("{up:.d$}%", d = decimals as usize)
}

/// An estimated share of `count` runs: the percentage, or "< upper bound"
/// when no run counted (the estimate 0% would claim more than the runs
/// show: the share is below the interval's upper end, not nothing).
pub fn share(count: u64, p: f64, ci95: [f64; 2]) -> String {
    if count == 0 {
        format!("< {}", pct_bound(ci95[1]))
    } else {
        pct(p)
    }
}

/// A difference of two probabilities in percentage points, signed, one
/// decimal ("+3.1 pp", "−0.4 pp", "0.0 pp": never "−0.0").
pub fn pp(d: f64) -> String {
    let v = d * 100.0;
    if v.abs() < 0.05 {
        return "0.0 pp".into();
    }
    format!("{v:+.1} pp").replace('-', "\u{2212}")
}

/// A difference in percentage points with two decimals, for the detailed
/// difference tables ("+2.83 pp", "−0.07 pp", "0.00 pp").
pub fn pp2(d: f64) -> String {
    let v = d * 100.0;
    if v.abs() < 0.005 {
        return "0.00 pp".into();
    }
    format!("{v:+.2} pp").replace('-', "\u{2212}")
}

/// A signed number as [`num`] writes it, with "+" or "−" (never "−0").
pub fn signed(x: f64) -> String {
    let s = num(x.abs());
    if s.chars().all(|c| c == '0' || c == '.' || c == ',') {
        s
    } else if x > 0.0 {
        format!("+{s}")
    } else {
        format!("\u{2212}{s}")
    }
}

/// A number with thousands separators: whole numbers and anything of 1,000
/// or more as a whole number ("82,701", not "82700.5"); smaller ones with
/// up to three significant decimals.
pub fn num(x: f64) -> String {
    let x = if x.abs() >= 1000.0 { x.round() } else { x };
    if x.fract() == 0.0 && x.abs() < 1e15 {
        let s = (x.abs() as u64).to_string();
        let mut out = String::new();
        for (i, ch) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        if x < 0.0 { format!("-{out}") } else { out }
    } else if x.abs() >= 100.0 {
        format!("{x:.1}")
    } else if x.abs() >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(num(1234567.0), "1,234,567");
        assert_eq!(num(0.12345), "0.123");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(pct(0.12345), "12.35%");
        assert_eq!(num(82700.5), "82,701");
        assert_eq!(num(-0.0), "0");
        assert_eq!(pct(-0.00001), "0.00%");
    }

    #[test]
    fn words_for_readers() {
        // A zero count is below its upper bound, rounded up.
        assert_eq!(share(0, 0.0, [0.0, 0.0000384]), "< 0.004%");
        assert_eq!(share(0, 0.0, [0.0, 0.0038]), "< 0.38%");
        assert_eq!(share(5, 0.05, [0.02, 0.09]), "5.00%");
        assert_eq!(pp(0.031), "+3.1 pp");
        assert_eq!(pp(-0.0004), "0.0 pp");
        assert_eq!(pp(-0.095), "\u{2212}9.5 pp");
        assert_eq!(pp2(0.02834), "+2.83 pp");
        assert_eq!(pp2(-0.00004), "0.00 pp");
        assert_eq!(signed(-1234.4), "\u{2212}1,234");
        assert_eq!(signed(0.0001), "0.000");
    }

    #[test]
    fn renders_both_ways() {
        let mut t = Table::new(&["a", "b"]);
        t.row(vec!["x".into(), "1".into()]);
        assert_eq!(t.markdown(), "| a | b |\n|---|---:|\n| x | 1 |\n");
        assert!(t.text().contains("  x  1\n"));
    }
}
