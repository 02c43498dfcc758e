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

    pub fn markdown(&self) -> String {
        let mut s = format!("| {} |\n|", self.header.join(" | "));
        for i in 0..self.header.len() {
            s.push_str(if i == 0 || !self.numeric {
                "---|"
            } else {
                "---:|"
            });
        }
        s.push('\n');
        for r in &self.rows {
            s.push_str(&format!("| {} |\n", r.join(" | ")));
        }
        s
    }

    /// An HTML table; `` `code` `` spans in cells become `<code>`.
    pub fn html(&self, class: &str) -> String {
        let cell = |c: &str| {
            let mut out = String::new();
            for (i, part) in super::html::esc(c).split('`').enumerate() {
                if i % 2 == 1 {
                    out.push_str(&format!("<code>{part}</code>"));
                } else {
                    out.push_str(part);
                }
            }
            out
        };
        let mut s = if class.is_empty() {
            "<table>\n<thead><tr>".to_string()
        } else {
            format!("<table class=\"{class}\">\n<thead><tr>")
        };
        for h in &self.header {
            s.push_str(&format!("<th>{}</th>", cell(h)));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            s.push_str("<tr>");
            for c in r {
                // Leading spaces indent a row beneath the one above (parts of
                // a class); HTML would collapse them.
                let body = c.trim_start();
                if body.len() < c.len() {
                    s.push_str(&format!("<td class=\"sub\">{}</td>", cell(body)));
                } else {
                    s.push_str(&format!("<td>{}</td>", cell(c)));
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

/// A probability as a percentage with two decimals.
pub fn pct(p: f64) -> String {
    format!("{:.2}%", p * 100.0)
}

/// A number with thousands separators (integers) or up to 3 significant decimals.
pub fn num(x: f64) -> String {
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
    }

    #[test]
    fn renders_both_ways() {
        let mut t = Table::new(&["a", "b"]);
        t.row(vec!["x".into(), "1".into()]);
        assert_eq!(t.markdown(), "| a | b |\n|---|---:|\n| x | 1 |\n");
        assert!(t.text().contains("  x  1\n"));
    }
}
