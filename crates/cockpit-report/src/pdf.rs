//! Rendering a [`Report`] to PDF with printpdf: a title page, a table of contents with page numbers, a
//! running header and a "page X of Y" footer, tables whose cells wrap and whose header row repeats on
//! every page they run over, and charts drawn as vectors. Text is set in DejaVu Sans (embedded and
//! subset), so every Latin letter the register may hold (ß, ł, ø, €) renders and extracts as text.
//!
//! Layout is done here, in points from the top of the page, with our own text measurement (advance
//! widths read once from the font), because printpdf places text where it is told and does not wrap.
//! The result is a `lopdf::Document` with compressed content streams, ready to be signed.

use crate::model::{Block, Chart, Report, Table};
use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions,
    Point, Polygon, PolygonRing, Pt, Rgb, TextItem, TextMatrix, WindingOrder,
};
use std::sync::OnceLock;

static REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A parsed font with an advance-width table for fast measuring.
struct Face {
    font: ParsedFont,
    /// Advance widths in 1/1000 em for the code points below `FAST`.
    fast: Vec<f32>,
}

const FAST: usize = 0x3000;

impl Face {
    fn load(bytes: &[u8]) -> Face {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled DejaVu font parses");
        let upem = f32::from(font.units_per_em.max(1));
        let mut fast = vec![0.0; FAST];
        for (cp, slot) in fast.iter_mut().enumerate() {
            let gid = font.lookup_glyph_index(cp as u32).unwrap_or(0);
            *slot = f32::from(font.get_glyph_width(gid).unwrap_or(0)) * 1000.0 / upem;
        }
        Face { font, fast }
    }

    fn char_width(&self, c: char) -> f32 {
        let cp = c as usize;
        if cp < FAST {
            return self.fast[cp];
        }
        let upem = f32::from(self.font.units_per_em.max(1));
        let gid = self.font.lookup_glyph_index(c as u32).unwrap_or(0);
        f32::from(self.font.get_glyph_width(gid).unwrap_or(0)) * 1000.0 / upem
    }

    /// Width of `s` at `size` points.
    fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.char_width(c)).sum::<f32>() * size / 1000.0
    }
}

fn faces() -> &'static (Face, Face) {
    static FACES: OnceLock<(Face, Face)> = OnceLock::new();
    FACES.get_or_init(|| (Face::load(REGULAR_TTF), Face::load(BOLD_TTF)))
}

/// Breaks `text` into lines no wider than `width`: at spaces where possible, inside a word when the word
/// alone is too wide; explicit line breaks are kept.
fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let mut lines = vec![];
    let space = face.char_width(' ') * size / 1000.0;
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in para.split_whitespace() {
            let mut w = face.width(word, size);
            let gap = if line.is_empty() { 0.0 } else { space };
            if line_w + gap + w <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w += gap + w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if w <= width {
                line.push_str(word);
                line_w = w;
                continue;
            }
            // A word wider than the column: cut it where it overflows.
            let mut piece = String::new();
            w = 0.0;
            for c in word.chars() {
                let cw = face.char_width(c) * size / 1000.0;
                if w + cw > width && !piece.is_empty() {
                    lines.push(std::mem::take(&mut piece));
                    w = 0.0;
                }
                piece.push(c);
                w += cw;
            }
            line = piece;
            line_w = w;
        }
        lines.push(line);
    }
    lines
}

#[derive(Clone, Copy, PartialEq)]
struct Rgb3(f32, f32, f32);

const INK: Rgb3 = Rgb3(0.13, 0.13, 0.15);
const MUTED: Rgb3 = Rgb3(0.42, 0.44, 0.48);
const ACCENT: Rgb3 = Rgb3(0.11, 0.30, 0.55);
const RULE: Rgb3 = Rgb3(0.80, 0.82, 0.85);
const HEADER_FILL: Rgb3 = Rgb3(0.90, 0.93, 0.97);
const BAR: Rgb3 = Rgb3(0.25, 0.47, 0.75);
const RED: Rgb3 = Rgb3(0.70, 0.10, 0.10);

fn color(c: Rgb3) -> Color {
    Color::Rgb(Rgb { r: c.0, g: c.1, b: c.2, icc_profile: None })
}

/// One page being drawn: graphics first, then one text object, so text is never hidden by a fill.
struct PageOps {
    graphics: Vec<Op>,
    text: Vec<Op>,
    font: Option<(bool, f32)>,
    fill: Option<Rgb3>,
}

impl PageOps {
    fn new() -> Self {
        PageOps { graphics: vec![], text: vec![], font: None, fill: None }
    }
}

/// Geometry of the page.
#[derive(Clone, Copy)]
struct Frame {
    w: f32,
    h: f32,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
}

impl Frame {
    fn content_width(&self) -> f32 {
        self.right - self.left
    }
}

struct Writer<'a> {
    frame: Frame,
    regular: &'a Face,
    bold: &'a Face,
    pages: Vec<PageOps>,
    /// Distance from the top of the current page.
    y: f32,
    /// (level, title, page index) of every section and sub-heading, for the table of contents.
    toc: Vec<(u8, String, usize)>,
}

impl<'a> Writer<'a> {
    fn face(&self, bold: bool) -> &'a Face {
        if bold {
            self.bold
        } else {
            self.regular
        }
    }

    fn new_page(&mut self) {
        self.pages.push(PageOps::new());
        self.y = self.frame.top;
    }

    fn page(&mut self) -> &mut PageOps {
        if self.pages.is_empty() {
            self.new_page();
        }
        self.pages.last_mut().expect("a page exists")
    }

    /// Starts a new page unless `needed` points still fit on this one.
    fn ensure(&mut self, needed: f32) {
        if self.pages.is_empty() || self.y + needed > self.frame.bottom {
            self.new_page();
        }
    }

    /// Text with its baseline at `baseline` (from the top of the page).
    fn text_at(&mut self, x: f32, baseline: f32, s: &str, bold: bool, size: f32, c: Rgb3) {
        if s.is_empty() {
            return;
        }
        let h = self.frame.h;
        let p = self.page();
        if p.font != Some((bold, size)) {
            p.text.push(Op::SetFont { font: PdfFontHandle::External(font_id(bold)), size: Pt(size) });
            p.font = Some((bold, size));
        }
        if p.fill != Some(c) {
            p.text.push(Op::SetFillColor { col: color(c) });
            p.fill = Some(c);
        }
        p.text.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(x), Pt(h - baseline)) });
        p.text.push(Op::ShowText { items: vec![TextItem::Text(s.to_string())] });
    }

    fn text_right(&mut self, right: f32, baseline: f32, s: &str, bold: bool, size: f32, c: Rgb3) {
        let w = self.face(bold).width(s, size);
        self.text_at(right - w, baseline, s, bold, size, c);
    }

    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, c: Rgb3) {
        let ph = self.frame.h;
        let p = self.page();
        p.graphics.push(Op::SetFillColor { col: color(c) });
        let pt = |x: f32, y: f32| LinePoint { p: Point { x: Pt(x), y: Pt(ph - y) }, bezier: false };
        p.graphics.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing {
                    points: vec![pt(x, top), pt(x + w, top), pt(x + w, top + h), pt(x, top + h)],
                }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    fn line(&mut self, points: &[(f32, f32)], width: f32, c: Rgb3) {
        let ph = self.frame.h;
        let p = self.page();
        p.graphics.push(Op::SetOutlineColor { col: color(c) });
        p.graphics.push(Op::SetOutlineThickness { pt: Pt(width) });
        p.graphics.push(Op::DrawLine {
            line: Line {
                points: points
                    .iter()
                    .map(|(x, y)| LinePoint { p: Point { x: Pt(*x), y: Pt(ph - *y) }, bezier: false })
                    .collect(),
                is_closed: false,
            },
        });
    }

    /// Wrapped text across the content width, flowing onto new pages.
    fn paragraph(&mut self, s: &str, bold: bool, size: f32, c: Rgb3, indent: f32) {
        let lh = size * 1.35;
        let width = self.frame.content_width() - indent;
        for line in wrap(self.face(bold), s, size, width) {
            self.ensure(lh);
            let baseline = self.y + size;
            self.text_at(self.frame.left + indent, baseline, &line, bold, size, c);
            self.y += lh;
        }
    }

    fn section_title(&mut self, title: &str) {
        self.new_page();
        let index = self.pages.len() - 1;
        self.toc.push((0, title.to_string(), index));
        self.paragraph(title, true, 15.0, ACCENT, 0.0);
        let y = self.y + 2.0;
        self.line(&[(self.frame.left, y), (self.frame.right, y)], 0.8, ACCENT);
        self.y += 12.0;
    }

    fn heading(&mut self, title: &str) {
        // Keep a heading with at least a few lines of what follows.
        self.ensure(60.0);
        self.y += 6.0;
        let index = self.pages.len() - 1;
        self.toc.push((1, title.to_string(), index));
        self.paragraph(title, true, 11.5, ACCENT, 0.0);
        self.y += 4.0;
    }

    fn key_values(&mut self, kv: &[(String, String)]) {
        let size = 9.5;
        let lh = size * 1.35;
        let label_w = (self.frame.content_width() * 0.34).min(190.0);
        let value_w = self.frame.content_width() - label_w - 8.0;
        for (k, v) in kv {
            let klines = wrap(self.bold, k, size, label_w);
            let vlines = wrap(self.regular, v, size, value_w);
            let n = klines.len().max(vlines.len());
            for i in 0..n {
                self.ensure(lh);
                let baseline = self.y + size;
                if let Some(t) = klines.get(i) {
                    self.text_at(self.frame.left, baseline, t, true, size, MUTED);
                }
                if let Some(t) = vlines.get(i) {
                    self.text_at(self.frame.left + label_w + 8.0, baseline, t, false, size, INK);
                }
                self.y += lh;
            }
            self.y += 2.5;
        }
        self.y += 6.0;
    }

    /// Label-value lines with the label above its value, so long values (hashes, keys) keep a line of
    /// their own.
    fn stacked_values(&mut self, kv: &[(String, String)]) {
        for (k, v) in kv {
            self.ensure(26.0);
            self.paragraph(k, true, 8.0, MUTED, 0.0);
            self.paragraph(v, false, 10.0, INK, 0.0);
            self.y += 5.0;
        }
        self.y += 4.0;
    }

    fn table(&mut self, t: &Table) {
        let size = 8.0;
        let lh = 10.0;
        let pad = 3.0;
        let total: f32 = t.columns.iter().map(|c| c.weight.max(0.1)).sum();
        let cw = self.frame.content_width();
        let widths: Vec<f32> = t.columns.iter().map(|c| c.weight.max(0.1) / total * cw).collect();
        let xs: Vec<f32> = widths
            .iter()
            .scan(self.frame.left, |x, w| {
                let here = *x;
                *x += w;
                Some(here)
            })
            .collect();
        let header: Vec<Vec<String>> = t
            .columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrap(self.bold, &c.title, size, w - 2.0 * pad))
            .collect();
        let header_h = header.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * pad;
        let draw_header = |wr: &mut Writer<'_>| {
            let top = wr.y;
            wr.rect(wr.frame.left, top, cw, header_h, HEADER_FILL);
            for (i, lines) in header.iter().enumerate() {
                for (j, l) in lines.iter().enumerate() {
                    wr.text_at(xs[i] + pad, top + pad + size + j as f32 * lh, l, true, size, INK);
                }
            }
            wr.y += header_h;
        };
        self.ensure(header_h + lh + 2.0 * pad);
        draw_header(self);
        for row in &t.rows {
            let cells: Vec<Vec<String>> = widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    wrap(self.regular, row.get(i).map(String::as_str).unwrap_or(""), size, w - 2.0 * pad)
                })
                .collect();
            let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut done = 0;
            // A row taller than what is left goes on the next page; a row taller than a whole page is
            // split between pages, each part under a repeated header.
            while done < n {
                let room = ((self.frame.bottom - self.y - 2.0 * pad) / lh).floor().max(0.0) as usize;
                let fresh =
                    ((self.frame.bottom - self.frame.top - header_h - 2.0 * pad) / lh).floor() as usize;
                if room < (n - done).min(fresh) {
                    self.new_page();
                    draw_header(self);
                    continue;
                }
                let take = (n - done).min(room);
                let top = self.y;
                for (i, lines) in cells.iter().enumerate() {
                    for (j, l) in lines.iter().skip(done).take(take).enumerate() {
                        self.text_at(xs[i] + pad, top + pad + size + j as f32 * lh, l, false, size, INK);
                    }
                }
                self.y += take as f32 * lh + 2.0 * pad;
                let y = self.y;
                self.line(&[(self.frame.left, y), (self.frame.right, y)], 0.4, RULE);
                done += take;
            }
        }
        self.y += 10.0;
    }

    fn bar_chart(&mut self, c: &Chart) {
        self.heading(&c.title);
        if c.points.is_empty() {
            self.paragraph("—", false, 9.0, MUTED, 0.0);
            return;
        }
        let size = 8.0;
        let bar_h = 11.0;
        let gap = 4.0;
        let label_w =
            c.points.iter().map(|(l, _)| self.regular.width(l, size)).fold(0.0, f32::max).min(160.0) + 6.0;
        let max = c.points.iter().map(|p| p.1).fold(0.0, f64::max).max(1.0);
        let avail = self.frame.content_width() - label_w - 40.0;
        for (label, v) in &c.points {
            self.ensure(bar_h + gap);
            let top = self.y;
            let text = wrap(self.regular, label, size, label_w - 6.0).into_iter().next().unwrap_or_default();
            self.text_at(self.frame.left, top + size + 1.0, &text, false, size, INK);
            let w = (*v / max) as f32 * avail;
            self.rect(self.frame.left + label_w, top, w.max(0.5), bar_h, BAR);
            self.text_at(
                self.frame.left + label_w + w + 4.0,
                top + size + 1.0,
                &fmt_value(*v),
                false,
                size,
                MUTED,
            );
            self.y += bar_h + gap;
        }
        self.y += 8.0;
    }

    fn line_chart(&mut self, c: &Chart) {
        self.heading(&c.title);
        if c.points.is_empty() {
            self.paragraph("—", false, 9.0, MUTED, 0.0);
            return;
        }
        let size = 7.0;
        let plot_h = 130.0;
        self.ensure(plot_h + 30.0);
        let left = self.frame.left + 28.0;
        let right = self.frame.right - 6.0;
        let top = self.y + 4.0;
        let bottom = top + plot_h;
        let max = nice_max(c.points.iter().map(|p| p.1).fold(0.0, f64::max));
        for i in 0..=4 {
            let v = max * f64::from(i) / 4.0;
            let y = bottom - (v / max) as f32 * plot_h;
            self.line(&[(left, y), (right, y)], 0.3, RULE);
            self.text_right(left - 4.0, y + 2.5, &fmt_value(v), false, size, MUTED);
        }
        let n = c.points.len();
        let step = if n > 1 { (right - left) / (n - 1) as f32 } else { 0.0 };
        let xy: Vec<(f32, f32)> = c
            .points
            .iter()
            .enumerate()
            .map(|(i, (_, v))| (left + step * i as f32, bottom - (*v / max) as f32 * plot_h))
            .collect();
        self.line(&xy, 1.6, BAR);
        for (i, ((x, y), (label, v))) in xy.iter().zip(&c.points).enumerate() {
            self.rect(x - 1.8, y - 1.8, 3.6, 3.6, ACCENT);
            self.text_at(
                x - self.regular.width(&fmt_value(*v), size) / 2.0,
                y - 4.0,
                &fmt_value(*v),
                false,
                size,
                MUTED,
            );
            // Label every point when they fit, else every other one.
            if n <= 14 || i % 2 == 0 {
                let w = self.regular.width(label, size);
                self.text_at(x - w / 2.0, bottom + 10.0, label, false, size, INK);
            }
        }
        self.y = bottom + 24.0;
    }
}

fn fmt_value(v: f64) -> String {
    if v.fract().abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// The smallest of 1, 2, 5 × 10^k that is at least `v` (and at least 1).
fn nice_max(v: f64) -> f64 {
    if v <= 1.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * mag).find(|m| *m >= v).unwrap_or(10.0 * mag)
}

fn font_id(bold: bool) -> printpdf::FontId {
    printpdf::FontId(if bold { "F2".to_string() } else { "F1".to_string() })
}

/// The characters set in the regular (0) and the bold (1) face.
fn used_chars(pages: &[PdfPage]) -> [std::collections::BTreeSet<char>; 2] {
    let mut used: [std::collections::BTreeSet<char>; 2] = Default::default();
    let mut face = 0;
    for p in pages {
        for op in &p.ops {
            match op {
                Op::SetFont { font: PdfFontHandle::External(id), .. } => {
                    face = usize::from(*id == font_id(true))
                }
                Op::ShowText { items } => {
                    for item in items {
                        if let TextItem::Text(t) = item {
                            used[face].extend(t.chars());
                        }
                    }
                }
                _ => {}
            }
        }
    }
    used
}

/// The font reduced to the glyphs of `chars`: printpdf subsets only with its text-layout feature, which
/// brings a whole layout engine, so the subset is made here with the same library (allsorts) it uses.
/// Falls back to the whole font if subsetting fails (a larger file, never missing glyphs).
fn subset(face: &Face, bytes: &[u8], chars: &std::collections::BTreeSet<char>) -> ParsedFont {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset as subset_font, CmapTarget, SubsetProfile};
    let mut gids: Vec<u16> = vec![0];
    gids.extend(chars.iter().filter_map(|c| face.font.lookup_glyph_index(*c as u32)).filter(|g| *g != 0));
    gids.sort_unstable();
    gids.dedup();
    let made = ReadScope::new(bytes)
        .read::<FontData<'_>>()
        .ok()
        .and_then(|f| f.table_provider(0).ok())
        .and_then(|p| subset_font(&p, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok())
        .and_then(|b| ParsedFont::from_bytes(&b, 0, &mut Vec::new()));
    made.unwrap_or_else(|| face.font.clone())
}

/// Deflates every stream that has no filter yet, as lopdf's `compress` does, but at zlib's default level
/// rather than its best (a third of the time for a few per cent more bytes) and on every core: a
/// 4,000-page record spent 2.8 s here.
pub fn compress_streams(doc: &mut lopdf::Document) {
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;
    let mut streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| o.as_stream_mut().ok())
        .filter(|s| s.allows_compression && s.dict.get(b"Filter").is_err())
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || {
                for s in part.iter_mut() {
                    let mut e =
                        ZlibEncoder::new(Vec::with_capacity(s.content.len() / 3), Compression::default());
                    if e.write_all(&s.content).is_err() {
                        continue;
                    }
                    let Ok(compressed) = e.finish() else { continue };
                    if compressed.len() + 19 < s.content.len() {
                        s.dict.set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
                        s.set_content(compressed);
                    }
                }
            });
        }
    });
}

/// printpdf names an embedded font after its resource key ("F1"). A subset font is named
/// "TAG+PostScriptName" (PDF 32000-1, 9.6.4), the tag six capital letters derived from the subset, so
/// viewers and `pdffonts` show the real font and that it is a subset.
fn name_subset_fonts(doc: &mut lopdf::Document) {
    use lopdf::Object;
    let family = |name: &[u8]| match name {
        b"F1" => Some("DejaVuSans"),
        b"F2" => Some("DejaVuSans-Bold"),
        _ => None,
    };
    // First the descriptors: each names its face and holds the subset's font file, which seeds the tag.
    let mut names: std::collections::HashMap<Vec<u8>, Vec<u8>> = Default::default();
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        let Ok(key) = d.get(b"FontName").and_then(Object::as_name) else { continue };
        let Some(face) = family(key) else { continue };
        let file = d
            .get(b"FontFile2")
            .and_then(Object::as_reference)
            .ok()
            .and_then(|f| doc.get_object(f).ok())
            .and_then(|o| o.as_stream().ok())
            .map(|s| s.content.clone())
            .unwrap_or_default();
        let digest = <sha2::Sha256 as sha2::Digest>::digest([face.as_bytes(), &file].concat());
        let tag: String = digest.iter().take(6).map(|b| char::from(b'A' + b % 26)).collect();
        names.insert(key.to_vec(), format!("{tag}+{face}").into_bytes());
    }
    // Then every name of those faces: the descriptor, the Type 0 font and its descendant CID font.
    fn rename(d: &mut lopdf::Dictionary, names: &std::collections::HashMap<Vec<u8>, Vec<u8>>) {
        for key in [&b"BaseFont"[..], &b"FontName"[..]] {
            let new = d.get(key).and_then(Object::as_name).ok().and_then(|n| names.get(n)).cloned();
            if let Some(n) = new {
                d.set(key, Object::Name(n));
            }
        }
        if let Ok(Object::Array(kids)) = d.get_mut(b"DescendantFonts") {
            for k in kids.iter_mut() {
                if let Object::Dictionary(kd) = k {
                    rename(kd, names);
                }
            }
        }
    }
    for obj in doc.objects.values_mut() {
        if let Object::Dictionary(d) = obj {
            rename(d, &names);
        }
    }
}

/// How a report was laid out, for tests and the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub doc_pages: usize,
    /// (level, title, 1-based page number) of every table-of-contents entry.
    pub toc: Vec<(u8, String, usize)>,
}

/// Lays out `report` and returns the printpdf document (not yet serialised) and its layout facts.
pub fn layout(report: &Report) -> (PdfDocument, Rendered) {
    let (regular, bold) = faces();
    let (w, h) = report.paper.size_pt();
    let frame = Frame { w, h, left: 50.0, right: w - 50.0, top: 62.0, bottom: h - 58.0 };
    let l = report.meta.lang.labels();

    // The body first, to learn on which page each section starts.
    let mut body = Writer { frame, regular, bold, pages: vec![], y: 0.0, toc: vec![] };
    for s in &report.sections {
        body.section_title(&s.title);
        for b in &s.blocks {
            match b {
                Block::Heading(t) => body.heading(t),
                Block::Paragraph(t) => {
                    body.paragraph(t, false, 10.0, INK, 0.0);
                    body.y += 6.0;
                }
                Block::KeyValues(kv) => body.key_values(kv),
                Block::Table(t) => body.table(t),
                Block::BarChart(c) => body.bar_chart(c),
                Block::LineChart(c) => body.line_chart(c),
            }
        }
    }
    let body_toc = std::mem::take(&mut body.toc);
    let body_pages = std::mem::take(&mut body.pages);
    let frame = body.frame;

    // The table of contents: its length does not depend on the page numbers it prints.
    let toc_size = 10.0;
    let num_w = 40.0;
    let toc_lines: Vec<(u8, Vec<String>, usize)> = body_toc
        .iter()
        .map(|(lvl, t, p)| {
            let indent = f32::from(*lvl) * 16.0;
            (
                *lvl,
                wrap(
                    if *lvl == 0 { bold } else { regular },
                    t,
                    toc_size,
                    frame.content_width() - indent - num_w,
                ),
                *p,
            )
        })
        .collect();
    let mut toc = Writer { frame, regular, bold, pages: vec![], y: 0.0, toc: vec![] };
    toc.new_page();
    toc.paragraph(l.contents, true, 15.0, ACCENT, 0.0);
    toc.y += 10.0;
    // Page numbers: the title page is 1, then the contents, then the body.
    let mut toc_pages_estimate = 1;
    {
        // Count the contents pages with a dry run.
        let mut y = toc.y;
        for (lvl, lines, _) in &toc_lines {
            let need = lines.len() as f32 * toc_size * 1.4 + if *lvl == 0 { 4.0 } else { 1.0 };
            if y + need > frame.bottom {
                toc_pages_estimate += 1;
                y = frame.top;
            }
            y += need;
        }
    }
    let offset = 1 + toc_pages_estimate;
    let mut entries = vec![];
    for (lvl, lines, p) in &toc_lines {
        let need = lines.len() as f32 * toc_size * 1.4 + if *lvl == 0 { 4.0 } else { 1.0 };
        toc.ensure(need);
        if *lvl == 0 {
            toc.y += 4.0;
        }
        let indent = f32::from(*lvl) * 16.0;
        let number = offset + p + 1;
        let isbold = *lvl == 0;
        for (i, line) in lines.iter().enumerate() {
            let baseline = toc.y + toc_size;
            toc.text_at(frame.left + indent, baseline, line, isbold, toc_size, INK);
            if i + 1 == lines.len() {
                toc.text_right(frame.right, baseline, &number.to_string(), isbold, toc_size, INK);
            }
            toc.y += toc_size * 1.4;
        }
        if *lvl == 1 {
            toc.y += 1.0;
        }
        entries.push((*lvl, lines.join(" "), number));
    }
    debug_assert_eq!(toc.pages.len(), toc_pages_estimate, "the contents dry run and the layout agree");
    let toc_pages = std::mem::take(&mut toc.pages);

    // The title page.
    let mut title = Writer { frame, regular, bold, pages: vec![], y: 0.0, toc: vec![] };
    title.new_page();
    title.y = frame.top + 30.0;
    title.paragraph(&report.meta.title, true, 24.0, ACCENT, 0.0);
    title.y += 6.0;
    title.line(&[(frame.left, title.y), (frame.right, title.y)], 1.2, ACCENT);
    title.y += 24.0;
    let lines = report.meta.title_lines();
    let (integrity, signer) = lines.split_at(lines.len().min(9));
    title.stacked_values(integrity);
    if !signer.is_empty() {
        title.y += 8.0;
        title.paragraph(l.signature, true, 11.5, ACCENT, 0.0);
        title.y += 4.0;
        title.stacked_values(signer);
        title.paragraph(l.verify_hint, false, 8.5, MUTED, 0.0);
    }
    if !report.meta.integrity.chain_ok {
        title.y += 8.0;
        title.paragraph(l.verified_broken, true, 12.0, RED, 0.0);
    }

    let mut all: Vec<PageOps> = title.pages;
    all.extend(toc_pages);
    all.extend(body_pages);
    let total = all.len();

    // Running header and footer on every page but the title page.
    let head_hash = report.meta.integrity.head_hash.clone().unwrap_or_default();
    let footer_left = format!(
        "{} {} · {} {}",
        l.as_of,
        report.meta.as_of.format("%Y-%m-%d"),
        l.head_hash,
        head_hash.get(..16).map(|h| format!("{h}…")).unwrap_or_else(|| l.none.to_string())
    );
    let mut w = Writer { frame, regular, bold, pages: vec![], y: 0.0, toc: vec![] };
    let mut pdf_pages = Vec::with_capacity(total);
    for (i, page) in all.into_iter().enumerate() {
        w.pages = vec![page];
        let size = 7.5;
        if i > 0 {
            let title_w = frame.content_width() * 0.6;
            let t = wrap(regular, &report.meta.title, size, title_w).into_iter().next().unwrap_or_default();
            w.text_at(frame.left, 36.0, &t, false, size, MUTED);
            let org = wrap(regular, &report.meta.organisation, size, frame.content_width() - title_w - 10.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            w.text_right(frame.right, 36.0, &org, false, size, MUTED);
            w.line(&[(frame.left, 41.0), (frame.right, 41.0)], 0.4, RULE);
        }
        w.line(&[(frame.left, h - 40.0), (frame.right, h - 40.0)], 0.4, RULE);
        w.text_at(frame.left, h - 29.0, &footer_left, false, size, MUTED);
        w.text_right(
            frame.right,
            h - 29.0,
            &format!("{} {} {} {}", l.page, i + 1, l.of, total),
            false,
            size,
            MUTED,
        );
        let p = w.pages.pop().expect("the page just set");
        let mut ops = p.graphics;
        ops.push(Op::StartTextSection);
        ops.extend(p.text);
        ops.push(Op::EndTextSection);
        pdf_pages.push(PdfPage::new(printpdf::Mm::from(Pt(frame.w)), printpdf::Mm::from(Pt(frame.h)), ops));
    }

    let mut doc = PdfDocument::new(&report.meta.title);
    let used = used_chars(&pdf_pages);
    doc.resources
        .fonts
        .map
        .insert(font_id(false), printpdf::PdfFont::new(subset(regular, REGULAR_TTF, &used[0])));
    doc.resources.fonts.map.insert(font_id(true), printpdf::PdfFont::new(subset(bold, BOLD_TTF, &used[1])));
    let info = &mut doc.metadata.info;
    info.author = if report.meta.dpo.trim().is_empty() {
        report.meta.organisation.clone()
    } else {
        report.meta.dpo.clone()
    };
    info.subject = report.meta.scope.clone();
    info.creator = "DPO Cockpit".to_string();
    info.producer = format!("DPO Cockpit {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.keywords = vec![report.meta.kind.code().to_string(), report.meta.lang.code().to_string()];
    if let Ok(t) = printpdf::DateTime::from_unix_timestamp(report.meta.generated_at.timestamp()) {
        info.creation_date = t;
        info.modification_date = t;
        info.metadata_date = t;
    }
    for (lvl, title, page) in &entries {
        if *lvl == 0 {
            doc.add_bookmark(title, *page);
        }
    }
    doc.pages = pdf_pages;
    (doc, Rendered { doc_pages: total, toc: entries })
}

/// Renders `report` to a `lopdf::Document` with compressed streams and subset fonts.
pub fn render(report: &Report) -> (lopdf::Document, Rendered) {
    let (doc, rendered) = layout(report);
    let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut warnings = vec![];
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    // printpdf writes a PDF/X version key into the document information; these reports claim no PDF/X
    // conformance, so it goes.
    if let Ok(info) = lo.trailer.get(b"Info").and_then(lopdf::Object::as_reference) {
        if let Ok(dict) = lo.get_object_mut(info).and_then(lopdf::Object::as_dict_mut) {
            dict.remove(b"GTS_PDFXVersion");
            dict.remove(b"Identifier");
        }
    }
    name_subset_fonts(&mut lo);
    compress_streams(&mut lo);
    (lo, rendered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_inside_overlong_words() {
        let (r, _) = faces();
        let width = r.width("alpha beta", 10.0).max(r.width("gamma delta", 10.0)) + 0.1;
        assert!(r.width("alpha beta gamma", 10.0) > width);
        let lines = wrap(r, "alpha beta gamma delta", 10.0, width);
        assert_eq!(lines, vec!["alpha beta", "gamma delta"]);
        let long = "x".repeat(50);
        let lines = wrap(r, &long, 10.0, r.width("xxxxxxxxxx", 10.0) + 0.1);
        assert_eq!(lines.len(), 5);
        assert!(lines.iter().all(|l| l.len() == 10));
        assert_eq!(wrap(r, "a\nb", 10.0, 500.0), vec!["a", "b"]);
    }

    #[test]
    fn the_font_covers_the_letters_a_register_holds() {
        let (r, b) = faces();
        for c in "ßłøé€ñçüÅŁŒ".chars() {
            assert!(r.font.lookup_glyph_index(c as u32).is_some_and(|g| g != 0), "regular lacks {c}");
            assert!(b.font.lookup_glyph_index(c as u32).is_some_and(|g| g != 0), "bold lacks {c}");
        }
    }

    #[test]
    fn nice_axis_maxima() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(13.0), 20.0);
        assert_eq!(nice_max(41.0), 50.0);
        assert_eq!(nice_max(100.0), 100.0);
    }
}
