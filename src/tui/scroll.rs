//! Panes that never cut text: lines are wrapped at word boundaries with a hanging indent (so
//! the height of every line is known exactly), and the pane scrolls by pages, follows the line
//! the cursor is on, and says "↓ more" / "↑ more" when text lies beyond its edges.

use super::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use std::cell::Cell;

/// Lines wrapped to a width, each remembering which source line it came from.
pub struct Wrapped {
    pub lines: Vec<Line<'static>>,
    /// `source[i]`: the index of the source line that row `i` belongs to.
    pub source: Vec<usize>,
}

impl Wrapped {
    /// The first row of source line `line`.
    pub fn row_of(&self, line: usize) -> Option<usize> {
        self.source.iter().position(|s| *s == line)
    }
}

/// Wraps every line at `width` columns: breaks fall between words (a word longer than a row
/// is broken), and a continuation row is indented like the line's own text, so wrapped
/// reasons and choices keep their indent.
pub fn wrap(lines: &[Line<'static>], width: usize) -> Wrapped {
    let width = width.max(1);
    let mut out = Wrapped {
        lines: Vec::new(),
        source: Vec::new(),
    };
    for (index, line) in lines.iter().enumerate() {
        for row in wrap_line(line, width) {
            out.lines.push(row);
            out.source.push(index);
        }
    }
    out
}

fn wrap_line(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    let chars: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| {
            let style = line.style.patch(s.style);
            s.content.chars().map(move |c| (c, style))
        })
        .collect();
    if chars.len() <= width {
        return vec![line.clone()];
    }
    let indent = hanging_indent(&chars).min(width / 2);
    // Words with the spaces before them.
    let mut tokens: Vec<(usize, usize, usize)> = Vec::new(); // (space start, word start, end)
    let mut i = 0;
    while i < chars.len() {
        let space = i;
        while i < chars.len() && chars[i].0 == ' ' {
            i += 1;
        }
        let word = i;
        while i < chars.len() && chars[i].0 != ' ' {
            i += 1;
        }
        tokens.push((space, word, i));
    }
    let mut rows: Vec<Vec<(char, Style)>> = vec![Vec::new()];
    for (space, word, end) in tokens {
        let row = rows.last_mut().expect("one row at least");
        if row.len() + (end - space) <= width {
            row.extend_from_slice(&chars[space..end]);
            continue;
        }
        // A new row, indented, starting with the word. A word that fits a row but not after
        // the indent gets less indent rather than a break; only a word longer than a row is
        // cut into row-sized pieces.
        let mut rest = &chars[word..end];
        let indent = if rest.len() > width - indent && rest.len() <= width {
            width - rest.len()
        } else {
            indent
        };
        let room = width - indent;
        if row.len() + (word - space) < width && rest.len() > room {
            // Use what is left of this row for the start of a long word.
            let row_room = width - row.len() - (word - space);
            row.extend_from_slice(&chars[space..word]);
            row.extend_from_slice(&rest[..row_room]);
            rest = &rest[row_room..];
        }
        while !rest.is_empty() {
            let take = rest.len().min(room);
            let mut next: Vec<(char, Style)> = vec![(' ', Style::default()); indent];
            next.extend_from_slice(&rest[..take]);
            rows.push(next);
            rest = &rest[take..];
        }
    }
    rows.into_iter()
        .map(|row| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            let mut text = String::new();
            let mut style = None;
            for (c, s) in row {
                if style.is_some_and(|st| st != s) {
                    spans.push(Span::styled(
                        std::mem::take(&mut text),
                        style.unwrap_or_default(),
                    ));
                }
                style = Some(s);
                text.push(c);
            }
            if !text.is_empty() {
                spans.push(Span::styled(text, style.unwrap_or_default()));
            }
            Line::from(spans)
        })
        .collect()
}

/// Where a line's continuation rows start: under its text, past the leading spaces and a
/// list's marks (`✗ 2 [x] `, `▶ `, `- `), so a wrapped choice or reason keeps its column.
fn hanging_indent(chars: &[(char, Style)]) -> usize {
    let text: Vec<char> = chars.iter().map(|(c, _)| *c).collect();
    let mut at = text.iter().take_while(|c| **c == ' ').count();
    let spaces_after = |from: usize| text[from..].iter().take_while(|c| **c == ' ').count();
    // A mark: one symbol (not a letter, digit or bracket) and a space.
    if let Some(&c) = text.get(at)
        && !c.is_alphanumeric()
        && !matches!(c, '[' | '(' | '{' | '"' | '\'' | '`' | '<')
        && text.get(at + 1) == Some(&' ')
    {
        at += 1 + spaces_after(at + 1);
    }
    // A choice's number.
    let digits = text[at..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && text.get(at + digits) == Some(&' ') {
        at += digits + spaces_after(at + digits);
    }
    // A checkbox.
    if text[at..].starts_with(&['[', ' ', ']', ' '])
        || text[at..].starts_with(&['[', 'x', ']', ' '])
    {
        at += 4;
    }
    at
}

/// A scroll position shared by a screen's panes. Keys ask for pages or for following the
/// cursor; each draw decides the offset it can show (the text's length is known only then) and
/// remembers it, so the next page starts from what the user saw.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scroll {
    /// The offset the keys asked for.
    offset: u16,
    /// Keep the focused line in view (after the cursor moved) instead of `offset`.
    follow: bool,
    /// At the last draw: the offset the focused pane showed, the largest offset any pane
    /// allows, and the height of a page.
    shown: Cell<u16>,
    limit: Cell<u16>,
    page: Cell<u16>,
}

impl Scroll {
    /// Back to the top (a new question): it is read first, even where the cursor's row is
    /// below the fold; moving the cursor then keeps its row in view.
    pub fn reset(&mut self) {
        *self = Scroll::default();
    }

    fn base(&self) -> u16 {
        if self.follow {
            self.shown.get()
        } else {
            self.offset
        }
    }

    /// One page on. Two rows of the last page stay in view: the last one was under the
    /// "↓ more" marker, and the first row of the new page goes under "↑ more".
    pub fn page_down(&mut self) {
        let step = self.page.get().saturating_sub(2).max(1);
        self.offset = self.base().saturating_add(step).min(self.limit.get());
        self.follow = false;
    }

    pub fn page_up(&mut self) {
        let step = self.page.get().saturating_sub(2).max(1);
        self.offset = self.base().saturating_sub(step);
        self.follow = false;
    }

    /// One row on or back (a results list read line by line).
    pub fn line_down(&mut self) {
        self.offset = self.base().saturating_add(1).min(self.limit.get());
        self.follow = false;
    }

    pub fn line_up(&mut self) {
        self.offset = self.base().saturating_sub(1);
        self.follow = false;
    }

    /// The mouse wheel: three rows a notch, as terminals scroll their own history.
    pub fn wheel(&mut self, down: bool) {
        for _ in 0..3 {
            if down {
                self.line_down();
            } else {
                self.line_up();
            }
        }
    }

    /// The cursor moved: keep its line in view.
    pub fn follow(&mut self) {
        self.follow = true;
    }

    /// Draws `lines` wrapped to `area`'s width, scrolled: a pane with no cursor to follow.
    pub fn render_text(&self, lines: &[Line<'static>], area: Rect, buf: &mut Buffer, theme: Theme) {
        self.begin();
        let wrapped = wrap(lines, usize::from(area.width));
        self.render(wrapped.lines, None, area, buf, theme);
    }

    /// Starts a frame: each pane drawn then says how far it could scroll.
    pub fn begin(&self) {
        self.limit.set(0);
    }

    /// Draws `lines` (already wrapped to `area`'s width) scrolled, keeping row `focus` in view
    /// while following, with "↑ more" / "↓ more (PgDn)" markers on the pane's right edge.
    pub fn render(
        &self,
        lines: Vec<Line<'static>>,
        focus: Option<usize>,
        area: Rect,
        buf: &mut Buffer,
        theme: Theme,
    ) {
        let height = area.height;
        let total = u16::try_from(lines.len()).unwrap_or(u16::MAX);
        let max = total.saturating_sub(height);
        self.limit.set(self.limit.get().max(max));
        self.page.set(height);
        let offset = match (self.follow, focus) {
            (true, Some(row)) => {
                let row = u16::try_from(row).unwrap_or(u16::MAX);
                let mut at = self.shown.get();
                if row < at {
                    at = row;
                } else if row >= at.saturating_add(height) {
                    // Show the focused row with the row after it (its verdict, or context).
                    at = row.saturating_add(2).saturating_sub(height);
                }
                let at = at.min(max);
                self.shown.set(at);
                at
            }
            _ => self.offset.min(max),
        };
        let visible: Vec<Line<'static>> = lines
            .into_iter()
            .skip(usize::from(offset))
            .take(usize::from(height))
            .collect();
        Paragraph::new(visible).render(area, buf);
        let marker = |text: &str, y: u16, buf: &mut Buffer| {
            let w = u16::try_from(text.chars().count()).unwrap_or(area.width);
            if area.width > w + 1 {
                let x = area.x + area.width - w;
                Paragraph::new(Line::styled(text.to_owned(), theme.key()))
                    .render(Rect::new(x, y, w, 1), buf);
            }
        };
        if offset > 0 && height > 1 {
            marker(" ↑ more ", area.y, buf);
        }
        if offset < max && height > 0 {
            marker(" ↓ more (PgDn) ", area.y + height - 1, buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(w: &Wrapped) -> Vec<String> {
        w.lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn wraps_between_words_with_a_hanging_indent() {
        let lines = vec![Line::raw(
            "    R5: taint node-role is not tolerated: no new pod",
        )];
        let w = wrap(&lines, 20);
        assert_eq!(
            text(&w),
            [
                "    R5: taint",
                "    node-role is not",
                "    tolerated: no",
                "    new pod"
            ]
        );
        assert!(w.lines.iter().all(|l| l.width() <= 20));
        assert_eq!(w.source, [0, 0, 0, 0]);
    }

    #[test]
    fn a_word_longer_than_a_row_is_broken_not_lost() {
        let long = "x".repeat(25);
        let w = wrap(&[Line::raw(format!("patch -p {long}"))], 10);
        let joined: String = text(&w).concat();
        assert_eq!(joined.replace(' ', ""), format!("patch-p{long}"));
        assert!(w.lines.iter().all(|l| l.width() <= 10));
    }

    #[test]
    fn a_wrapped_choice_hangs_under_its_text() {
        let w = wrap(
            &[Line::raw("✗ 2 [x] The scheduler moves it to another node")],
            24,
        );
        assert_eq!(
            text(&w),
            [
                "✗ 2 [x] The scheduler",
                "        moves it to",
                "        another node"
            ]
        );
    }

    #[test]
    fn short_lines_are_kept_as_they_are() {
        let w = wrap(&[Line::raw("a  b"), Line::raw("")], 10);
        assert_eq!(text(&w), ["a  b", ""]);
        assert_eq!(w.row_of(1), Some(1));
    }
}
