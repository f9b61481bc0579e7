//! Compare: the DaemonSet / Deployment / StatefulSet table, scrollable with a highlighted cell
//! and a detail pane for long cells; `t` quizzes a random hidden cell (its row is hidden while
//! asking, and the answer is logged as a quiz answer).

use crate::deck::Table;
use crate::exercise::Question;
use crate::srs::{Answer, Mode, Rating};
use crate::tui::action::{Action, Effect, Saved};
use crate::tui::app::{Context, Reply};
use crate::tui::keymap::{self, Binding};
use crate::tui::question::{self, Asking, Outcome};
use crate::tui::scroll::{Scroll, wrap};
use crate::tui::text::{clip, inert};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

pub struct CompareScreen {
    pub deck: String,
    pub table: usize,
    pub row: usize,
    pub col: usize,
    /// A quiz on one hidden cell: (row, column, question).
    pub quiz: Option<(usize, usize, Asking)>,
    quizzes: u64,
    pending: Option<Answer>,
    pub answered: bool,
    pub score: (u32, u32),
    /// The pane under the grid: a long cell scrolls there.
    detail_scroll: Scroll,
}

const BROWSE: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('j'), KeyCode::Down],
        "j/k",
        Action::Down,
        "row",
        "move down or up a row",
    ),
    Binding::new(
        &[KeyCode::Char('k'), KeyCode::Up],
        "k",
        Action::Up,
        "up",
        "move up a row",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Char('h'), KeyCode::Left],
        "h/l",
        Action::Left,
        "column",
        "move to the previous or next column",
    ),
    Binding::new(
        &[KeyCode::Char('l'), KeyCode::Right],
        "l",
        Action::Right,
        "right",
        "next column",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Char('t')],
        "t",
        Action::QuizCell,
        "quiz a cell",
        "quiz me on a random hidden cell",
    ),
    Binding::new(
        &[KeyCode::Tab],
        "Tab",
        Action::Next,
        "next table",
        "next comparison table, if there are several",
    )
    .help_only(),
];
const CONTINUE: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char(' '), KeyCode::Enter],
        "Space",
        Action::Continue,
        "back to table",
        "back to the table",
    ),
    Binding::new(
        &[KeyCode::Char('t')],
        "t",
        Action::QuizCell,
        "another",
        "quiz another cell",
    ),
];

/// Every (deck, table index) in the library.
fn tables(ctx: &Context) -> Vec<(String, usize)> {
    ctx.study
        .library
        .decks
        .iter()
        .flat_map(|d| (0..d.tables.len()).map(move |i| (d.id.clone(), i)))
        .collect()
}

impl CompareScreen {
    pub fn new(ctx: &Context, table: Option<&str>) -> Result<CompareScreen, String> {
        let all = tables(ctx);
        let found = match table {
            // The DaemonSet / Deployment / StatefulSet comparison first, else the first table.
            None => all
                .iter()
                .find(|(d, i)| {
                    ctx.study.library.deck(d).is_some_and(|d| {
                        let columns = &d.tables[*i].columns;
                        ["DaemonSet", "Deployment", "StatefulSet"]
                            .iter()
                            .all(|w| columns.iter().any(|c| c == w))
                    })
                })
                .or(all.first())
                .cloned(),
            Some(want) => all
                .iter()
                .find(|(d, i)| {
                    let id = &ctx
                        .study
                        .library
                        .deck(d)
                        .map(|d| d.tables[*i].id.clone())
                        .unwrap_or_default();
                    id == want || format!("{d}/{id}") == want
                })
                .cloned(),
        };
        let Some((deck, table)) = found else {
            return Err(match table {
                Some(t) => format!("no comparison table {t:?}"),
                None => "no comparison table is loaded".into(),
            });
        };
        Ok(CompareScreen {
            deck,
            table,
            row: 0,
            col: 0,
            quiz: None,
            quizzes: 0,
            pending: None,
            answered: false,
            score: (0, 0),
            detail_scroll: Scroll::default(),
        })
    }

    pub fn table<'a>(&self, ctx: &'a Context) -> Option<&'a Table> {
        ctx.study.library.deck(&self.deck)?.tables.get(self.table)
    }

    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        match &self.quiz {
            Some(_) if self.answered => vec![CONTINUE, question::AFTER],
            Some((_, _, a)) => vec![a.bindings()],
            None => vec![BROWSE, keymap::PAGING],
        }
    }

    pub fn update(&mut self, action: &Action, ctx: &mut Context) -> Reply {
        // Only the table's size is needed here; `ask` looks the table up itself.
        let Some((rows, columns)) = self.table(ctx).map(|t| (t.rows.len(), t.columns.len())) else {
            return Reply::leave();
        };
        match action {
            Action::Back if self.quiz.is_some() => {
                self.quiz = None;
                self.answered = false;
                return Reply::none();
            }
            Action::Back => return Reply::leave(),
            Action::QuizCell if self.quiz.is_none() || self.answered => {
                return self.ask(ctx);
            }
            Action::Continue if self.answered => {
                self.quiz = None;
                self.answered = false;
                return Reply::none();
            }
            Action::Saved(Saved::Recorded(_)) => {
                if let Some(answer) = self.pending.take() {
                    self.score.0 += u32::from(answer.correct == Some(true));
                    self.score.1 += 1;
                    ctx.study.remember(answer);
                    self.answered = true;
                }
                return Reply::none();
            }
            // Not saved: it stays pending for the app's retry (Ctrl-R).
            Action::SaveFailed(_) => return Reply::none(),
            _ => {}
        }
        if let Some((_, _, asking)) = &mut self.quiz {
            if self.answered {
                asking.handle(action, ctx.gates);
                return Reply::none();
            }
            if let Outcome::Answered(correct) = asking.handle(action, ctx.gates) {
                let answer = asking.logged(
                    Rating::from_correct(correct),
                    Some(correct),
                    Mode::Quiz,
                    ctx.now_ms,
                );
                self.pending = Some(answer.clone());
                let flags = ctx.study.leech_flags(&answer);
                return Reply::effect(Effect::Record { answer, flags });
            }
            return Reply::none();
        }
        match action {
            Action::PageDown => return self.scroll_detail(Scroll::page_down),
            Action::PageUp => return self.scroll_detail(Scroll::page_up),
            Action::Wheel(true) => return self.scroll_detail(|s| s.wheel(true)),
            Action::Wheel(false) => return self.scroll_detail(|s| s.wheel(false)),
            // Another cell: its text from the top.
            Action::Down | Action::Up | Action::Right | Action::Left | Action::Next => {
                self.detail_scroll.reset();
            }
            _ => {}
        }
        match action {
            Action::Down => self.row = (self.row + 1).min(rows.saturating_sub(1)),
            Action::Up => self.row = self.row.saturating_sub(1),
            Action::Right => self.col = (self.col + 1).min(columns.saturating_sub(1)),
            Action::Left => self.col = self.col.saturating_sub(1),
            Action::Next => {
                let all = tables(ctx);
                if let Some(pos) = all
                    .iter()
                    .position(|(d, i)| *d == self.deck && *i == self.table)
                {
                    (self.deck, self.table) = all[(pos + 1) % all.len()].clone();
                    self.row = 0;
                    self.col = 0;
                }
            }
            _ => {}
        }
        Reply::none()
    }

    fn scroll_detail(&mut self, how: impl FnOnce(&mut Scroll)) -> Reply {
        how(&mut self.detail_scroll);
        Reply::none()
    }

    /// Picks a random cell (seeded: the app's seed and how many were asked) and asks it.
    fn ask(&mut self, ctx: &Context) -> Reply {
        let Some(table) = self.table(ctx) else {
            return Reply::none();
        };
        let mut rng = StdRng::seed_from_u64(ctx.seed.wrapping_add(self.quizzes));
        self.quizzes += 1;
        if table.rows.is_empty() || table.columns.is_empty() {
            return Reply::none();
        }
        let row = rng.random_range(0..table.rows.len());
        let col = rng.random_range(0..table.columns.len());
        let item = format!("{}/{}/{}/{col}", self.deck, table.id, table.rows[row].id);
        let Some(q) = Question::for_item(&ctx.study.library, &item, rng.random()) else {
            return Reply::none();
        };
        self.quiz = Some((row, col, Asking::new(q, ctx.now_ms, true)));
        self.answered = false;
        self.row = row;
        self.col = col;
        Reply::none()
    }

    /// The selected cell's text and its source, for the pane under the grid.
    fn detail_lines(&self, table: &Table, ctx: &Context) -> Option<Vec<Line<'static>>> {
        let row = table.rows.get(self.row)?;
        let mut text = vec![Line::raw(inert(
            row.cells.get(self.col).map_or("", String::as_str),
        ))];
        if let Some(src) = row.source.as_ref().or(table.source.as_ref()) {
            text.push(Line::styled(
                format!("source: {}", inert(&crate::deck::describe_source(src))),
                ctx.theme.dim(),
            ));
        }
        Some(text)
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let Some(table) = self.table(ctx) else {
            return;
        };
        // The selected cell in full under the grid: as many rows as it takes (it wraps with
        // its source), up to half the screen, where it scrolls.
        let detail_height = if self.quiz.is_some() {
            area.height / 2
        } else {
            let rows = self
                .detail_lines(table, ctx)
                .map_or(0, |l| wrap(&l, usize::from(area.width)).lines.len());
            u16::try_from(rows + 1)
                .unwrap_or(u16::MAX)
                .clamp(5, (area.height / 2).max(5))
        };
        let [head, grid, detail] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(detail_height),
        ])
        .areas(area);
        let score = if self.score.1 > 0 {
            format!(" · quiz {}/{}", self.score.0, self.score.1)
        } else {
            String::new()
        };
        Paragraph::new(Line::from(vec![
            Span::styled(inert(&table.title), theme.title()),
            Span::styled(score, theme.dim()),
        ]))
        .render(head, buf);
        // Column widths: the feature column, then the rest shared.
        let width = grid.width as usize;
        // As wide as the longest label (past a start they all share), within a quarter.
        let shared = shared_prefix(
            table.rows.iter().map(|r| r.feature.as_str()),
            (width / 4).max(12),
        );
        let longest = table
            .rows
            .iter()
            .map(|r| r.feature[shared..].chars().count() + usize::from(shared > 0))
            .max()
            .unwrap_or(0);
        let feature_w = longest.clamp(12, (width / 4).max(12));
        let ncols = table.columns.len().max(1);
        let col_w = (width.saturating_sub(feature_w + 1) / ncols).max(6);
        let mut header = vec![Span::styled(format!("{:<feature_w$}", ""), theme.dim())];
        for (c, name) in table.columns.iter().enumerate() {
            let style = if c == self.col {
                theme.key()
            } else {
                theme.bold()
            };
            header.push(Span::styled(
                format!(" {:<w$}", clip(&inert(name), col_w - 1), w = col_w - 1),
                style,
            ));
        }
        let mut lines = vec![Line::from(header)];
        let visible = grid.height.saturating_sub(1) as usize;
        let first = self.row.saturating_sub(visible.saturating_sub(1));
        let hidden_row = self
            .quiz
            .as_ref()
            .filter(|_| !self.answered)
            .map(|(r, _, _)| *r);
        for (r, row) in table.rows.iter().enumerate().skip(first).take(visible) {
            let feature = match shared {
                0 => inert(&row.feature),
                n => format!("…{}", inert(&row.feature[n..])),
            };
            let mut spans = vec![Span::styled(
                format!("{:<feature_w$}", clip(&feature, feature_w)),
                if r == self.row {
                    theme.bold()
                } else {
                    theme.dim()
                },
            )];
            for (c, cell) in row.cells.iter().enumerate() {
                let text = if hidden_row == Some(r) {
                    "?".to_owned()
                } else {
                    clip(&inert(cell), col_w - 1)
                };
                let style = if r == self.row && c == self.col {
                    theme.selected()
                } else if r == self.row {
                    theme.bold()
                } else {
                    ratatui::style::Style::new()
                };
                spans.push(Span::raw(" "));
                spans.push(Span::styled(format!("{text:<w$}", w = col_w - 1), style));
            }
            lines.push(Line::from(spans));
        }
        Paragraph::new(lines).render(grid, buf);
        let block = Block::default().borders(Borders::TOP);
        let inner = block.inner(detail);
        match &self.quiz {
            Some((_, _, asking)) => {
                block
                    .title(Span::styled(" quiz ", theme.key()))
                    .render(detail, buf);
                asking.scroll.render_text(
                    &asking.lines(inner.width as usize, theme, ctx.gates),
                    inner,
                    buf,
                    theme,
                );
            }
            None => {
                let (Some(row), Some(column)) =
                    (table.rows.get(self.row), table.columns.get(self.col))
                else {
                    return;
                };
                block
                    .title(Span::styled(
                        format!(" {} · {} ", inert(&row.feature), inert(column)),
                        theme.bold(),
                    ))
                    .render(detail, buf);
                if let Some(text) = self.detail_lines(table, ctx) {
                    self.detail_scroll.render_text(&text, inner, buf, theme);
                }
            }
        }
    }
}

/// Where row labels that all start alike (`node.kubernetes.io/not-ready`,
/// `node.kubernetes.io/unreachable`, …) and do not fit `width` differ: the length of their
/// shared start up to its last `/`, which the grid leaves out so the labels can be told apart
/// (the pane under the grid names the whole label). 0 when nothing is worth leaving out.
fn shared_prefix<'a>(labels: impl Iterator<Item = &'a str> + Clone, width: usize) -> usize {
    let mut all = labels.clone();
    let Some(first) = all.next() else {
        return 0;
    };
    let mut common = first.len();
    for l in all {
        common = first
            .bytes()
            .zip(l.bytes())
            .take(common)
            .take_while(|(a, b)| a == b)
            .count();
    }
    let cut = first.as_bytes()[..common]
        .iter()
        .rposition(|b| *b == b'/')
        .map_or(0, |i| i + 1);
    let overflows = labels.clone().any(|l| l.chars().count() > width);
    if cut >= 4 && overflows && labels.count() > 1 {
        cut
    } else {
        0
    }
}
