//! Chart text read back from the SVG this crate writes: every text's box
//! measured as plotters lays it out (DejaVu Sans' advances and kerning at
//! plotters' size, the SVG font-size × 1.24; the height the font-size;
//! placed by anchor and rotation), and the layout problems a reader would
//! see: text off the canvas, texts that overlap. The chart tests run these
//! on every chart; they also serve to check a results folder by hand.

use ab_glyph::{Font, FontRef, ScaleFont};

/// A text of a chart, as laid out: its box in canvas pixels, its SVG
/// font-size and its words.
#[derive(Clone, Debug, PartialEq)]
pub struct TextBox {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub size: f64,
    pub text: String,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(tag[start..start + len].to_string())
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The canvas size and the box of every non-empty `<text>` of a chart SVG
/// written by this crate (the tests' reading of it; it panics on an SVG
/// without a canvas size or with a text lacking its position or size).
pub fn text_boxes(svg: &str) -> ((f64, f64), Vec<TextBox>) {
    let head = &svg[svg.find("<svg").unwrap()..];
    let head = &head[..head.find('>').unwrap()];
    let canvas = (
        attr(head, "width").unwrap().parse().unwrap(),
        attr(head, "height").unwrap().parse().unwrap(),
    );
    let regular = FontRef::try_from_slice(super::charts::REGULAR).unwrap();
    let bold = FontRef::try_from_slice(super::charts::BOLD).unwrap();
    let mut boxes = Vec::new();
    for part in svg.split("<text").skip(1) {
        let tag = &part[..part.find('>').unwrap()];
        let body = &part[tag.len() + 1..part.find("</text>").unwrap()];
        let text = unescape(body.trim_matches('\n'));
        if text.trim().is_empty() {
            continue;
        }
        let num = |n: &str| attr(tag, n).unwrap().parse::<f64>().unwrap();
        let (x, y, size) = (num("x"), num("y"), num("font-size"));
        let face = if attr(tag, "font-weight").as_deref() == Some("bold") {
            &bold
        } else {
            &regular
        };
        let font = face.as_scaled((size * 1.24) as f32);
        let mut w = 0.0f32;
        let mut prev = None;
        for c in text.chars() {
            let id = font.glyph_id(c);
            w += font.h_advance(id);
            if let Some(p) = prev {
                w += font.kern(p, id);
            }
            prev = Some(id);
        }
        let w = w as f64;
        let (l, r) = match attr(tag, "text-anchor").as_deref() {
            Some("end") => (x - w, x),
            Some("middle") => (x - w / 2.0, x + w / 2.0),
            _ => (x, x + w),
        };
        let (t, b) = match attr(tag, "dy").as_deref() {
            Some("0.5ex") => (y - size / 2.0, y + size / 2.0),
            Some("-0.5ex") => (y - size, y),
            _ => (y, y + size),
        };
        let (x0, y0, x1, y1) = match attr(tag, "transform") {
            // (u, v) → (v, −u) about the anchor.
            Some(tr) if tr.starts_with("rotate(270") => {
                (x + (t - y), y - (r - x), x + (b - y), y - (l - x))
            }
            // (u, v) → (−v, u).
            Some(tr) if tr.starts_with("rotate(90") => {
                (x - (b - y), y + (l - x), x - (t - y), y + (r - x))
            }
            _ => (l, t, r, b),
        };
        boxes.push(TextBox {
            x0,
            y0,
            x1,
            y1,
            size,
            text,
        });
    }
    (canvas, boxes)
}

/// Every problem of one chart's text layout: a text outside the canvas, two
/// texts that overlap.
pub fn layout_problems(name: &str, svg: &str) -> Vec<String> {
    let ((w, h), boxes) = text_boxes(svg);
    let mut problems = Vec::new();
    if boxes.is_empty() {
        problems.push(format!("{name}: no text"));
    }
    for b in &boxes {
        if b.x0 < -0.5 || b.y0 < -0.5 || b.x1 > w + 0.5 || b.y1 > h + 0.5 {
            problems.push(format!("{name}: outside the {w}×{h} canvas: {b:?}"));
        }
    }
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let dx = a.x1.min(b.x1) - a.x0.max(b.x0);
            let dy = a.y1.min(b.y1) - a.y0.max(b.y0);
            if dx > 0.5 && dy > 0.5 {
                problems.push(format!("{name}: texts overlap:\n  {a:?}\n  {b:?}"));
            }
        }
    }
    problems
}
