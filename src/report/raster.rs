//! The PNG backend: plotters' bitmap backend with its own text drawing.
//! plotters' ab_glyph path places each glyph at the pen position without its
//! left side bearing, so letters jostle ("distribu tion"). Here glyphs are
//! placed at their outline bounds; layout (widths, anchors, rotation) stays
//! plotters' own, so label areas are sized as before.

use ab_glyph::{Font, FontRef, ScaleFont, point};
use plotters::backend::BitMapBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle,
    text_anchor::{HPos, VPos},
};
use std::sync::OnceLock;

/// Regular and bold faces, parsed once.
fn faces() -> &'static (FontRef<'static>, FontRef<'static>) {
    static FACES: OnceLock<(FontRef<'static>, FontRef<'static>)> = OnceLock::new();
    FACES.get_or_init(|| {
        let face = |b: &'static [u8]| FontRef::try_from_slice(b).expect("the embedded font parses");
        (face(super::charts::REGULAR), face(super::charts::BOLD))
    })
}

/// A bitmap backend whose text is drawn glyph by glyph with ab_glyph.
pub struct Raster<'a>(pub BitMapBackend<'a>);

impl std::fmt::Debug for Raster<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Raster").field(&self.0.get_size()).finish()
    }
}

type Res<'a> = Result<(), DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>>;

impl<'a> DrawingBackend for Raster<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Res<'a> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Res<'a> {
        self.0.present()
    }
    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Res<'a> {
        self.0.draw_pixel(p, c)
    }
    fn draw_line<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, s: &S) -> Res<'a> {
        self.0.draw_line(a, b, s)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        s: &S,
        fill: bool,
    ) -> Res<'a> {
        self.0.draw_rect(a, b, s, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        s: &S,
    ) -> Res<'a> {
        self.0.draw_path(path, s)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        s: &S,
        fill: bool,
    ) -> Res<'a> {
        self.0.draw_circle(c, r, s, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        s: &S,
    ) -> Res<'a> {
        self.0.fill_polygon(vert, s)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Res<'a> {
        self.0.blit_bitmap(pos, size, src)
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Res<'a> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let ((x0, y0), (x1, y1)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (x1 - x0, y1 - y0);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let (faces, (w, h)) = (faces(), self.get_size());
        let face = match style.style() {
            FontStyle::Bold => &faces.1,
            _ => &faces.0,
        };
        let font = face.as_scaled(style.size() as f32);
        // plotters' layout box is size/1.24 high; a baseline at 80% of it
        // centres lower-case text on the anchor, as plotters intends.
        let baseline = height as f32 * 0.8;
        let trans = style.transform();
        let mut pen = 0.0f32;
        let mut prev = None;
        let mut result = Ok(());
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                pen += font.kern(p, id);
            }
            prev = Some(id);
            let glyph = id.with_scale_and_position(font.scale(), point(pen, baseline));
            pen += font.h_advance(id);
            let Some(outline) = face.outline_glyph(glyph) else {
                continue;
            };
            let b = outline.px_bounds();
            outline.draw(|gx, gy, cover| {
                let (tx, ty) = trans.transform(
                    b.min.x as i32 + gx as i32 + dx,
                    b.min.y as i32 + gy as i32 + dy,
                );
                let (px, py) = (pos.0 + tx, pos.1 + ty);
                if cover > 0.0
                    && px >= 0
                    && py >= 0
                    && px < w as i32
                    && py < h as i32
                    && result.is_ok()
                {
                    result = self.0.draw_pixel(
                        (px, py),
                        BackendColor {
                            alpha: colour.alpha * cover.min(1.0) as f64,
                            rgb: colour.rgb,
                        },
                    );
                }
            });
            result
                .as_ref()
                .map_err(|_| DrawingErrorKind::FontError("cannot draw a glyph".into()))?;
        }
        result
    }
}
