//! Drawing the browser: the query line, the table (its columns chosen to fit the width), the
//! preview of one item, and the reset question.

use super::browse::{BrowseScreen, Pane};
use crate::browse::{self, Column, Row};
use crate::deck::{CardBody, Library};
use crate::exercise::Question;
use crate::tui::app::Context;
use crate::tui::text::{clip, inert, reflow, wrapped_rows};
use crate::tui::theme::Theme;
use crate::tui::view::centered;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

/// The id column is never narrower than this (cut from the front, keeping the card's end).
const ID_MIN: usize = 20;
/// Deck ids share beginnings (`daemonset-…`): fourteen characters tell the shipped ones apart.
const DECK_MIN: usize = 14;
/// The cursor's mark before each row.
const MARK: usize = 2;

/// Fixed widths; `None` for the two that share what is left (deck and id).
fn fixed_width(column: Column) -> Option<usize> {
    match column {
        Column::Deck | Column::Id => None,
        Column::Kind => Some(9),
        Column::State => Some(10),
        Column::Due => Some(8),
        Column::Stability => Some(6),
        Column::Recall => Some(6),
        Column::Lapses => Some(6),
        Column::Last => Some(9),
    }
}

/// Which columns go first when the width runs short: the least telling first. The id never
/// goes, and the deck stays beside it while it can (card ids are unique within a deck only);
/// the state and when it is due matter most.
const DROP_ORDER: [Column; 8] = [
    Column::Stability,
    Column::Lapses,
    Column::Kind,
    Column::Last,
    Column::Recall,
    Column::Deck,
    Column::Due,
    Column::State,
];

fn right_aligned(column: Column) -> bool {
    !matches!(
        column,
        Column::Deck | Column::Id | Column::Kind | Column::State
    )
}

/// The columns shown at `width` and their widths. Without the deck column the id is shown
/// whole (`deck/card`).
pub fn layout(width: usize, rows: &[&Row]) -> Vec<(Column, usize)> {
    let deck_max = rows
        .iter()
        .map(|r| r.deck.chars().count())
        .max()
        .unwrap_or(DECK_MIN)
        // Room for the header and its sort mark.
        .max(6);
    let mut columns: Vec<Column> = Column::ALL.to_vec();
    for drop in DROP_ORDER.iter().map(Some).chain([None]) {
        let has_deck = columns.contains(&Column::Deck);
        let id_max = rows
            .iter()
            .map(|r| {
                if has_deck {
                    r.short_id().chars().count()
                } else {
                    r.id.chars().count()
                }
            })
            .max()
            .unwrap_or(ID_MIN)
            .max(2);
        let fixed: usize = columns.iter().filter_map(|c| fixed_width(*c)).sum();
        let room = width.saturating_sub(fixed + columns.len().saturating_sub(1) + MARK);
        let need = if has_deck {
            ID_MIN.min(id_max) + DECK_MIN.min(deck_max)
        } else {
            ID_MIN.min(id_max)
        };
        if room >= need || drop.is_none() {
            let (deck_w, id_w) = if has_deck {
                let id_w = id_max.min(room.saturating_sub(DECK_MIN.min(deck_max)));
                let deck_w = deck_max.min(room - id_w);
                (deck_w, room - deck_w)
            } else {
                (0, room)
            };
            return columns
                .into_iter()
                .map(|c| {
                    let w = match c {
                        Column::Deck => deck_w,
                        Column::Id => id_w,
                        c => fixed_width(c).unwrap_or(0),
                    };
                    (c, w)
                })
                .collect();
        }
        if let Some(drop) = drop {
            columns.retain(|c| c != drop);
        }
    }
    Vec::new()
}

/// A column's header; the sorted one is marked ▲ or ▼, its name shortened to keep the mark.
fn header(column: Column, descending: Option<bool>, width: usize) -> String {
    let name = column.header();
    match descending {
        None => clip(name, width),
        Some(descending) => {
            let arrow = if descending { "▼" } else { "▲" };
            let name: String = name.chars().take(width.saturating_sub(2)).collect();
            format!("{name} {arrow}")
        }
    }
}

/// A cell's text cut to its width: ids keep their end (the card, the gap number), which tells
/// items apart; the rest keep their start.
fn fit(column: Column, text: &str, width: usize) -> String {
    let text = inert(text);
    let len = text.chars().count();
    let cut = if len <= width {
        text
    } else if column == Column::Id && width > 1 {
        let tail: String = text.chars().skip(len - (width - 1)).collect();
        format!("…{tail}")
    } else {
        clip(&text, width)
    };
    if right_aligned(column) {
        format!("{cut:>width$}")
    } else {
        format!("{cut:<width$}")
    }
}

impl BrowseScreen {
    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let error_rows = self
            .error
            .as_ref()
            .map_or(0, |e| wrapped_rows(e, usize::from(area.width)) as u16);
        let [query, error, body] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(error_rows),
            Constraint::Fill(1),
        ])
        .areas(area);
        self.render_query(query, buf, theme);
        if let Some(e) = &self.error {
            Paragraph::new(Line::styled(inert(e), theme.warn()))
                .wrap(Wrap { trim: true })
                .render(error, buf);
        }
        match &self.pane {
            Pane::Preview => self.render_preview(body, buf, ctx),
            Pane::ConfirmReset {
                item,
                answers,
                from_preview,
            } => {
                if *from_preview {
                    self.render_preview(body, buf, ctx);
                } else {
                    self.render_table(body, buf, theme);
                }
                render_confirm(item, *answers, body, buf, theme);
            }
            Pane::List | Pane::Typing => self.render_table(body, buf, theme),
        }
    }

    fn render_query(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let (found, all) = self.counts();
        let arrow = if self.descending { "▼" } else { "▲" };
        let right = format!(
            "{found} of {all} · by {} {arrow}",
            self.sort.header().to_lowercase()
        );
        let right_w = right.chars().count();
        let room = usize::from(area.width).saturating_sub(right_w + 1);
        let mut spans = vec![Span::styled("/ ", theme.key())];
        if self.is_typing() {
            // The end of the query stays in view while typing; the cursor is the block.
            let text = inert(&self.query);
            let len = text.chars().count();
            let keep = room.saturating_sub(3);
            let shown: String = text.chars().skip(len.saturating_sub(keep)).collect();
            spans.push(Span::styled(shown, theme.bold()));
            spans.push(Span::styled("█", theme.accent()));
        } else if self.query.is_empty() {
            spans.push(Span::styled(
                clip("(every item; / filters)", room - 2),
                theme.dim(),
            ));
        } else {
            spans.push(Span::raw(clip(&inert(&self.query), room.saturating_sub(2))));
        }
        let [left, right_area] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(right_w as u16)])
                .areas(area);
        Paragraph::new(Line::from(spans)).render(left, buf);
        Paragraph::new(Line::styled(right, theme.dim())).render(right_area, buf);
    }

    fn render_table(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        if area.height < 2 {
            return;
        }
        let rows: Vec<&Row> = self.shown.iter().map(|&i| &self.rows[i]).collect();
        // The widths come from every row the query keeps, so they do not jump while scrolling.
        let columns = layout(usize::from(area.width), &rows);
        let has_deck = columns.iter().any(|(c, _)| *c == Column::Deck);
        let mut line = String::from("  ");
        for (i, (column, width)) in columns.iter().enumerate() {
            if i > 0 {
                line.push(' ');
            }
            let name = header(
                *column,
                (*column == self.sort).then_some(self.descending),
                *width,
            );
            if right_aligned(*column) {
                line.push_str(&format!("{name:>width$}"));
            } else {
                line.push_str(&format!("{name:<width$}"));
            }
        }
        Line::styled(line, theme.dim()).render(Rect { height: 1, ..area }, buf);
        let list = Rect {
            y: area.y + 1,
            height: area.height - 1,
            ..area
        };
        let height = usize::from(list.height);
        self.page.set(height.max(1));
        if rows.is_empty() {
            Paragraph::new(Line::styled(
                "  no item matches the query (Bksp after / edits it)",
                theme.dim(),
            ))
            .render(list, buf);
            return;
        }
        let mut top = self.top.get().min(self.cursor);
        if self.cursor >= top + height {
            top = self.cursor + 1 - height;
        }
        self.top.set(top);
        let now = self.built_at;
        for (n, row) in rows.iter().enumerate().skip(top).take(height) {
            let mut text = String::new();
            for (i, (column, width)) in columns.iter().enumerate() {
                if i > 0 {
                    text.push(' ');
                }
                let cell = match column {
                    Column::Id if has_deck => row.short_id().to_owned(),
                    c => c.text(row, now),
                };
                text.push_str(&fit(*column, &cell, *width));
            }
            // Suspended items are out of reviews: greyed (with colour on; the state says so).
            let (mark, style) = if n == self.cursor {
                ("▶ ", theme.selected())
            } else if row.suspended {
                ("  ", theme.dim())
            } else {
                ("  ", Style::new())
            };
            let y = list.y + (n - top) as u16;
            Line::from(vec![Span::raw(mark), Span::styled(text, style)]).render(
                Rect {
                    y,
                    height: 1,
                    ..list
                },
                buf,
            );
        }
    }

    fn render_preview(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let Some(row) = self.current() else {
            return;
        };
        let lines = preview_lines(row, ctx, self.built_at);
        self.preview.render_text(&lines, area, buf, ctx.theme);
    }
}

/// The reset question, boxed over the table.
fn render_confirm(item: &str, answers: usize, area: Rect, buf: &mut Buffer, theme: Theme) {
    let (noun, verbs) = if answers == 1 {
        ("answer", "stays in the log but stops")
    } else {
        ("answers", "stay in the log but stop")
    };
    let text = [
        format!("Reset {} to new?", inert(item)),
        format!(
            "Its {answers} {noun} {verbs} counting for its memory; a leech mark is cleared, a suspension stays."
        ),
        "y resets · n keeps it".to_owned(),
    ];
    let width = area.width.min(60);
    let inner_w = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = text.iter().map(|t| wrapped_rows(t, inner_w)).sum();
    let height = (rows as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    Clear.render(popup, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" reset to new ", theme.warn()));
    let inner = block.inner(popup);
    block.render(popup, buf);
    let [first, rest @ ..] = text;
    let mut lines = vec![Line::styled(first, theme.bold())];
    lines.extend(rest.into_iter().map(Line::raw));
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(inner, buf);
}

/// Everything about one item: what it asks and answers, where it comes from, its schedule, and
/// its answers newest first.
fn preview_lines(row: &Row, ctx: &Context, now_ms: i64) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let library = &ctx.study.library;
    let mut lines = vec![Line::styled(inert(&row.id), theme.title())];
    let title = library
        .deck(&row.deck)
        .map_or_else(String::new, |d| inert(&d.title));
    lines.push(Line::raw(format!(
        "{title} ({}) · {} · tags {}",
        inert(&row.deck),
        row.kind.name(),
        if row.tags.is_empty() {
            "none".to_owned()
        } else {
            inert(&row.tags.join(", "))
        }
    )));
    let mut schedule = format!(
        "{} · due {} · stability {} · recall {} · lapses {}",
        row.state().name(),
        Column::Due.text(row, now_ms),
        Column::Stability.text(row, now_ms),
        Column::Recall.text(row, now_ms),
        row.lapses
    );
    if row.leech && !row.suspended {
        schedule.push_str(" · a leech, unsuspended");
    }
    lines.push(Line::styled(schedule, theme.bold()));
    lines.push(Line::raw(""));
    lines.extend(card_lines(library, &row.id, ctx, theme));
    let history = browse::history(&ctx.study.answers, &row.id);
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        match history.len() {
            0 => "No answers yet".to_owned(),
            1 => "1 answer (UTC)".to_owned(),
            n => format!("{n} answers, newest first (UTC)"),
        },
        theme.bold(),
    ));
    for a in history {
        let when = crate::store::iso_utc(a.at_ms);
        let correct = match a.correct {
            Some(true) => "✓ right",
            Some(false) => "✗ wrong",
            None => "",
        };
        lines.push(Line::raw(format!(
            "{} {}  {:<6} {:<5} {correct}",
            &when[..10],
            &when[11..16],
            a.mode.as_str(),
            format!("{:?}", a.rating),
        )));
    }
    lines
}

/// The card's text: front and back, the choices with the right ones marked, the statement and
/// its truth, the cloze text and the gap asked, or the prompt and the engine's answer.
fn card_lines(library: &Library, item: &str, ctx: &Context, theme: Theme) -> Vec<Line<'static>> {
    let Some((deck_id, rest)) = item.split_once('/') else {
        return Vec::new();
    };
    let (card_id, gap) = rest.split_once('#').unwrap_or((rest, ""));
    let Some(deck) = library.deck(deck_id) else {
        return Vec::new();
    };
    let Some(card) = deck.card(card_id) else {
        return Vec::new();
    };
    let label = |name: &str| Line::styled(name.to_owned(), theme.accent());
    let text = |t: &str| -> Vec<Line<'static>> {
        crate::tui::text::inert_lines(&reflow(t))
            .into_iter()
            .map(Line::raw)
            .collect()
    };
    let mut out = Vec::new();
    let mut explain = String::new();
    match &card.body {
        CardBody::Flash { front, back } => {
            out.push(label("Front"));
            out.extend(text(front));
            out.push(label("Back"));
            out.extend(text(back));
        }
        CardBody::Choice {
            prompt,
            choices,
            answers,
            explain: e,
            ..
        } => {
            out.push(label("Prompt"));
            out.extend(text(prompt));
            out.push(label("Choices (✓ right)"));
            for (i, c) in choices.iter().enumerate() {
                let mark = if answers.contains(&i) { "✓" } else { " " };
                out.push(Line::raw(format!("{mark} {}. {}", i + 1, inert(c))));
            }
            explain = e.clone();
        }
        CardBody::TrueFalse {
            statement,
            answer,
            explain: e,
        } => {
            out.push(label("Statement"));
            out.extend(text(statement));
            out.push(Line::raw(format!("Answer: {answer}")));
            explain = e.clone();
        }
        CardBody::Cloze {
            text: t,
            gaps,
            explain: e,
        } => {
            out.push(label("Cloze text"));
            out.extend(text(t));
            let n: usize = gap.parse().unwrap_or(1);
            if let Some(g) = gaps.get(n.saturating_sub(1)) {
                out.push(Line::raw(format!(
                    "Gap {n} of {}: {}",
                    gaps.len(),
                    inert(&g.answer)
                )));
            }
            explain = e.clone();
        }
        CardBody::Placement(_) | CardBody::Write(_) => {
            let prompt = browse::prompt_text(&card.body);
            out.push(label("Prompt"));
            out.extend(text(prompt));
            if let Some(q) = Question::for_item(library, item, ctx.seed) {
                out.push(label("Answer (from the placement engine)"));
                out.extend(text(&q.answer_text(ctx.gates)));
            }
            if let CardBody::Placement(p) = &card.body {
                explain = p.explain.clone();
            } else if let CardBody::Write(w) = &card.body {
                explain = w.explain.clone();
            }
        }
    }
    if !explain.trim().is_empty() {
        out.push(label("Explanation"));
        out.extend(text(&explain));
    }
    if let Some(source) = &card.source {
        out.push(Line::styled(
            format!("source: {}", inert(source)),
            theme.dim(),
        ));
    }
    out
}
