//! Drawing the app: a title line, the screen, the status line and the footer hints (both from
//! the keymap tables), the `?` overlay, or the "terminal too small" message. No side effects.

use super::app::{App, Screen};
use super::keymap;
use super::scroll::wrap;
use super::{MIN_HEIGHT, MIN_WIDTH};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

impl App {
    pub fn screen_name(&self) -> &'static str {
        match &self.screen {
            Screen::Home(_) => "Home",
            Screen::Review(s) if s.is_cram() => "Cram",
            Screen::Review(_) => "Review",
            Screen::Quiz(_) => "Quiz",
            Screen::Learn(_) => "Learn",
            Screen::Compare(_) => "Compare",
            Screen::Stats(_) => "Stats",
            Screen::Drill(_) => "Drill",
            Screen::Browse(_) => "Browse",
        }
    }
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.ctx.theme;
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let [mid] = Layout::vertical([Constraint::Length(2)])
                .flex(Flex::Center)
                .areas(area);
            Paragraph::new(vec![
                Line::styled(
                    format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})"),
                    theme.warn(),
                ),
                Line::raw(format!("now {}x{} · q quits", area.width, area.height)),
            ])
            .centered()
            .wrap(Wrap { trim: true })
            .render(mid, buf);
            return;
        }
        // A status longer than the width wraps (up to three rows, taken from the screen):
        // a path or a file:line cut off at the edge would not say what it must.
        let status_rows = self.status.as_ref().map_or(1, |m| {
            super::text::wrapped_rows(&super::text::inert(m), usize::from(area.width)).min(3)
        }) as u16;
        let [title, body, status, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(status_rows),
            Constraint::Length(1),
        ])
        .areas(area);
        Paragraph::new(Line::from(vec![
            Span::styled("kubedrill", theme.title()),
            Span::styled(format!(" · {}", self.screen_name()), theme.bold()),
        ]))
        .render(title, buf);
        let inner = Rect {
            x: body.x + 1,
            width: body.width.saturating_sub(2),
            ..body
        };
        let ctx = &self.ctx;
        match &self.screen {
            Screen::Home(s) => {
                let inner = render_banner(&ctx.notices, inner, buf, theme);
                s.render(inner, buf, theme)
            }
            Screen::Review(s) => s.render(inner, buf, ctx),
            Screen::Quiz(s) => s.render(inner, buf, ctx),
            Screen::Learn(s) => s.render(inner, buf, ctx),
            Screen::Compare(s) => s.render(inner, buf, ctx),
            Screen::Stats(s) => s.render(inner, buf, ctx),
            Screen::Drill(s) => s.render(inner, buf, ctx),
            Screen::Browse(s) => s.render(inner, buf, ctx),
        }
        if let Some(details) = &self.details {
            details.render(body, buf, theme);
        }
        if let Some(message) = &self.status {
            Paragraph::new(Line::styled(super::text::inert(message), theme.warn()))
                .wrap(Wrap { trim: true })
                .render(status, buf);
        }
        let tables = self.bindings();
        let (screen_tables, global) = tables.split_at(tables.len().saturating_sub(1));
        render_footer(
            &keymap::footer(screen_tables),
            &keymap::footer(global),
            footer,
            buf,
            theme,
        );
        if self.help {
            render_help(self, area, buf);
        }
    }
}

/// Home's banner: what the user must know (a recovered database, a config problem), boxed
/// at the top until dismissed. Returns the area left for Home. A message too long for the room
/// is cut at its end, which is why every message says what matters first.
fn render_banner(notices: &[String], area: Rect, buf: &mut Buffer, theme: super::Theme) -> Rect {
    if notices.is_empty() {
        return area;
    }
    let text: Vec<Line> = notices
        .iter()
        .map(|n| Line::styled(super::text::inert(n), theme.warn()))
        .collect();
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let lines: usize = notices
        .iter()
        .map(|n| super::text::wrapped_rows(&super::text::inert(n), width))
        .sum();
    let lines = u16::try_from(lines).unwrap_or(u16::MAX);
    let paragraph = Paragraph::new(text).wrap(Wrap { trim: true });
    // Home needs about 9 rows (its two summary lines, one deck, the menu): the banner may
    // take the rest on a small terminal, a third of a large one.
    let room = (area.height / 3).max(area.height.saturating_sub(9)).max(3);
    let height = (lines + 2).min(room);
    let [top, rest] =
        Layout::vertical([Constraint::Length(height), Constraint::Fill(1)]).areas(area);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" attention ", theme.warn()))
        .title_bottom(Span::styled(" x dismisses ", theme.dim()));
    let inner = block.inner(top);
    block.render(top, buf);
    paragraph.render(inner, buf);
    rest
}

/// `key hint · key hint`; when they do not fit, the screen's own hints are dropped from the
/// end so the global ones (help, back) always show.
fn render_footer(
    screen: &[(&'static str, &'static str)],
    global: &[(&'static str, &'static str)],
    area: Rect,
    buf: &mut Buffer,
    theme: super::Theme,
) {
    let cost = |h: &(&str, &str)| h.0.chars().count() + h.1.chars().count() + 4;
    let mut used: usize = global.iter().map(cost).sum();
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for h in screen {
        if used + cost(h) <= area.width as usize {
            used += cost(h);
            shown.push(*h);
        }
    }
    shown.extend_from_slice(global);
    let mut spans = Vec::new();
    for (i, (keys, hint)) in shown.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(*keys, theme.key()));
        spans.push(Span::raw(format!(" {hint}")));
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn render_help(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.ctx.theme;
    let lines_src = keymap::help(&app.screen_bindings());
    let key_w = lines_src
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(4);
    let width = area.width.saturating_sub(4).min(76);
    // Each description wrapped under itself, right of the keys.
    let text_w = usize::from(width.saturating_sub(2))
        .saturating_sub(key_w + 2)
        .max(10);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (keys, help) in &lines_src {
        let rows = wrap(&[Line::raw(help.clone())], text_w).lines;
        for (i, row) in rows.into_iter().enumerate() {
            let lead = if i == 0 { *keys } else { "" };
            let mut spans = vec![Span::styled(format!("{lead:<key_w$}  "), theme.key())];
            spans.extend(row.spans);
            lines.push(Line::from(spans));
        }
    }
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" keys · {} ", app.screen_name()),
            theme.title(),
        ))
        .title_bottom(Span::styled(" ?/Esc closes ", theme.dim()));
    let inner = block.inner(popup);
    block.render(popup, buf);
    app.help_scroll.render_text(&lines, inner, buf, theme);
}

/// A `width` x `height` box in the middle of `area` (the help overlay, the browser's question).
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    popup
}
