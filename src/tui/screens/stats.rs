//! Stats: two pages. Activity: reviews per day (30-day bar chart), a year heatmap, true
//! retention, the streak and the due forecast. Decks: mastery gauges per deck, items by state,
//! drill accuracy per rule, and the leeches.

use crate::stats::{Rate, Stats, compute, day_of};
use crate::tui::action::Action;
use crate::tui::app::{Context, Reply};
use crate::tui::day_chart::DayChart;
use crate::tui::keymap::Binding;
use crate::tui::scroll::wrap;
use crate::tui::text::{clip, inert};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, Paragraph, Widget};

pub struct StatsScreen {
    pub stats: Stats,
    /// Answers per day for the last 53 weeks, oldest first; the last entry is today.
    pub year: Vec<u32>,
    /// Weekday (0 = Monday) of the first entry of `year`.
    pub first_weekday: usize,
    pub leeches: Vec<String>,
    /// Each interview question and whether its items are known now.
    pub interview: Vec<crate::stats::InterviewReadiness>,
    pub page: usize,
    pub scroll: u16,
    /// How far the decks page could scroll at the last draw (j stops there).
    max_scroll: std::cell::Cell<u16>,
}

const KEYS: &[Binding] = &[
    Binding::new(
        &[KeyCode::Tab, KeyCode::Right, KeyCode::Char('l')],
        "Tab",
        Action::Next,
        "next page",
        "switch between the activity and the decks page",
    ),
    Binding::new(
        &[KeyCode::BackTab, KeyCode::Left, KeyCode::Char('h')],
        "S-Tab",
        Action::Prev,
        "prev",
        "previous page",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Char('j'), KeyCode::Down],
        "j/k",
        Action::Down,
        "scroll",
        "scroll the page",
    ),
    Binding::new(
        &[KeyCode::Char('k'), KeyCode::Up],
        "k",
        Action::Up,
        "up",
        "scroll up",
    )
    .help_only(),
];

const YEAR_DAYS: usize = 53 * 7;

impl StatsScreen {
    pub fn new(ctx: &Context) -> StatsScreen {
        let study = &ctx.study;
        let now = ctx.now_ms;
        let stats = compute(
            &study.answers,
            &study.drills,
            &study.states,
            &study.items(),
            &study.suspended(),
            &study.scheduler,
            now,
        );
        let today = day_of(now);
        let first = today - (YEAR_DAYS as i64 - 1);
        let mut year = vec![0u32; YEAR_DAYS];
        for a in &study.answers {
            let d = day_of(a.at_ms);
            if (first..=today).contains(&d) {
                year[(d - first) as usize] += 1;
            }
        }
        // 1970-01-01 (day 0) was a Thursday: weekday 3 with Monday = 0.
        let first_weekday = (first + 3).rem_euclid(7) as usize;
        let mut leeches: Vec<String> = study
            .flags
            .iter()
            .filter(|(_, f)| f.leech)
            .map(|(id, _)| id.clone())
            .collect();
        leeches.sort();
        StatsScreen {
            interview: study.interview(now),
            stats,
            year,
            first_weekday,
            leeches,
            page: 0,
            scroll: 0,
            max_scroll: std::cell::Cell::new(0),
        }
    }

    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS]
    }

    pub fn update(&mut self, action: &Action, _ctx: &mut Context) -> Reply {
        match action {
            Action::Next | Action::Prev => {
                self.page = 1 - self.page;
                self.scroll = 0;
            }
            Action::Down => self.scroll = (self.scroll + 1).min(self.max_scroll.get()),
            Action::Up => self.scroll = self.scroll.saturating_sub(1),
            Action::Wheel(true) => self.scroll = (self.scroll + 3).min(self.max_scroll.get()),
            Action::Wheel(false) => self.scroll = self.scroll.saturating_sub(3),
            Action::Back => return Reply::leave(),
            _ => {}
        }
        Reply::none()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let [tabs, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        let tab = |i: usize, name: &'static str| {
            if i == self.page {
                Span::styled(format!(" {name} "), theme.selected())
            } else {
                Span::styled(format!(" {name} "), theme.dim())
            }
        };
        Paragraph::new(Line::from(vec![
            Span::styled("Stats ", theme.title()),
            tab(0, "Activity"),
            Span::raw(" "),
            tab(1, "Decks"),
        ]))
        .render(tabs, buf);
        if self.page == 0 {
            self.render_activity(body, buf, theme);
        } else {
            self.render_decks(body, buf, theme);
        }
    }

    fn render_activity(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let s = &self.stats;
        let pct = |r: Rate| {
            r.share()
                .map_or("—".to_owned(), |v| format!("{:.0}%", v * 100.0))
        };
        let today = s.reviews_per_day.last().map_or(0, |d| d.answers);
        // The year heatmap needs eight rows; on a short terminal the 30-day chart keeps them.
        let heat_rows = if area.height >= 18 { 8 } else { 0 };
        // Each chart: its title, three rows at least, its day axis.
        let [summary, bars, heat, forecast] = Layout::vertical([
            Constraint::Length(2),
            Constraint::Min(5),
            Constraint::Length(heat_rows),
            Constraint::Min(5),
        ])
        .areas(area);
        let day = if s.streak_days == 1 { "day" } else { "days" };
        Paragraph::new(vec![
            Line::from(vec![
                Span::styled(format!("streak {} {day}", s.streak_days), theme.good()),
                Span::raw(format!(
                    " · today {today} · all time {} answers",
                    s.total_answers
                )),
            ]),
            Line::raw(format!(
                "true retention (30 days): young {} of {} · mature {} of {}",
                pct(s.retention.young),
                s.retention.young.total,
                pct(s.retention.mature),
                s.retention.mature.total
            )),
        ])
        .render(summary, buf);
        // Reviews per day, the last 30 days, and the due forecast: a column per day each.
        let done: Vec<u64> = s
            .reviews_per_day
            .iter()
            .map(|d| u64::from(d.answers))
            .collect();
        DayChart {
            title: "reviews per day, last 30 days".into(),
            values: &done,
            first_day: 1 - done.len() as i64,
            style: theme.bar(),
        }
        .render(bars, buf, theme);
        if heat.height > 0 {
            self.render_heatmap(heat, buf, theme);
        }
        let due: Vec<u64> = s.forecast.iter().map(|&n| u64::from(n)).collect();
        DayChart {
            title: format!(
                "due in the next 30 days: {} (today {})",
                due.iter().sum::<u64>(),
                due.first().copied().unwrap_or(0)
            ),
            values: &due,
            first_day: 0,
            style: theme.accent(),
        }
        .render(forecast, buf, theme);
    }

    /// A year as GitHub draws it: a column per week, a row per weekday, shade by answers.
    fn render_heatmap(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let block = Block::default().borders(Borders::TOP).title(Span::styled(
            " the last year (a column per week) ",
            theme.dim(),
        ));
        let inner = block.inner(area);
        block.render(area, buf);
        let max = self.year.iter().copied().max().unwrap_or(0).max(1);
        let weeks = (self.first_weekday + self.year.len()).div_ceil(7);
        let shown_weeks = weeks.min(inner.width.saturating_sub(4) as usize);
        let skip_weeks = weeks - shown_weeks;
        let names = ["Mon", "", "Wed", "", "Fri", "", "Sun"];
        for (wd, name) in names.iter().enumerate().take(inner.height as usize) {
            let mut spans = vec![Span::styled(format!("{name:<4}"), theme.dim())];
            for w in skip_weeks..weeks {
                let slot = w * 7 + wd;
                let cell = slot
                    .checked_sub(self.first_weekday)
                    .and_then(|i| self.year.get(i).copied());
                let (ch, style) = match cell {
                    None => (" ", Style::new()),
                    Some(0) => ("·", theme.dim()),
                    Some(n) if n * 4 <= max => ("░", theme.good()),
                    Some(n) if n * 2 <= max => ("▒", theme.good()),
                    Some(n) if n * 4 <= max * 3 => ("▓", theme.good()),
                    Some(_) => ("█", theme.good()),
                };
                spans.push(Span::styled(ch, style));
            }
            let row = Rect {
                y: inner.y + wd as u16,
                height: 1,
                ..inner
            };
            Paragraph::new(Line::from(spans)).render(row, buf);
        }
    }

    fn render_decks(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let s = &self.stats;
        let b = &s.by_state;
        let width = usize::from(area.width);
        // The page as rows: wrapped text, and a gauge per deck.
        enum Row<'a> {
            Text(Line<'static>),
            Deck(&'a crate::stats::DeckMastery),
        }
        let mut rows: Vec<Row> = Vec::new();
        let text = |rows: &mut Vec<Row>, l: Line<'static>| {
            rows.extend(wrap(&[l], width).lines.into_iter().map(Row::Text));
        };
        text(
            &mut rows,
            Line::raw(format!(
                "items: {} new · {} learning · {} review · {} relearning · {} suspended · {} leech",
                b.new, b.learning, b.review, b.relearning, b.suspended, b.leech
            )),
        );
        let ready = self.interview.iter().filter(|q| q.ready).count();
        text(
            &mut rows,
            Line::styled(
                format!(
                    "interview questions ready {ready}/{} (quiz --not-ready asks the rest)",
                    self.interview.len()
                ),
                theme.bold(),
            ),
        );
        text(
            &mut rows,
            Line::styled("mastery per deck (stability ≥ 21 days)", theme.bold()),
        );
        rows.extend(s.decks.iter().map(Row::Deck));
        text(&mut rows, Line::raw(""));
        // The questions themselves come after the decks, which stay on the first screen.
        text(
            &mut rows,
            Line::styled("interview questions (✓ ready)", theme.bold()),
        );
        for q in &self.interview {
            let (mark, style) = if q.ready {
                ("✓", theme.good())
            } else {
                ("·", theme.dim())
            };
            text(
                &mut rows,
                Line::from(vec![
                    Span::styled(format!("  {mark} "), style),
                    Span::raw(crate::tui::text::inert(&q.question)),
                ]),
            );
        }
        text(&mut rows, Line::raw(""));
        if s.drill_accuracy.is_empty() {
            text(
                &mut rows,
                Line::styled("drill accuracy per rule: no drills yet", theme.dim()),
            );
        } else {
            text(
                &mut rows,
                Line::styled(
                    format!(
                        "drill accuracy per rule, weakest first ({} drills)",
                        s.drills
                    ),
                    theme.bold(),
                ),
            );
            let rule_w = width.saturating_sub(18).clamp(10, 46);
            for r in &s.drill_accuracy {
                text(
                    &mut rows,
                    Line::raw(format!(
                        "  {:<rule_w$} {:>3}/{:<3} {:>5.1}%",
                        clip(r.rule.title(), rule_w),
                        r.hits,
                        r.hits + r.misses,
                        r.accuracy * 100.0
                    )),
                );
            }
        }
        text(&mut rows, Line::raw(""));
        if self.leeches.is_empty() {
            text(&mut rows, Line::styled("leeches: none", theme.dim()));
        } else {
            text(
                &mut rows,
                Line::styled(
                    format!(
                        "leeches ({}), suspended until kubedrill unsuspend ID",
                        self.leeches.len()
                    ),
                    theme.warn(),
                ),
            );
            for l in &self.leeches {
                text(&mut rows, Line::raw(format!("  {}", inert(l))));
            }
        }
        let height = usize::from(area.height);
        let max = rows.len().saturating_sub(height);
        self.max_scroll.set(u16::try_from(max).unwrap_or(u16::MAX));
        let skip = usize::from(self.scroll).min(max);
        // Deck ids whole where they fit in half the width.
        let label_w = s
            .decks
            .iter()
            .map(|d| d.deck.chars().count() + 1)
            .max()
            .unwrap_or(12)
            .clamp(12, (width / 2).max(12));
        for (i, row) in rows.iter().skip(skip).take(height).enumerate() {
            let at = Rect {
                y: area.y + i as u16,
                height: 1,
                ..area
            };
            match row {
                Row::Text(l) => Paragraph::new(l.clone()).render(at, buf),
                Row::Deck(d) => {
                    let [label, gauge] = Layout::horizontal([
                        Constraint::Length(label_w as u16),
                        Constraint::Fill(1),
                    ])
                    .areas(at);
                    Paragraph::new(Span::raw(clip(&inert(&d.deck), label_w - 1)))
                        .render(label, buf);
                    let ratio = if d.items == 0 {
                        0.0
                    } else {
                        f64::from(d.mastered) / f64::from(d.items)
                    };
                    Gauge::default()
                        .gauge_style(theme.good())
                        .ratio(ratio)
                        .label(format!("{}/{}", d.mastered, d.items))
                        .use_unicode(true)
                        .render(gauge, buf);
                }
            }
        }
        // Where the page goes on, say so (j/k scroll it).
        let marker = |text: &str, y: u16, buf: &mut Buffer| {
            let w = text.chars().count() as u16;
            if area.width > w {
                Paragraph::new(Line::styled(text.to_owned(), theme.key()))
                    .render(Rect::new(area.x + area.width - w, y, w, 1), buf);
            }
        };
        if skip > 0 {
            marker(" ↑ more ", area.y, buf);
        }
        if skip < max && area.height > 0 {
            marker(" ↓ more (j) ", area.y + area.height - 1, buf);
        }
    }
}
