//! Home: every deck with its due and new counts, today's progress, the streak, and the screens
//! to open.

use crate::tui::action::{Action, Target};
use crate::tui::app::{Context, Reply, Start};
use crate::tui::keymap::{Binding, Does};
use crate::tui::screens::drill::DrillOptions;
use crate::tui::screens::quiz::QuizOptions;
use crate::tui::screens::review::ReviewOptions;
use crate::tui::text::{clip, inert};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

#[derive(Debug, Clone)]
pub struct DeckRow {
    pub id: String,
    pub title: String,
    pub due: usize,
    pub new: usize,
    pub later: usize,
    pub items: usize,
}

#[derive(Debug, Clone)]
pub struct HomeScreen {
    pub rows: Vec<DeckRow>,
    pub cursor: usize,
    pub answered_today: usize,
    pub streak: u32,
    pub lessons_done: usize,
    pub lessons: usize,
    /// Interview questions whose items are all known now, of all of them.
    pub interview_ready: usize,
    pub interview: usize,
    /// Due and new over all decks (new within today's limit, which the decks share).
    pub due: usize,
    pub new: usize,
    /// Learning items due later today (Study::counts).
    pub later: usize,
    /// "synced: 12 answers in, 30 out · 5 min ago", once the learner has synced.
    pub synced: Option<String>,
}

/// "12 answers in, 30 out": what a sync moved (`kubedrill sync` prints it too).
pub fn sync_counts(answers_in: u64, answers_out: u64) -> String {
    let noun = if answers_in == 1 { "answer" } else { "answers" };
    format!("{answers_in} {noun} in, {answers_out} out")
}

/// How long ago, in the largest whole unit: "just now", "5 min ago", "3 h ago", "2 days ago".
pub fn ago(then_ms: i64, now_ms: i64) -> String {
    let mins = (now_ms - then_ms).max(0) / 60_000;
    match mins {
        0 => "just now".to_owned(),
        1..60 => format!("{mins} min ago"),
        60..1440 => format!("{} h ago", mins / 60),
        1440..2880 => "yesterday".to_owned(),
        _ => format!("{} days ago", mins / 1440),
    }
}

const KEYS: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('j'), KeyCode::Down],
        "j/k",
        Action::Down,
        "move",
        "move between decks",
    ),
    Binding::new(
        &[KeyCode::Char('k'), KeyCode::Up],
        "k",
        Action::Up,
        "up",
        "move up",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Enter],
        "Enter",
        Action::Open,
        "review deck",
        "review the selected deck's due and new items",
    ),
    Binding::new(
        &[KeyCode::Char('r')],
        "r",
        Action::Go(Target::Review),
        "review",
        "review everything due, all decks",
    ),
    Binding::new(
        &[KeyCode::Char('c')],
        "c",
        Action::Go(Target::Cram),
        "cram",
        "cram: studied items by lowest recall, ignoring due dates (the schedule does not move)",
    ),
    Binding::new(
        &[KeyCode::Char('d')],
        "d",
        Action::Go(Target::Drill),
        "drill",
        "drills: predict which nodes get a pod, graded by the engine",
    ),
    Binding::new(
        &[KeyCode::Char('t')],
        "t",
        Action::Go(Target::Quiz),
        "quiz",
        "interview quiz: 20 items across every deck, verdicts at the end (kubedrill quiz --minutes M times it)",
    ),
    Binding::new(
        &[KeyCode::Char('l')],
        "l",
        Action::Go(Target::Learn),
        "learn",
        "guided lessons, step by step",
    ),
    Binding::new(
        &[KeyCode::Char('w')],
        "w",
        Action::Go(Target::Compare),
        "compare",
        "DaemonSet vs Deployment vs StatefulSet table",
    ),
    Binding::new(
        &[KeyCode::Char('s')],
        "s",
        Action::Go(Target::Stats),
        "stats",
        "your statistics: reviews, retention, streak, forecast",
    ),
    Binding::new(
        &[KeyCode::Char('b')],
        "b",
        Action::Go(Target::Browse),
        "browse",
        "browse every item: filter, sort, preview, suspend, reset, edit",
    ),
];

impl HomeScreen {
    pub fn new(ctx: &Context) -> HomeScreen {
        let study = &ctx.study;
        let now = ctx.now_ms;
        // The counts `kubedrill decks` and `stats` print too (Study::counts).
        let counts = study.counts(now);
        let rows = study
            .library
            .decks
            .iter()
            .zip(&counts.decks)
            .map(|(d, c)| DeckRow {
                id: d.id.clone(),
                title: d.title.clone(),
                due: c.due,
                new: c.new,
                later: c.later,
                items: c.items,
            })
            .collect();
        let (due, new, later) = (counts.total.due, counts.total.new, counts.total.later);
        let (answered_today, streak) = study.today_and_streak(now);
        let lessons: Vec<String> = study
            .library
            .decks
            .iter()
            .flat_map(|d| d.lessons.iter().map(move |l| format!("{}/{}", d.id, l.id)))
            .collect();
        let lessons_done = lessons
            .iter()
            .filter(|l| study.lessons.get(*l).is_some_and(|p| p.completed))
            .count();
        let interview = study.interview(now);
        HomeScreen {
            rows,
            cursor: 0,
            answered_today,
            streak,
            lessons_done,
            lessons: lessons.len(),
            interview_ready: interview.iter().filter(|q| q.ready).count(),
            interview: interview.len(),
            due,
            new,
            later,
            synced: study.last_sync.as_ref().map(|s| {
                format!(
                    "synced: {} · {}",
                    sync_counts(s.answers_in, s.answers_out),
                    ago(s.at_ms, now)
                )
            }),
        }
    }

    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        vec![KEYS]
    }

    pub fn update(&mut self, action: &Action, ctx: &mut Context) -> Reply {
        match action {
            Action::Down => self.cursor = (self.cursor + 1).min(self.rows.len().saturating_sub(1)),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::Open => {
                if let Some(row) = self.rows.get(self.cursor) {
                    return Reply {
                        open: Some(Start::Review(ReviewOptions {
                            deck: Some(row.id.clone()),
                            ..ReviewOptions::default()
                        })),
                        ..Reply::none()
                    };
                }
            }
            Action::Go(target) => {
                let start = match target {
                    Target::Review => Start::Review(ReviewOptions::default()),
                    Target::Cram => Start::Review(ReviewOptions {
                        cram: true,
                        ..ReviewOptions::default()
                    }),
                    Target::Quiz => Start::Quiz(QuizOptions {
                        seed: ctx.seed,
                        ..QuizOptions::default()
                    }),
                    Target::Learn => Start::Learn(None),
                    Target::Compare => Start::Compare(None),
                    Target::Stats => Start::Stats,
                    Target::Browse => Start::Browse(String::new()),
                    Target::Drill => Start::Drill(DrillOptions {
                        seed: ctx.seed,
                        ..DrillOptions::default()
                    }),
                };
                return Reply {
                    open: Some(start),
                    ..Reply::none()
                };
            }
            Action::Back => return Reply::leave(),
            _ => {}
        }
        Reply::none()
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let (due, new) = (self.due, self.new);
        let [summary, _, table, _, menu] = Layout::vertical([
            Constraint::Length(2 + u16::from(self.synced.is_some())),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(3),
        ])
        .areas(area);
        let day = if self.streak == 1 { "day" } else { "days" };
        Paragraph::new(
            vec![
                Line::from(vec![
                    Span::styled("Today ", theme.bold()),
                    Span::raw(format!("{} answered · ", self.answered_today)),
                    Span::styled(format!("{due} due"), theme.warn()),
                    Span::raw(" · "),
                    Span::styled(format!("{new} new"), theme.accent()),
                    Span::raw(match self.later {
                        0 => String::new(),
                        n => format!(" · {n} later today"),
                    }),
                    Span::raw(format!(" · streak {} {day}", self.streak)),
                ]),
                Line::styled(
                    format!(
                        "lessons walked {}/{} · interview questions ready {}/{}",
                        self.lessons_done, self.lessons, self.interview_ready, self.interview
                    ),
                    theme.dim(),
                ),
            ]
            .into_iter()
            .chain(
                self.synced
                    .iter()
                    .map(|s| Line::styled(s.clone(), theme.dim())),
            )
            .collect::<Vec<_>>(),
        )
        .render(summary, buf);
        let width = table.width as usize;
        let title_w = width.saturating_sub(28);
        let mut lines = vec![Line::styled(
            format!(
                "  {:<title_w$} {:>5} {:>5} {:>5} {:>6}",
                "DECK", "DUE", "NEW", "LATER", "ITEMS"
            ),
            theme.dim(),
        )];
        let visible = table.height.saturating_sub(1) as usize;
        let first = self.cursor.saturating_sub(visible.saturating_sub(1));
        for (i, row) in self.rows.iter().enumerate().skip(first).take(visible) {
            let text = format!(
                "{:<title_w$} {:>5} {:>5} {:>5} {:>6}",
                clip(&inert(&row.title), title_w),
                row.due,
                row.new,
                row.later,
                row.items
            );
            let (mark, style) = if i == self.cursor {
                ("▶ ", theme.selected())
            } else {
                ("  ", ratatui::style::Style::new())
            };
            lines.push(Line::from(vec![Span::raw(mark), Span::styled(text, style)]));
        }
        Paragraph::new(lines).render(table, buf);
        let mut spans = Vec::new();
        // The menu is the keymap's `Go` entries, so it cannot disagree with the keys.
        for b in KEYS
            .iter()
            .filter(|b| matches!(b.does, Does::Act(Action::Go(_))))
        {
            if !spans.is_empty() {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(format!("[{}] ", b.shown), theme.key()));
            spans.push(Span::raw(b.hint));
        }
        Paragraph::new(Line::from(spans))
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(menu, buf);
    }
}
