//! Learn: the lessons with their progress; a lesson walks step by step (`n` / `p`), and a step's
//! check question must be answered before moving on. Progress is saved at every step.

use crate::deck::{CardBody, Lesson};
use crate::exercise::Question;
use crate::srs::{Answer, Mode, Rating};
use crate::store::LessonProgress;
use crate::tui::action::{Action, Effect, Saved};
use crate::tui::app::{Context, Reply};
use crate::tui::keymap::{self, Binding};
use crate::tui::question::{self, Asking, Outcome};
use crate::tui::scroll::{Scroll, wrap};
use crate::tui::text::{clip, inert, inert_lines};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// A lesson in the list: its deck and its key (`<deck>/<lesson>`).
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    pub deck: String,
    pub index: usize,
}

/// A lesson being walked.
pub struct Walk {
    pub entry: Entry,
    pub step: usize,
    pub asking: Option<Asking>,
    /// The step's check was answered (or it has none).
    pub passed: bool,
    pending: Option<Answer>,
    /// The step's text and its check scroll together: nothing is cut.
    scroll: Scroll,
}

pub struct LearnScreen {
    pub entries: Vec<Entry>,
    pub cursor: usize,
    pub walk: Option<Walk>,
    /// Opened on one lesson from the command line: leaving it quits.
    direct: bool,
}

const LIST: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('j'), KeyCode::Down],
        "j/k",
        Action::Down,
        "move",
        "move between lessons",
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
        "open",
        "open the lesson where you left it",
    ),
];
const STEPS: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('n'), KeyCode::Right],
        "n",
        Action::Next,
        "next step",
        "next step (after the step's check question)",
    ),
    Binding::new(
        &[KeyCode::Char('p'), KeyCode::Left],
        "p",
        Action::Prev,
        "previous",
        "previous step",
    ),
];
const SELF_GRADE: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('y')],
        "y",
        Action::Say(true),
        "knew it",
        "I knew it",
    ),
    // y/n as in the quiz; n is the next step only once the check is answered.
    Binding::new(
        &[KeyCode::Char('n')],
        "n",
        Action::Say(false),
        "did not",
        "I did not know it",
    ),
];

impl LearnScreen {
    pub fn new(ctx: &Context, lesson: Option<&str>) -> Result<LearnScreen, String> {
        let entries: Vec<Entry> = ctx
            .study
            .library
            .decks
            .iter()
            .flat_map(|d| {
                d.lessons.iter().enumerate().map(move |(index, l)| Entry {
                    key: format!("{}/{}", d.id, l.id),
                    deck: d.id.clone(),
                    index,
                })
            })
            .collect();
        if entries.is_empty() {
            return Err("no lessons are loaded".into());
        }
        let mut screen = LearnScreen {
            entries,
            cursor: 0,
            walk: None,
            direct: false,
        };
        if let Some(wanted) = lesson {
            let found = screen
                .entries
                .iter()
                .position(|e| e.key == wanted || e.key.rsplit('/').next() == Some(wanted))
                .ok_or_else(|| {
                    format!(
                        "no lesson {wanted:?}; the lessons are: {}",
                        screen
                            .entries
                            .iter()
                            .map(|e| e.key.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                })?;
            screen.cursor = found;
            screen.direct = true;
            screen.open(ctx);
        }
        Ok(screen)
    }

    fn lesson<'a>(ctx: &'a Context, entry: &Entry) -> Option<&'a Lesson> {
        ctx.study
            .library
            .deck(&entry.deck)?
            .lessons
            .get(entry.index)
    }

    fn open(&mut self, ctx: &Context) {
        let Some(entry) = self.entries.get(self.cursor).cloned() else {
            return;
        };
        let steps = LearnScreen::lesson(ctx, &entry).map_or(0, |l| l.steps.len());
        let saved = ctx
            .study
            .lessons
            .get(&entry.key)
            .copied()
            .unwrap_or_default();
        // A finished lesson opens at its start again; an unfinished one where it was left.
        let step = if saved.completed && saved.step + 1 >= steps {
            0
        } else {
            saved.step.min(steps.saturating_sub(1))
        };
        let mut walk = Walk {
            entry,
            step,
            asking: None,
            passed: true,
            pending: None,
            scroll: Scroll::default(),
        };
        walk.enter_step(ctx);
        self.walk = Some(walk);
    }

    pub fn is_typing(&self) -> bool {
        self.walk
            .as_ref()
            .is_some_and(|w| !w.passed && w.asking.as_ref().is_some_and(Asking::is_typing))
    }

    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        let Some(walk) = &self.walk else {
            return vec![LIST];
        };
        // Paging first: the step's pane takes PgDn, also while a check is typed into.
        match &walk.asking {
            Some(a) if !walk.passed && a.phase == question::Phase::Revealed => {
                vec![keymap::PAGING, SELF_GRADE, STEPS]
            }
            Some(a) if !walk.passed && a.is_typing() => vec![keymap::PAGING, a.bindings()],
            Some(a) if !walk.passed => vec![keymap::PAGING, a.bindings(), STEPS],
            Some(_) => vec![keymap::PAGING, STEPS, question::AFTER],
            None => vec![keymap::PAGING, STEPS],
        }
    }

    pub fn update(&mut self, action: &Action, ctx: &mut Context) -> Reply {
        let Some(walk) = &mut self.walk else {
            match action {
                Action::Down => self.cursor = (self.cursor + 1).min(self.entries.len() - 1),
                Action::Up => self.cursor = self.cursor.saturating_sub(1),
                Action::Open => self.open(ctx),
                Action::Back => return Reply::leave(),
                _ => {}
            }
            return Reply::none();
        };
        match action {
            Action::Back => {
                self.walk = None;
                if self.direct {
                    return Reply::leave();
                }
                return Reply::none();
            }
            Action::Saved(Saved::Recorded(_)) => {
                if let Some(answer) = walk.pending.take() {
                    ctx.study.remember(answer);
                    walk.passed = true;
                }
                return Reply::none();
            }
            // Not saved: it stays pending for the app's retry (Ctrl-R).
            Action::SaveFailed(_) => return Reply::none(),
            Action::Next => return walk.next(ctx),
            Action::Prev => {
                if walk.step > 0 {
                    walk.step -= 1;
                    walk.enter_step(ctx);
                    return walk.save(ctx, false);
                }
                return Reply::none();
            }
            Action::PageDown => {
                walk.scroll.page_down();
                return Reply::none();
            }
            Action::PageUp => {
                walk.scroll.page_up();
                return Reply::none();
            }
            Action::Wheel(down) => {
                walk.scroll.wheel(*down);
                return Reply::none();
            }
            // Self-grading a revealed flash check; true/false checks take `t`/`f` below.
            Action::Say(knew)
                if walk
                    .asking
                    .as_ref()
                    .is_some_and(|a| a.phase == question::Phase::Revealed) =>
            {
                if walk.passed {
                    return Reply::none();
                }
                return walk.record(*knew, ctx);
            }
            _ => {}
        }
        let Some(asking) = &mut walk.asking else {
            return Reply::none();
        };
        match asking.handle(action, ctx.gates) {
            Outcome::Answered(correct) if !walk.passed => walk.record(correct, ctx),
            Outcome::Details(d) => Reply::details(*d),
            Outcome::Edit { draft, starter } => Reply::effect(Outcome::edit_effect(draft, starter)),
            _ => Reply::none(),
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        match &self.walk {
            Some(walk) => walk.render(area, buf, ctx),
            None => self.render_list(area, buf, ctx),
        }
    }

    fn render_list(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let mut lines = vec![Line::styled("Lessons", theme.title()), Line::raw("")];
        for (i, e) in self.entries.iter().enumerate() {
            let Some(lesson) = LearnScreen::lesson(ctx, e) else {
                continue;
            };
            let saved = ctx.study.lessons.get(&e.key).copied().unwrap_or_default();
            let progress = if saved.completed {
                "✓ done".to_owned()
            } else if saved.step > 0 {
                format!("step {}/{}", saved.step + 1, lesson.steps.len())
            } else {
                format!("{} steps", lesson.steps.len())
            };
            let width = (area.width as usize).saturating_sub(16);
            let text = format!(
                "{:<width$} {progress:>12}",
                clip(&inert(&lesson.title), width)
            );
            let style = if i == self.cursor {
                theme.selected()
            } else {
                ratatui::style::Style::new()
            };
            lines.push(Line::from(vec![
                Span::raw(if i == self.cursor { "▶ " } else { "  " }),
                Span::styled(text, style),
            ]));
        }
        Paragraph::new(lines).render(area, buf);
    }
}

impl Walk {
    /// Shows the current step: its check question, if any, must be answered again.
    fn enter_step(&mut self, ctx: &Context) {
        self.scroll.reset();
        self.pending = None;
        self.asking = None;
        self.passed = true;
        let Some(lesson) = LearnScreen::lesson(ctx, &self.entry) else {
            return;
        };
        let Some(step) = lesson.steps.get(self.step) else {
            return;
        };
        if let Some(card) = &step.check {
            let deck = ctx.study.library.deck(&self.entry.deck);
            let is_cloze = deck
                .and_then(|d| d.card(card))
                .is_some_and(|c| matches!(c.body, CardBody::Cloze { .. }));
            let item = if is_cloze {
                format!("{}/{card}#1", self.entry.deck)
            } else {
                format!("{}/{card}", self.entry.deck)
            };
            if let Some(q) = Question::for_item(&ctx.study.library, &item, ctx.seed) {
                self.asking = Some(Asking::new(q, ctx.now_ms, true));
                self.passed = false;
            }
        }
    }

    fn steps(&self, ctx: &Context) -> usize {
        LearnScreen::lesson(ctx, &self.entry).map_or(0, |l| l.steps.len())
    }

    fn next(&mut self, ctx: &mut Context) -> Reply {
        if !self.passed {
            return Reply::status("answer the check question first");
        }
        let steps = self.steps(ctx);
        if self.step + 1 >= steps {
            let mut reply = self.save(ctx, true);
            reply.status = Some("lesson complete ✓ — q goes back to the lessons".into());
            return reply;
        }
        self.step += 1;
        self.enter_step(ctx);
        self.save(ctx, false)
    }

    fn save(&mut self, ctx: &mut Context, completed: bool) -> Reply {
        let entry = ctx.study.lessons.entry(self.entry.key.clone()).or_default();
        entry.step = self.step;
        entry.completed |= completed;
        let progress = LessonProgress {
            step: self.step,
            completed,
        };
        Reply::effect(Effect::SaveLesson {
            lesson: self.entry.key.clone(),
            progress,
        })
    }

    fn record(&mut self, correct: bool, ctx: &Context) -> Reply {
        let Some(asking) = &self.asking else {
            return Reply::none();
        };
        if self.pending.is_some() {
            return Reply::none();
        }
        let answer = asking.logged(
            Rating::from_correct(correct),
            asking.question.is_graded().then_some(correct),
            Mode::Learn,
            ctx.now_ms,
        );
        self.pending = Some(answer.clone());
        let flags = ctx.study.leech_flags(&answer);
        Reply::effect(Effect::Record { answer, flags })
    }

    fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let Some(lesson) = LearnScreen::lesson(ctx, &self.entry) else {
            return;
        };
        let Some(step) = lesson.steps.get(self.step) else {
            return;
        };
        let [head, body] =
            Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
        Paragraph::new(vec![
            Line::styled(inert(&lesson.title), theme.title()),
            Line::from(vec![
                Span::styled(
                    format!("step {}/{} · ", self.step + 1, lesson.steps.len()),
                    theme.dim(),
                ),
                Span::styled(inert(&step.title), theme.bold()),
            ]),
        ])
        .render(head, buf);
        // The step's text, then its check: one pane, so a long step never pushes the check
        // off the screen and PgDn reaches both.
        let mut lines: Vec<Line<'static>> = inert_lines(&crate::tui::text::reflow(&step.body))
            .into_iter()
            .map(Line::from)
            .collect();
        if let Some(asking) = &self.asking {
            lines.push(Line::raw(""));
            // The real verdict: a wrong answer lets the learner go on, but it is not a ✓.
            let (head, style) = match (&asking.phase, self.passed) {
                (question::Phase::Answered { correct: true }, _) => {
                    ("── check: ✓ right ──", theme.good())
                }
                (question::Phase::Answered { correct: false }, _) => {
                    ("── check: ✗ wrong (the answer is below) ──", theme.bad())
                }
                (_, true) => ("── check: done ──", theme.key()),
                (_, false) => ("── check: answer to go on ──", theme.key()),
            };
            lines.push(Line::styled(head, style));
            lines.extend(asking.lines(body.width as usize, theme, ctx.gates));
            if asking.phase == question::Phase::Revealed && !self.passed {
                lines.push(Line::styled("Did you know it? y / n", theme.key()));
            }
        }
        self.scroll.begin();
        let wrapped = wrap(&lines, body.width as usize);
        self.scroll.render(wrapped.lines, None, body, buf, theme);
    }
}
