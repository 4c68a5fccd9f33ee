//! Rendering a [`Report`] to PDF: a title page, a table of contents with page numbers (each entry a
//! link), a running header and a "page X of Y" footer, tables whose cells wrap and whose header row
//! repeats on every page they run over, and charts drawn as vectors. Text is set in DejaVu Sans
//! (embedded and subset), so every Latin letter the register may hold (ß, ł, ø, €) renders and extracts
//! as text.
//!
//! Layout is done here, in points from the top of the page, with our own text measurement (advance
//! widths read once from the font), because a PDF places text where it is told and does not wrap.
//!
//! How the PDF is made: printpdf is the PDF library of record. It parses the fonts (glyph ids,
//! advance widths, metrics) and builds the document itself: catalog, page tree, document information,
//! outline (bookmarks) and trailer. The page content streams, however, are written here directly as
//! PDF operators (bytes), deflated page by page on every core, and put into the pages with lopdf (the
//! object model printpdf itself produces); the embedded fonts are subset with allsorts (the font library
//! printpdf uses) and described with lopdf as Type 0 / CIDFontType2 fonts whose codes are the glyph ids
//! of the whole font (a `CIDToGIDMap` maps them into the subset). Going through printpdf's operation
//! list cost a 4,000-page record 3.7 s and most of its 555 MiB; the bytes written here are the same
//! operators (`re f`, `m l S`, `Tf`, `Td`, `Tj`), only without the intermediate objects.

use crate::model::{Block, Chart, Report, Table};
use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Object, Stream};
use printpdf::{ParsedFont, PdfDocument, PdfPage, PdfSaveOptions, Pt};
use std::sync::OnceLock;

static REGULAR_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A parsed font with glyph-id and advance-width tables for fast measuring and encoding.
struct Face {
    font: ParsedFont,
    bytes: &'static [u8],
    /// PostScript name, for the embedded font's name.
    name: &'static str,
    /// Advance widths in 1/1000 em for the code points below `FAST`.
    fast: Vec<f32>,
    /// Glyph ids of the code points below `FAST` (0: none).
    gids: Vec<u16>,
}

const FAST: usize = 0x3000;

impl Face {
    fn load(bytes: &'static [u8], name: &'static str) -> Face {
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the bundled DejaVu font parses");
        let mut fast = vec![0.0; FAST];
        let mut gids = vec![0; FAST];
        for cp in 0..FAST {
            let gid = font.lookup_glyph_index(cp as u32).unwrap_or(0);
            gids[cp] = gid;
            fast[cp] = Self::advance(&font, gid);
        }
        Face { font, bytes, name, fast, gids }
    }

    fn advance(font: &ParsedFont, gid: u16) -> f32 {
        let upem = f32::from(font.units_per_em.max(1));
        f32::from(font.get_glyph_width(gid).unwrap_or(0)) * 1000.0 / upem
    }

    fn glyph(&self, c: char) -> u16 {
        let cp = c as usize;
        if cp < FAST {
            self.gids[cp]
        } else {
            self.font.lookup_glyph_index(c as u32).unwrap_or(0)
        }
    }

    fn char_width(&self, c: char) -> f32 {
        let cp = c as usize;
        if cp < FAST {
            return self.fast[cp];
        }
        Self::advance(&self.font, self.font.lookup_glyph_index(c as u32).unwrap_or(0))
    }

    /// Width of `s` at `size` points.
    fn width(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.char_width(c)).sum::<f32>() * size / 1000.0
    }
}

fn faces() -> &'static (Face, Face) {
    static FACES: OnceLock<(Face, Face)> = OnceLock::new();
    FACES.get_or_init(|| (Face::load(REGULAR_TTF, "DejaVuSans"), Face::load(BOLD_TTF, "DejaVuSans-Bold")))
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

/// Appends a length rounded to 1/10 pt (0.035 mm), without trailing zeros ("12", "12.5", "-0.3"):
/// shorter numbers that repeat more, so the pages deflate better.
fn put_num(out: &mut Vec<u8>, v: f32) {
    put_hundredths(out, tenths(v) * 10);
}

/// `v` in whole tenths.
fn tenths(v: f32) -> i64 {
    (f64::from(v) * 10.0).round() as i64
}

fn put_hundredths(out: &mut Vec<u8>, h: i64) {
    if h < 0 {
        out.push(b'-');
    }
    let a = h.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut n = a / 100;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[i..]);
    let frac = a % 100;
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if !frac.is_multiple_of(10) {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

fn put_color(out: &mut Vec<u8>, c: Rgb3, op: &[u8]) {
    for v in [c.0, c.1, c.2] {
        put_hundredths(out, (f64::from(v) * 100.0).round() as i64);
        out.push(b' ');
    }
    out.extend_from_slice(op);
    out.push(b'\n');
}

/// What each face set: the ASCII characters (written as one-byte codes) and, by glyph id, the other
/// characters (two-byte codes `0x8000 + glyph id`), with the character each glyph was set for.
struct Used {
    ascii: [[bool; 128]; 2],
    glyphs: [Vec<u32>; 2],
}

impl Default for Used {
    fn default() -> Self {
        Used { ascii: [[false; 128]; 2], glyphs: [vec![], vec![]] }
    }
}

impl Used {
    fn mark(&mut self, bold: bool, gid: u16, c: char) {
        let v = &mut self.glyphs[usize::from(bold)];
        if v.is_empty() {
            v.resize(0x8000, 0);
        }
        if let Some(slot) = v.get_mut(usize::from(gid)) {
            if *slot == 0 {
                *slot = c as u32;
            }
        }
    }
}

/// Appends the codes of `s` in `face` to a literal string: ASCII as itself (one byte), anything else as
/// `0x8000 + glyph id` (two bytes); see [`add_font`] for the encoding that reads them back.
fn put_codes(out: &mut Vec<u8>, face: &Face, bold: bool, s: &str, used: &mut Used) {
    for ch in s.chars() {
        let b = ch as u32;
        if b < 0x80 {
            used.ascii[usize::from(bold)][b as usize] = true;
            put_escaped(out, b as u8);
        } else {
            let gid = face.glyph(ch);
            let gid = if gid < 0x8000 { gid } else { 0 };
            used.mark(bold, gid, ch);
            let [hi, lo] = gid.to_be_bytes();
            out.push(0x80 | hi);
            put_escaped(out, lo);
        }
    }
}

fn put_escaped(out: &mut Vec<u8>, b: u8) {
    match b {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
        b'\r' => out.extend_from_slice(b"\\r"),
        b'\n' => out.extend_from_slice(b"\\n"),
        _ => out.push(b),
    }
}

/// One page being drawn, as PDF operators: graphics first, then one text object, so text is never
/// hidden by a fill.
struct PageOps {
    frame: Frame,
    graphics: Vec<u8>,
    text: Vec<u8>,
    font: Option<(bool, f32)>,
    /// Fill colour inside the text object, and the graphics state outside it.
    text_fill: Option<Rgb3>,
    fill: Option<Rgb3>,
    stroke: Option<Rgb3>,
    stroke_width: Option<f32>,
    /// Start of the current text line, in 1/100 pt, on whole tenths (text positions are written
    /// relative to it).
    at: (i64, i64),
    /// The text leading set with `TL`, in 1/100 pt.
    leading: Option<i64>,
    /// Links on this page: (x0, y0, x1, y1) in PDF coordinates, and the 0-based page they go to.
    links: Vec<([f32; 4], usize)>,
}

impl PageOps {
    fn new(frame: Frame) -> Self {
        PageOps {
            frame,
            graphics: Vec::with_capacity(4096),
            text: Vec::with_capacity(16384),
            font: None,
            text_fill: None,
            fill: None,
            stroke: None,
            stroke_width: None,
            at: (0, 0),
            leading: None,
            links: vec![],
        }
    }

    /// The content stream: the graphics, then the text object.
    fn finish(self) -> (Frame, Vec<u8>, Vec<([f32; 4], usize)>) {
        let mut out = self.graphics;
        out.reserve(self.text.len() + 8);
        out.extend_from_slice(b"BT\n");
        out.extend_from_slice(&self.text);
        out.extend_from_slice(b"ET\n");
        (self.frame, out, self.links)
    }
}

/// Geometry of a page.
#[derive(Clone, Copy, PartialEq)]
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
    used: Used,
    /// Smaller type and padding in tables (the wide tables of a compact record).
    dense: bool,
    /// Form XObjects (drawn once, placed on many pages), named `X0`, `X1`, … in the resources.
    forms: Vec<Form>,
}

/// A form XObject: content in its own coordinates, (0, 0) at the bottom left, `width` × `height`.
struct Form {
    content: Vec<u8>,
    width: f32,
    height: f32,
}

impl<'a> Writer<'a> {
    fn new(frame: Frame, regular: &'a Face, bold: &'a Face, used: Used) -> Self {
        Writer { frame, regular, bold, pages: vec![], y: 0.0, toc: vec![], used, dense: false, forms: vec![] }
    }

    fn face(&self, bold: bool) -> &'a Face {
        if bold {
            self.bold
        } else {
            self.regular
        }
    }

    fn new_page(&mut self) {
        self.pages.push(PageOps::new(self.frame));
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
        let face = self.face(bold);
        if self.pages.is_empty() {
            self.new_page();
        }
        let p = self.pages.last_mut().expect("a page exists");
        let h = p.frame.h;
        let out = &mut p.text;
        if p.font != Some((bold, size)) {
            out.extend_from_slice(if bold { b"/F2 " } else { b"/F1 " });
            put_num(out, size);
            out.extend_from_slice(b" Tf\n");
            p.font = Some((bold, size));
        }
        if p.text_fill != Some(c) {
            put_color(out, c, b"rg");
            p.text_fill = Some(c);
        }
        let to = (tenths(x) * 10, tenths(h - baseline) * 10);
        let (dx, dy) = (to.0 - p.at.0, to.1 - p.at.1);
        if dx == 0 && dy < 0 && p.leading == Some(-dy) {
            // The next line of a column: "T*" moves down by the leading.
            out.extend_from_slice(b"T*(");
        } else if dx == 0 && dy < 0 {
            put_hundredths(out, -dy);
            out.extend_from_slice(b" TL T*(");
            p.leading = Some(-dy);
        } else {
            put_hundredths(out, dx);
            out.push(b' ');
            put_hundredths(out, dy);
            out.extend_from_slice(b" Td(");
        }
        p.at = to;
        put_codes(out, face, bold, s, &mut self.used);
        out.extend_from_slice(b")Tj\n");
    }

    fn text_right(&mut self, right: f32, baseline: f32, s: &str, bold: bool, size: f32, c: Rgb3) {
        let w = self.face(bold).width(s, size);
        self.text_at(right - w, baseline, s, bold, size, c);
    }

    fn rect(&mut self, x: f32, top: f32, w: f32, h: f32, c: Rgb3) {
        let p = self.page();
        let ph = p.frame.h;
        if p.fill != Some(c) {
            put_color(&mut p.graphics, c, b"rg");
            p.fill = Some(c);
        }
        let out = &mut p.graphics;
        for v in [x, ph - top - h, w, h] {
            put_num(out, v);
            out.push(b' ');
        }
        out.extend_from_slice(b"re f\n");
    }

    fn line(&mut self, points: &[(f32, f32)], width: f32, c: Rgb3) {
        if points.len() < 2 {
            return;
        }
        let p = self.page();
        let ph = p.frame.h;
        if p.stroke != Some(c) {
            put_color(&mut p.graphics, c, b"RG");
            p.stroke = Some(c);
        }
        if p.stroke_width != Some(width) {
            put_num(&mut p.graphics, width);
            p.graphics.extend_from_slice(b" w\n");
            p.stroke_width = Some(width);
        }
        let out = &mut p.graphics;
        for (i, (x, y)) in points.iter().enumerate() {
            put_num(out, *x);
            out.push(b' ');
            put_num(out, ph - *y);
            out.extend_from_slice(if i == 0 { b" m " } else { b" l " });
        }
        out.extend_from_slice(b"S\n");
    }

    /// Places form `index` with its bottom edge at `bottom` (from the top of the page).
    fn place_form(&mut self, index: usize, bottom: f32) {
        let p = self.page();
        let ph = p.frame.h;
        let out = &mut p.graphics;
        out.extend_from_slice(b"q 1 0 0 1 0 ");
        put_num(out, ph - bottom);
        out.extend_from_slice(format!(" cm /X{index} Do Q\n").as_bytes());
    }

    /// A link from a rectangle of this page (from the top, like everything here) to page `target`
    /// (0-based).
    fn link(&mut self, x0: f32, top: f32, x1: f32, bottom: f32, target: usize) {
        let p = self.page();
        let ph = p.frame.h;
        p.links.push(([x0, ph - bottom, x1, ph - top], target));
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
        let (size, lh, pad) = if self.dense { (7.0, 8.4, 2.0) } else { (8.0, 10.0, 3.0) };
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
        // The header row is drawn once, as a form XObject, and placed on every page the table runs
        // over.
        let form = {
            let frame = self.frame;
            self.pages.push(PageOps::new(Frame { h: header_h, ..frame }));
            self.rect(frame.left, 0.0, cw, header_h, HEADER_FILL);
            for (i, lines) in header.iter().enumerate() {
                for (j, l) in lines.iter().enumerate() {
                    self.text_at(xs[i] + pad, pad + size + j as f32 * lh, l, true, size, INK);
                }
            }
            let (_, content, _) = self.pages.pop().expect("the form's page").finish();
            self.forms.push(Form { content, width: frame.w, height: header_h });
            self.forms.len() - 1
        };
        let draw_header = |wr: &mut Writer<'_>| {
            let top = wr.y;
            wr.place_form(form, top + header_h);
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

/// How a report was laid out, for tests and the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub doc_pages: usize,
    /// (level, title, 1-based page number) of every table-of-contents entry.
    pub toc: Vec<(u8, String, usize)>,
}

/// A laid-out report: every page as PDF operators (not yet compressed), and the glyphs they use.
pub struct Laid {
    pages: Vec<PageOps>,
    used: Used,
    forms: Vec<Form>,
}

impl Laid {
    /// Size in points (width, height) of every page, in order.
    pub fn page_sizes(&self) -> Vec<(f32, f32)> {
        self.pages.iter().map(|p| (p.frame.w, p.frame.h)).collect()
    }
}

/// Lays out `report`: every page's operators, and where the table of contents points.
pub fn layout(report: &Report) -> (Laid, Rendered) {
    let (regular, bold) = faces();
    let (w, h) = report.paper.size_pt();
    let frame = Frame { w, h, left: 50.0, right: w - 50.0, top: 62.0, bottom: h - 58.0 };
    // Landscape sections (the wide tables of a compact record) use narrower margins.
    let wide = Frame { w: h, h: w, left: 36.0, right: h - 36.0, top: 54.0, bottom: w - 48.0 };
    let l = report.meta.lang.labels();

    // The body first, to learn on which page each section starts.
    let mut body = Writer::new(frame, regular, bold, Used::default());
    for s in &report.sections {
        let landscape = s.blocks.iter().any(|b| matches!(b, Block::Table(t) if t.landscape));
        body.frame = if landscape { wide } else { frame };
        body.dense = landscape;
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
    let forms = std::mem::take(&mut body.forms);
    let body_toc = std::mem::take(&mut body.toc);
    let body_pages = std::mem::take(&mut body.pages);
    let used = std::mem::take(&mut body.used);

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
    let mut toc = Writer::new(frame, regular, bold, used);
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
        let top = toc.y;
        for (i, line) in lines.iter().enumerate() {
            let baseline = toc.y + toc_size;
            toc.text_at(frame.left + indent, baseline, line, isbold, toc_size, INK);
            if i + 1 == lines.len() {
                toc.text_right(frame.right, baseline, &number.to_string(), isbold, toc_size, INK);
            }
            toc.y += toc_size * 1.4;
        }
        // The whole entry, its page number included, is a link to the page it names.
        toc.link(frame.left + indent, top, frame.right, toc.y, number - 1);
        if *lvl == 1 {
            toc.y += 1.0;
        }
        entries.push((*lvl, lines.join(" "), number));
    }
    debug_assert_eq!(toc.pages.len(), toc_pages_estimate, "the contents dry run and the layout agree");
    let toc_pages = std::mem::take(&mut toc.pages);
    let used = std::mem::take(&mut toc.used);

    // The title page.
    let mut title = Writer::new(frame, regular, bold, used);
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

    let mut all: Vec<PageOps> = std::mem::take(&mut title.pages);
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
    let mut w = Writer::new(frame, regular, bold, std::mem::take(&mut title.used));
    w.forms = forms;
    let size = 7.5;
    // The running header and the footer but its page number are the same on every page of a size: a
    // form XObject each, for pages with a header and for the title page (footer only).
    let mut running: Vec<(Frame, bool, usize)> = vec![];
    for (i, page) in all.iter_mut().enumerate() {
        let f = page.frame;
        let with_header = i > 0;
        let form = match running.iter().find(|(rf, h, _)| *rf == f && *h == with_header) {
            Some((_, _, form)) => *form,
            None => {
                w.frame = f;
                w.pages = vec![PageOps::new(f)];
                if with_header {
                    let title_w = f.content_width() * 0.6;
                    let t = wrap(regular, &report.meta.title, size, title_w)
                        .into_iter()
                        .next()
                        .unwrap_or_default();
                    let org =
                        wrap(regular, &report.meta.organisation, size, f.content_width() - title_w - 10.0)
                            .into_iter()
                            .next()
                            .unwrap_or_default();
                    w.text_at(f.left, 36.0, &t, false, size, MUTED);
                    w.text_right(f.right, 36.0, &org, false, size, MUTED);
                    w.line(&[(f.left, 41.0), (f.right, 41.0)], 0.4, RULE);
                }
                w.line(&[(f.left, f.h - 40.0), (f.right, f.h - 40.0)], 0.4, RULE);
                w.text_at(f.left, f.h - 29.0, &footer_left, false, size, MUTED);
                let (_, content, _) = w.pages.pop().expect("the form's page").finish();
                w.forms.push(Form { content, width: f.w, height: f.h });
                running.push((f, with_header, w.forms.len() - 1));
                w.forms.len() - 1
            }
        };
        w.frame = f;
        w.pages = vec![std::mem::replace(page, PageOps::new(f))];
        w.place_form(form, f.h);
        w.text_right(
            f.right,
            f.h - 29.0,
            &format!("{} {} {} {}", l.page, i + 1, l.of, total),
            false,
            size,
            MUTED,
        );
        *page = w.pages.pop().expect("the page just set");
    }
    let forms = std::mem::take(&mut w.forms);
    (Laid { pages: all, used: w.used, forms }, Rendered { doc_pages: total, toc: entries })
}

/// Renders `report` to a `lopdf::Document` with compressed streams and subset fonts, ready to be signed.
pub fn render(report: &Report) -> (lopdf::Document, Rendered) {
    let (laid, rendered) = layout(report);
    (assemble(report, laid, &rendered), rendered)
}

/// The document around the laid-out pages: printpdf makes the catalog, page tree, information,
/// outline and trailer; the pages' content streams (deflated on every core) and the fonts go in with
/// lopdf.
pub fn assemble(report: &Report, laid: Laid, rendered: &Rendered) -> lopdf::Document {
    let info = DocInfo {
        title: report.meta.title.clone(),
        author: if report.meta.dpo.trim().is_empty() {
            report.meta.organisation.clone()
        } else {
            report.meta.dpo.clone()
        },
        subject: report.meta.scope.clone(),
        keywords: vec![report.meta.kind.code().to_string(), report.meta.lang.code().to_string()],
        created: report.meta.generated_at,
        bookmarks: rendered
            .toc
            .iter()
            .filter(|(lvl, _, _)| *lvl == 0)
            .map(|(_, t, p)| (t.clone(), *p))
            .collect(),
    };
    assemble_doc(&info, laid)
}

/// The document information and outline of a PDF.
struct DocInfo {
    title: String,
    author: String,
    subject: String,
    keywords: Vec<String>,
    created: DateTime<Utc>,
    /// Outline entries: title and 1-based page.
    bookmarks: Vec<(String, usize)>,
}

fn assemble_doc(meta: &DocInfo, laid: Laid) -> lopdf::Document {
    let Laid { pages, used, forms } = laid;
    let sizes: Vec<(f32, f32)> = pages.iter().map(|p| (p.frame.w, p.frame.h)).collect();
    let mut finished: Vec<(Vec<u8>, Vec<([f32; 4], usize)>)> = pages
        .into_iter()
        .map(|p| {
            let (_, c, l) = p.finish();
            (c, l)
        })
        .collect();
    deflate_all(finished.iter_mut().map(|(c, _)| c).collect());

    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.subject = meta.subject.clone();
    info.creator = "DPO Cockpit".to_string();
    info.producer = format!("DPO Cockpit {} (printpdf)", env!("CARGO_PKG_VERSION"));
    info.keywords = meta.keywords.clone();
    if let Ok(t) = printpdf::DateTime::from_unix_timestamp(meta.created.timestamp()) {
        info.creation_date = t;
        info.modification_date = t;
        info.metadata_date = t;
    }
    for (title, page) in &meta.bookmarks {
        doc.add_bookmark(title, *page);
    }
    doc.pages = sizes
        .iter()
        .map(|(w, h)| PdfPage::new(printpdf::Mm::from(Pt(*w)), printpdf::Mm::from(Pt(*h)), vec![]))
        .collect();
    let opts = PdfSaveOptions { optimize: true, subset_fonts: true, secure: true, image_optimization: None };
    let mut lo = doc.to_lopdf_document(&opts, &mut vec![]);
    // printpdf writes a PDF/X version key into the document information; these reports claim no PDF/X
    // conformance, so it goes.
    if let Ok(info) = lo.trailer.get(b"Info").and_then(Object::as_reference) {
        if let Ok(dict) = lo.get_object_mut(info).and_then(Object::as_dict_mut) {
            dict.remove(b"GTS_PDFXVersion");
            dict.remove(b"Identifier");
        }
    }
    // printpdf writes the page mode as a string; it is a name.
    if let Ok(catalog) = lo.catalog_mut() {
        if catalog.has(b"Outlines") {
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        }
    }

    // The fonts, in the font dictionary every page's resources point at.
    let (regular, bold) = faces();
    let f1 = add_font(&mut lo, regular, &used, false);
    let f2 = add_font(&mut lo, bold, &used, true);
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    let font_dict = page_ids.first().and_then(|p| {
        let resources = lo.get_dictionary(*p).ok()?.get(b"Resources").ok()?.as_reference().ok()?;
        lo.get_dictionary(resources).ok()?.get(b"Font").ok()?.as_reference().ok()
    });
    if let Some(fd) = font_dict {
        if let Ok(d) = lo.get_object_mut(fd).and_then(Object::as_dict_mut) {
            d.set("F1", Object::Reference(f1));
            d.set("F2", Object::Reference(f2));
        }
    }

    // Every page shares the first page's resources (printpdf gives each page its own copy of the same
    // dictionary), and the boxes printpdf repeats equal the media box: 400 bytes a page less.
    let shared = page_ids
        .first()
        .and_then(|p| lo.get_dictionary(*p).ok()?.get(b"Resources").ok()?.as_reference().ok());
    for id in &page_ids {
        let Ok(page) = lo.get_object_mut(*id).and_then(Object::as_dict_mut) else { continue };
        page.remove(b"TrimBox");
        page.remove(b"CropBox");
        if matches!(page.get(b"Annots"), Ok(Object::Array(a)) if a.is_empty()) {
            page.remove(b"Annots");
        }
        let Some(shared) = shared else { continue };
        let own = page.get(b"Resources").and_then(Object::as_reference).ok();
        page.set("Resources", Object::Reference(shared));
        if let Some(own) = own.filter(|o| *o != shared) {
            lo.objects.remove(&own);
        }
    }

    // The form XObjects, in the XObject dictionary of the shared resources.
    let xobjects = shared.and_then(|r| lo.get_dictionary(r).ok()?.get(b"XObject").ok()?.as_reference().ok());
    for (i, f) in forms.into_iter().enumerate() {
        let mut dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            ("BBox", Object::Array(vec![0.into(), 0.into(), Object::Real(f.width), Object::Real(f.height)])),
        ]);
        if let Some(r) = shared {
            dict.set("Resources", Object::Reference(r));
        }
        let id = lo.add_object(Stream::new(dict, f.content));
        if let Some(x) = xobjects {
            if let Ok(d) = lo.get_object_mut(x).and_then(Object::as_dict_mut) {
                d.set(format!("X{i}"), Object::Reference(id));
            }
        }
    }

    // The page tree gives the commonest page size; only the other pages state their own.
    let mut counts: Vec<((f32, f32), usize)> = vec![];
    for size in &sizes {
        match counts.iter_mut().find(|(s, _)| s == size) {
            Some((_, n)) => *n += 1,
            None => counts.push((*size, 1)),
        }
    }
    if let Some(((w, h), _)) = counts.iter().max_by_key(|(_, n)| *n).copied() {
        let media =
            |w: f32, h: f32| Object::Array(vec![0.into(), 0.into(), Object::Real(w), Object::Real(h)]);
        if let Ok(root) = lo.catalog().and_then(|c| c.get(b"Pages")).and_then(Object::as_reference) {
            if let Ok(pages) = lo.get_object_mut(root).and_then(Object::as_dict_mut) {
                pages.set("MediaBox", media(w, h));
                for (id, size) in page_ids.iter().zip(&sizes) {
                    if *size == (w, h) {
                        if let Ok(page) = lo.get_object_mut(*id).and_then(Object::as_dict_mut) {
                            page.remove(b"MediaBox");
                        }
                    }
                }
            }
        }
    }

    // The content streams, and the links of the table of contents.
    for (id, (content, links)) in page_ids.iter().zip(finished) {
        let contents = lo.get_dictionary(*id).ok().and_then(|d| d.get(b"Contents").ok()?.as_reference().ok());
        let mut dict = Dictionary::new();
        dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let stream = Stream::new(dict, content).with_compression(false);
        match contents {
            Some(c) => lo.objects.insert(c, Object::Stream(stream)),
            None => None,
        };
        let annots: Vec<Object> = links
            .into_iter()
            .filter_map(|(r, target)| {
                let to = *page_ids.get(target)?;
                Some(Object::Dictionary(Dictionary::from_iter(vec![
                    ("Type", Object::Name(b"Annot".to_vec())),
                    ("Subtype", Object::Name(b"Link".to_vec())),
                    ("Rect", Object::Array(r.iter().map(|v| Object::Real(*v)).collect())),
                    ("Border", Object::Array(vec![0.into(), 0.into(), 0.into()])),
                    (
                        "Dest",
                        Object::Array(vec![
                            Object::Reference(to),
                            Object::Name(b"XYZ".to_vec()),
                            Object::Null,
                            Object::Null,
                            Object::Null,
                        ]),
                    ),
                ])))
            })
            .collect();
        if !annots.is_empty() {
            if let Ok(d) = lo.get_object_mut(*id).and_then(Object::as_dict_mut) {
                d.set("Annots", Object::Array(annots));
            }
        }
    }
    compress_streams(&mut lo);
    // Contiguous object numbers (the shared resources left gaps): one cross-reference subsection.
    lo.renumber_objects();
    lo
}

/// Lays out and renders a letter: letterhead, recipient, date and reference, subject and body on as
/// many pages as it takes, with the reference and "page i of n" in every footer. No title page, no
/// contents: a letter reads as a letter.
pub fn render_letter(letter: &crate::letter::LetterDocument) -> lopdf::Document {
    let (regular, bold) = faces();
    let (w, h) = letter.paper.size_pt();
    let frame = Frame { w, h, left: 62.0, right: w - 62.0, top: 56.0, bottom: h - 64.0 };
    let words = crate::letter::words(letter.lang);
    let mut wr = Writer::new(frame, regular, bold, Used::default());
    wr.new_page();

    // Letterhead.
    wr.paragraph(&letter.sender, true, 14.0, ACCENT, 0.0);
    wr.y += 1.0;
    for l in &letter.sender_lines {
        wr.paragraph(l, false, 8.5, MUTED, 0.0);
    }
    wr.y += 4.0;
    wr.line(&[(frame.left, wr.y), (frame.right, wr.y)], 0.8, ACCENT);
    wr.y += 28.0;

    // Recipient on the left; date and reference on the right, level with it.
    let top = wr.y;
    let column = frame.content_width() * 0.55;
    for (i, l) in letter.recipient_lines.iter().enumerate() {
        for part in wrap(regular, l, 10.5, column) {
            wr.text_at(frame.left, wr.y + 10.5, &part, i == 0, 10.5, INK);
            wr.y += 10.5 * 1.35;
        }
    }
    let left_end = wr.y;
    wr.y = top;
    wr.text_right(frame.right, wr.y + 10.0, &letter.date, false, 10.0, INK);
    wr.y += 10.0 * 1.5;
    let reference = format!("{}: {}", words.reference, letter.reference);
    wr.text_right(frame.right, wr.y + 9.0, &reference, false, 9.0, MUTED);
    wr.y += 9.0 * 1.35;
    wr.y = wr.y.max(left_end) + 30.0;

    // Subject and body.
    wr.paragraph(&letter.subject, true, 11.5, INK, 0.0);
    wr.y += 10.0;
    let size = 10.5;
    // Blocks are the runs of lines between blank lines; one of up to five lines (a greeting, the
    // closing with the signature) is kept on one page rather than split.
    let lines: Vec<&str> = letter.body.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            wr.y += size * 0.8;
            i += 1;
            continue;
        }
        let end = lines[i..].iter().position(|l| l.trim().is_empty()).map_or(lines.len(), |n| i + n);
        let block: Vec<(&str, f32)> = lines[i..end]
            .iter()
            .map(|line| {
                let text = line.trim_start();
                let lead = &line[..line.len() - text.len()];
                (text.trim_end(), regular.width(&lead.replace('\t', "    "), size))
            })
            .collect();
        let rows: usize = block
            .iter()
            .map(|(t, indent)| wrap(regular, t, size, frame.content_width() - indent).len())
            .sum();
        if rows <= 5 {
            wr.ensure(rows as f32 * size * 1.35);
        }
        for (text, indent) in block {
            wr.paragraph(text, false, size, INK, indent);
        }
        i = end;
    }

    // Footers.
    let pages = std::mem::take(&mut wr.pages);
    let total = pages.len();
    let mut all = Vec::with_capacity(total);
    for (i, page) in pages.into_iter().enumerate() {
        wr.pages = vec![page];
        let f = frame;
        wr.line(&[(f.left, f.h - 44.0), (f.right, f.h - 44.0)], 0.4, RULE);
        let left = format!("{} · {}", letter.reference, letter.sender);
        let left = wrap(regular, &left, 7.5, f.content_width() * 0.7).into_iter().next().unwrap_or_default();
        wr.text_at(f.left, f.h - 32.0, &left, false, 7.5, MUTED);
        wr.text_right(
            f.right,
            f.h - 32.0,
            &format!("{} {} {} {}", words.page, i + 1, words.of, total),
            false,
            7.5,
            MUTED,
        );
        all.push(wr.pages.pop().expect("the page just set"));
    }
    let info = DocInfo {
        title: letter.subject.clone(),
        author: letter.sender.clone(),
        subject: letter.reference.clone(),
        keywords: vec!["letter".to_string(), letter.lang.code().to_string()],
        created: letter.generated_at,
        bookmarks: vec![],
    };
    let laid = Laid { pages: all, used: std::mem::take(&mut wr.used), forms: vec![] };
    assemble_doc(&info, laid)
}

/// Deflates every buffer in place, on every core (zlib's default level).
fn deflate_all(mut bufs: Vec<&mut Vec<u8>>) {
    use flate2::{write::ZlibEncoder, Compression};
    use std::io::Write;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let chunk = bufs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in bufs.chunks_mut(chunk) {
            scope.spawn(move || {
                for b in part.iter_mut() {
                    let mut e = ZlibEncoder::new(Vec::with_capacity(b.len() / 3), Compression::default());
                    e.write_all(b).expect("deflating into memory cannot fail");
                    **b = e.finish().expect("deflating into memory cannot fail");
                }
            });
        }
    });
}

/// Deflates every stream that has no filter yet, as lopdf's `compress` does, but at zlib's default level
/// rather than its best and on every core.
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

/// Embeds `face` reduced to the glyphs it set as a Type 0 font (CIDFontType2). Its encoding is a small
/// embedded CMap: one-byte codes 0x00–0x7F are the ASCII characters (so the text of the content
/// streams stays one byte a letter and compresses well), two-byte codes 0x8000–0xFFFF are `0x8000 +
/// glyph id` for every other character. Either way the CID is the glyph id of the whole font; the
/// `CIDToGIDMap` maps it into the subset, `W` gives the widths and `ToUnicode` the text of every code.
/// The subset is named "TAG+PostScriptName" (PDF 32000-1, 9.6.4), the tag six capital letters derived
/// from the subset. Falls back to the whole font if subsetting fails (a larger file, never missing
/// glyphs).
fn add_font(doc: &mut lopdf::Document, face: &Face, used: &Used, bold: bool) -> lopdf::ObjectId {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{subset as subset_font, CmapTarget, SubsetProfile};
    let f = usize::from(bold);
    let ascii: Vec<(u8, u16)> = (0u8..0x80).map(|b| (b, face.glyph(char::from(b)))).collect();
    let glyphs: Vec<(u16, u32)> =
        used.glyphs[f].iter().enumerate().filter(|(_, c)| **c != 0).map(|(g, c)| (g as u16, *c)).collect();
    let mut gids: Vec<u16> = vec![0];
    gids.extend(ascii.iter().filter(|(b, _)| used.ascii[f][usize::from(*b)]).map(|(_, g)| *g));
    gids.extend(glyphs.iter().map(|(g, _)| *g));
    gids.sort_unstable();
    gids.dedup();
    let made = ReadScope::new(face.bytes)
        .read::<FontData<'_>>()
        .ok()
        .and_then(|f| f.table_provider(0).ok())
        .and_then(|p| subset_font(&p, &gids, &SubsetProfile::Pdf, CmapTarget::Unicode).ok());
    let (program, cid_to_gid, name) = match made {
        Some(bytes) => {
            // The subset's glyph i is gids[i].
            let max = usize::from(*gids.last().unwrap_or(&0));
            let mut map = vec![0u8; 2 * (max + 1)];
            for (new, old) in gids.iter().enumerate() {
                let o = usize::from(*old) * 2;
                map[o..o + 2].copy_from_slice(&(new as u16).to_be_bytes());
            }
            let digest = <sha2::Sha256 as sha2::Digest>::digest([face.name.as_bytes(), &bytes].concat());
            let tag: String = digest.iter().take(6).map(|b| char::from(b'A' + b % 26)).collect();
            let map_id = doc.add_object(Stream::new(Dictionary::new(), map));
            (bytes, Object::Reference(map_id), format!("{tag}+{}", face.name))
        }
        None => (face.bytes.to_vec(), Object::Name(b"Identity".to_vec()), face.name.to_string()),
    };

    // The encoding: ASCII codes to the glyphs of their characters, 0x8000 + g to glyph g.
    let cmap_name = "DPOCockpit-ASCII-GID";
    let header = |kind: &str, ordering: &str, name: &str, cmap_type: u8| {
        format!(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry \
             (Adobe) /Ordering ({ordering}) /Supplement 0 >> def\n/CMapName /{name} def\n/CMapType \
             {cmap_type} def\n2 begincodespacerange\n<00> <7F>\n<8000> <FFFF>\nendcodespacerange\n{kind}"
        )
    };
    let footer = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    let mapped: Vec<&(u8, u16)> = ascii.iter().filter(|(_, g)| *g != 0).collect();
    let mut enc = header("", "Identity", cmap_name, 1);
    for chunk in mapped.chunks(100) {
        enc.push_str(&format!("{} begincidchar\n", chunk.len()));
        for (b, g) in chunk {
            enc.push_str(&format!("<{b:02X}> {g}\n"));
        }
        enc.push_str("endcidchar\n");
    }
    enc.push_str("1 begincidrange\n<8000> <FFFF> 0\nendcidrange\n");
    enc.push_str(footer);
    let encoding = doc.add_object(Stream::new(
        Dictionary::from_iter(vec![
            ("Type", Object::Name(b"CMap".to_vec())),
            ("CMapName", Object::Name(cmap_name.as_bytes().to_vec())),
            (
                "CIDSystemInfo",
                Object::Dictionary(Dictionary::from_iter(vec![
                    ("Registry", Object::string_literal("Adobe")),
                    ("Ordering", Object::string_literal("Identity")),
                    ("Supplement", Object::Integer(0)),
                ])),
            ),
        ]),
        enc.into_bytes(),
    ));

    // ToUnicode: the text of every code set.
    let utf16 = |c: u32| -> String {
        let mut units = [0u16; 2];
        char::from_u32(c)
            .unwrap_or('\u{FFFD}')
            .encode_utf16(&mut units)
            .iter()
            .map(|u| format!("{u:04X}"))
            .collect()
    };
    let mut pairs: Vec<String> = (0u8..0x80)
        .filter(|b| used.ascii[f][usize::from(*b)])
        .map(|b| format!("<{b:02X}> <{}>", utf16(u32::from(b))))
        .collect();
    pairs.extend(glyphs.iter().map(|(g, c)| format!("<{:04X}> <{}>", 0x8000 + u32::from(*g), utf16(*c))));
    let mut cmap = header("", "UCS", "Adobe-Identity-UCS", 2);
    for chunk in pairs.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", chunk.len()));
        for p in chunk {
            cmap.push_str(p);
            cmap.push('\n');
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str(footer);
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));

    let font = &face.font;
    let upem = f32::from(font.units_per_em.max(1));
    let scale = |v: f32| (v * 1000.0 / upem).round() as i64;
    let m = &font.pdf_font_metrics;

    // Widths: runs of consecutive glyph ids, "first [w w w]".
    let mut widths: Vec<Object> = vec![];
    let mut run: Vec<Object> = vec![];
    let mut run_start = 0u16;
    let mut prev: Option<u16> = None;
    for g in gids.iter().copied().filter(|g| *g != 0) {
        if prev.is_some_and(|p| p + 1 != g) {
            widths.push(Object::Integer(i64::from(run_start)));
            widths.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            run_start = g;
        }
        run.push(Object::Integer(Face::advance(font, g).round() as i64));
        prev = Some(g);
    }
    if !run.is_empty() {
        widths.push(Object::Integer(i64::from(run_start)));
        widths.push(Object::Array(run));
    }

    let program_len = program.len() as i64;
    let file = doc.add_object(Stream::new(
        Dictionary::from_iter(vec![("Length1", Object::Integer(program_len))]),
        program,
    ));
    let italic = m.caret_slope_rise != 0 && m.caret_slope_run != 0;
    let stem_v = if m.us_weight_class == 0 {
        80
    } else {
        50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
    };
    let descriptor = doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(name.clone().into_bytes())),
        ("Flags", Object::Integer(32 | if italic { 64 } else { 0 })),
        (
            "FontBBox",
            Object::Array(
                [m.x_min, m.y_min, m.x_max, m.y_max]
                    .iter()
                    .map(|v| Object::Integer(scale(f32::from(*v))))
                    .collect(),
            ),
        ),
        ("ItalicAngle", Object::Integer(0)),
        ("Ascent", Object::Integer(scale(f32::from(font.font_metrics.ascent)))),
        ("Descent", Object::Integer(scale(f32::from(font.font_metrics.descent)))),
        ("CapHeight", Object::Integer(scale(f32::from(font.font_metrics.ascent)))),
        ("StemV", Object::Integer(stem_v)),
        ("FontFile2", Object::Reference(file)),
    ]));
    let cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"CIDFontType2".to_vec())),
        ("BaseFont", Object::Name(name.clone().into_bytes())),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor)),
        ("DW", Object::Integer(1000)),
        ("W", Object::Array(widths)),
        ("CIDToGIDMap", cid_to_gid),
    ]);
    doc.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(name.into_bytes())),
        ("Encoding", Object::Reference(encoding)),
        ("DescendantFonts", Object::Array(vec![Object::Dictionary(cid_font)])),
        ("ToUnicode", Object::Reference(to_unicode)),
    ]))
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
            assert!(r.glyph(c) != 0, "regular lacks {c}");
            assert!(b.glyph(c) != 0, "bold lacks {c}");
        }
    }

    #[test]
    fn numbers_are_written_in_tenths_and_colours_in_hundredths_without_trailing_zeros() {
        let s = |v: f32| {
            let mut out = vec![];
            put_num(&mut out, v);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(s(12.0), "12");
        assert_eq!(s(12.5), "12.5");
        assert_eq!(s(0.04), "0");
        assert_eq!(s(0.06), "0.1");
        assert_eq!(s(-0.25), "-0.3");
        assert_eq!(s(841.89), "841.9");
        assert_eq!(s(-3.0), "-3");
        assert_eq!(s(0.0), "0");
        assert_eq!(s(1234.567), "1234.6");
        let mut out = vec![];
        put_hundredths(&mut out, -5);
        put_color(&mut out, INK, b"rg");
        assert_eq!(out, b"-0.050.13 0.13 0.15 rg\n");
    }

    #[test]
    fn text_positions_are_relative_and_codes_escaped() {
        let (r, b) = faces();
        let frame = Frame { w: 100.0, h: 200.0, left: 10.0, right: 90.0, top: 10.0, bottom: 190.0 };
        let mut w = Writer::new(frame, r, b, Used::default());
        w.text_at(10.0, 20.0, "A(b)\\", false, 10.0, INK);
        w.text_at(15.5, 30.0, "ł", false, 10.0, INK);
        w.text_at(15.5, 40.0, "x", false, 10.0, INK);
        w.text_at(15.5, 50.0, "y", false, 10.0, INK);
        let text = &w.pages[0].text;
        let gid = r.glyph('ł');
        let mut expected = b"/F1 10 Tf\n0.13 0.13 0.15 rg\n10 180 Td(A\\(b\\)\\\\)Tj\n5.5 -10 Td(".to_vec();
        expected.extend_from_slice(&[0x80 | (gid >> 8) as u8]);
        let lo = (gid & 0xFF) as u8;
        if matches!(lo, b'(' | b')' | b'\\' | b'\r' | b'\n') {
            expected.push(b'\\');
        }
        expected.push(lo);
        expected.extend_from_slice(b")Tj\n10 TL T*(x)Tj\nT*(y)Tj\n");
        assert_eq!(String::from_utf8_lossy(text), String::from_utf8_lossy(&expected));
        assert!(w.used.ascii[0][usize::from(b'A')] && !w.used.ascii[1][usize::from(b'A')]);
        assert_eq!(w.used.glyphs[0][usize::from(gid)], 'ł' as u32);
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
