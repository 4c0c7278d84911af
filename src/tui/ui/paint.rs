//! Text and pane borders written straight into the buffer: cell for cell what
//! a left-aligned `Paragraph` without wrapping and a bordered `Block` with a
//! title draw, without their passes over every cell of the area (styling an
//! area with the empty style changes nothing, yet costs a visit per cell) and
//! with a shortcut for printable ASCII, one cell per byte.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

/// `Paragraph::new(lines).style(style)` rendered into `area`.
pub fn text<'a, I>(buf: &mut Buffer, area: Rect, style: Style, lines: I)
where
    I: IntoIterator<Item = &'a Line<'a>>,
{
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    if style != Style::new() {
        fill_style(buf, area, style);
    }
    for (y, line) in (area.y..area.bottom()).zip(lines) {
        put_line(
            buf,
            Rect {
                y,
                height: 1,
                ..area
            },
            line,
        );
    }
}

/// `Buffer::set_style`, a row at a time; `area` lies within the buffer.
fn fill_style(buf: &mut Buffer, area: Rect, style: Style) {
    for y in area.top()..area.bottom() {
        let start = buf.index_of(area.x, y);
        for cell in &mut buf.content[start..start + usize::from(area.width)] {
            cell.set_style(style);
        }
    }
}

/// One line in the first row of `area`, as [`text`] draws each of its lines.
fn put_line(buf: &mut Buffer, row: Rect, line: &Line) {
    if matches!(line.alignment, Some(Alignment::Center | Alignment::Right)) {
        // Not used by the editor; the widget knows how.
        Paragraph::new(line.clone()).render(row, buf);
        return;
    }
    let max = row.width;
    let start = buf.index_of(row.x, row.y);
    let cells = &mut buf.content[start..start + usize::from(max)];
    let base = Style::new().patch(line.style);
    let mut x: u16 = 0;
    for span in &line.spans {
        let style = base.patch(span.style);
        let mut rest: &str = &span.content;
        while !rest.is_empty() {
            // A printable ASCII character followed by another is a grapheme
            // one cell wide; the last of a run may take combining marks.
            let run = rest.bytes().take_while(|b| printable(*b)).count();
            let solo = if run == rest.len() {
                run
            } else {
                run.saturating_sub(1)
            };
            for i in 0..solo {
                if x >= max {
                    return;
                }
                cells[usize::from(x)]
                    .set_symbol(&rest[i..i + 1])
                    .set_style(style);
                x += 1;
            }
            rest = &rest[solo..];
            if rest.is_empty() {
                break;
            }
            // The rest as graphemes, back to the loop above once printable
            // ASCII follows a grapheme (a boundary, with no context reaching
            // across it).
            let start = rest.as_ptr() as usize;
            let mut next = rest.len();
            for g in Span::raw(rest).styled_graphemes(style) {
                let w = g.symbol.cell_width();
                if w > max {
                    continue;
                }
                if x + w > max {
                    return;
                }
                if w > 0 {
                    cells[usize::from(x)].set_symbol(g.symbol).set_style(style);
                    x += w;
                }
                let end = g.symbol.as_ptr() as usize - start + g.symbol.len();
                let after = &rest.as_bytes()[end..];
                if after.first().is_some_and(|b| printable(*b))
                    && after.get(1).is_none_or(|b| printable(*b))
                {
                    next = end;
                    break;
                }
            }
            rest = &rest[next..];
        }
    }
}

fn printable(b: u8) -> bool {
    (0x20..0x7f).contains(&b)
}

/// A `Block::bordered().border_style(border).title(title)` rendered into
/// `area`; returns the area inside the borders.
pub fn pane(buf: &mut Buffer, area: Rect, title: &Line, border: Style) -> Rect {
    let inner = Block::bordered().inner(area);
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return inner;
    }
    let set = border::PLAIN;
    let (left, top) = (area.left(), area.top());
    let right = area.right().saturating_sub(1);
    let bottom = area.bottom().saturating_sub(1);
    let mut put = |x: u16, y: u16, symbol: &str| {
        buf[(x, y)].set_symbol(symbol).set_style(border);
    };
    // The widget's order, which decides the symbol where sides meet.
    for y in top..=bottom {
        put(left, y, set.vertical_left);
    }
    for x in left..=right {
        put(x, top, set.horizontal_top);
    }
    for y in top..=bottom {
        put(right, y, set.vertical_right);
    }
    for x in left..=right {
        put(x, bottom, set.horizontal_bottom);
    }
    put(right, bottom, set.bottom_right);
    put(right, top, set.top_right);
    put(left, bottom, set.bottom_left);
    put(left, top, set.top_left);
    let titles = Rect {
        x: left.saturating_add(1),
        y: top,
        width: area.width.saturating_sub(2),
        height: 1,
    };
    if !titles.is_empty() {
        let width = title.width().min(usize::from(u16::MAX)) as u16;
        title.render(
            Rect {
                width: width.min(titles.width),
                ..titles
            },
            buf,
        );
    }
    inner
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    fn samples() -> Vec<Line<'static>> {
        let red = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);
        vec![
            Line::from("plain ascii that is long enough to be cut at the edge of the area"),
            Line::from(vec![
                Span::styled("✖", red),
                Span::raw("›"),
                Span::raw("    "),
                Span::raw("▾ "),
                Span::raw("FirstLogonCommands (3)"),
            ])
            .style(Style::new().add_modifier(Modifier::REVERSED)),
            Line::from("wide 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字 at the end"),
            Line::from("combining e\u{301}\u{301} and a\r\nb\tc\x1b[0m and ﾞ ﾟ"),
            Line::from(vec![Span::raw(""), Span::styled("x", red), Span::raw("")]),
            Line::styled("styled line", Style::new().fg(Color::Blue)),
            Line::from("👍🏽 family 👨‍👩‍👧 flags 🇩🇪 zero\u{200b}width"),
            Line::from("centred").centered(),
            Line::from("x\u{600}1abc ab\u{301}cd 🇩🇪🇫🇷🇮x a\u{200d}bc ab\r\ncd ✖a漢ab e\u{301} "),
            Line::from(vec![
                Span::raw("· 3 · "),
                Span::styled(
                    "k\u{94d}\u{937}a \u{1100}\u{1161}\u{11a8}b ab\u{7}\u{7}cd",
                    Style::new().fg(Color::Red),
                ),
                Span::raw("\u{301}tail ﾞx"),
            ]),
            Line::from(""),
        ]
    }

    fn areas() -> Vec<Rect> {
        let mut v = Vec::new();
        for (x, y) in [(0, 0), (3, 2)] {
            for w in [0, 1, 2, 3, 7, 30, 57] {
                for h in [0, 1, 2, 5, 12] {
                    v.push(Rect::new(x, y, w, h));
                }
            }
        }
        v.push(Rect::new(50, 10, 30, 30)); // partly outside the buffer
        v
    }

    /// A buffer that already holds something, as under a dialog.
    fn background() -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, 60, 14));
        for (i, c) in buf.content.iter_mut().enumerate() {
            if i % 3 == 0 {
                c.set_symbol("#").set_style(Style::new().bg(Color::Green));
            }
        }
        buf
    }

    #[test]
    fn text_draws_what_a_paragraph_draws() {
        let lines = samples();
        for style in [Style::new(), Style::new().fg(Color::Yellow).bg(Color::Cyan)] {
            for area in areas() {
                for skip in 0..lines.len() {
                    let mut want = background();
                    Paragraph::new(lines[skip..].to_vec())
                        .style(style)
                        .render(area, &mut want);
                    let mut got = background();
                    text(&mut got, area, style, &lines[skip..]);
                    assert_eq!(got, want, "{area:?} {style:?} from line {skip}");
                }
            }
        }
    }

    #[test]
    fn pane_draws_what_a_block_draws() {
        let titles = [
            Line::from(vec![Span::raw("● "), Span::raw("Tree")]),
            Line::from("Problems (2 errors, 1 warning, 0 info) and more"),
            Line::from(""),
            Line::from("漢字 title"),
        ];
        let border = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
        for style in [Style::new(), border] {
            for area in areas() {
                for title in &titles {
                    let mut want = background();
                    let block = Block::bordered().border_style(style).title(title.clone());
                    let want_inner = block.inner(area);
                    block.render(area, &mut want);
                    let mut got = background();
                    let inner = pane(&mut got, area, title, style);
                    assert_eq!(got, want, "{area:?} {title:?}");
                    assert_eq!(inner, want_inner, "{area:?}");
                }
            }
        }
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Characters that end, join or break graphemes, ASCII among them.
    const CHARS: &[char] = &[
        'a',
        'b',
        ' ',
        '~',
        '\r',
        '\n',
        '\t',
        '\u{7}',
        '\u{301}',
        '\u{600}',
        '\u{94d}',
        'क',
        '\u{200d}',
        '\u{200b}',
        '🇩',
        '🇪',
        '👍',
        '\u{1f3fd}',
        '漢',
        '\u{1100}',
        '\u{1161}',
        '\u{11a8}',
        'ﾞ',
        '·',
        '\u{fe0f}',
    ];

    fn span() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(CHARS), 0..12)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn text_matches_paragraph(spans in prop::collection::vec(span(), 1..4), w in 1u16..20) {
            let line = Line::from(spans.into_iter().map(Span::raw).collect::<Vec<_>>());
            let area = Rect::new(1, 0, w, 1);
            let mut want = Buffer::empty(Rect::new(0, 0, 22, 1));
            Paragraph::new(line.clone()).render(area, &mut want);
            let mut got = Buffer::empty(Rect::new(0, 0, 22, 1));
            text(&mut got, area, Style::new(), [&line]);
            prop_assert_eq!(got, want);
        }
    }
}
