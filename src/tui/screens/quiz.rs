//! Quiz (interview mode): N items across decks, tags and kinds, optionally against the clock.
//! Exam style shows verdicts only at the end; `--practice` shows each verdict at once. Every
//! answer is logged (mode `quiz`); a missed item's Again makes it due again.

use crate::exercise::{Asked, Question, QuizFilter, QuizScore, Response, pick_quiz, score_quiz};
use crate::srs::{Answer, Mode, Rating};
use crate::tui::action::{Action, Effect, Saved};
use crate::tui::app::{Context, Reply};
use crate::tui::keymap::Binding;
use crate::tui::question::{self, Asking, Outcome};
use crate::tui::scroll::Scroll;
use crate::tui::text::{inert, inert_lines};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Widget};

#[derive(Debug, Clone)]
pub struct QuizOptions {
    pub filter: QuizFilter,
    /// Ask only the items of the interview questions that are not ready yet.
    pub not_ready: bool,
    pub count: usize,
    pub minutes: Option<u32>,
    pub seed: u64,
    pub practice: bool,
}

impl Default for QuizOptions {
    fn default() -> QuizOptions {
        QuizOptions {
            filter: QuizFilter::default(),
            not_ready: false,
            count: 20,
            minutes: None,
            seed: 0,
            practice: false,
        }
    }
}

/// One asked question and what happened.
#[derive(Debug, Clone)]
pub struct Given {
    pub question: Question,
    pub correct: bool,
    /// False for items the quiz ended before (time up, or left early): they count as missed.
    pub answered: bool,
    /// What the learner answered (none for a self-graded flash card or an unanswered item).
    pub response: Option<Response>,
}

pub struct QuizScreen {
    pub opts: QuizOptions,
    pub questions: Vec<Question>,
    pub index: usize,
    pub asking: Option<Asking>,
    pub given: Vec<Given>,
    pub deadline_ms: Option<i64>,
    pub finished: Option<QuizScore>,
    pending: Option<(Answer, bool)>,
    /// Practice mode: the verdict is on screen, the next key continues.
    answered: bool,
    /// The results scroll: a long explanation is never cut.
    scroll: Scroll,
    pub timed_out: bool,
    /// Esc or q was pressed once mid-quiz: the next one ends it.
    confirm_leave: bool,
}

const FLASH_SELF: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('y')],
        "y",
        Action::Say(true),
        "knew it",
        "I knew it (counts as right)",
    ),
    Binding::new(
        &[KeyCode::Char('n')],
        "n",
        Action::Say(false),
        "did not",
        "I did not know it (counts as wrong)",
    ),
];
const CONTINUE: &[Binding] = &[Binding::new(
    &[KeyCode::Char(' '), KeyCode::Enter],
    "Space",
    Action::Continue,
    "next",
    "go on to the next question",
)];
const RESULTS: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('j'), KeyCode::Down],
        "j/k",
        Action::Down,
        "scroll",
        "scroll the results",
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
const FINISH: &[Binding] = &[Binding::new(
    &[KeyCode::Char('F')],
    "F",
    Action::Finish,
    "finish",
    "finish the quiz now (unanswered items count as wrong)",
)
.help_only()];

impl QuizScreen {
    pub fn new(ctx: &Context, opts: QuizOptions) -> Result<QuizScreen, String> {
        let library = &ctx.study.library;
        if let Some(deck) = &opts.filter.deck
            && library.deck(deck).is_none()
        {
            return Err(format!(
                "no deck with id {deck:?} (kubedrill decks lists them)"
            ));
        }
        let mut filter = opts.filter.clone();
        if opts.not_ready {
            let items = crate::stats::not_ready_items(&ctx.study.interview(ctx.now_ms));
            if items.is_empty() {
                return Err("every interview question is ready: nothing left to quiz".into());
            }
            filter.only = Some(items.into_iter().collect());
        }
        let ids = pick_quiz(library, &filter, opts.count, opts.seed);
        let questions: Vec<Question> = ids
            .iter()
            .enumerate()
            .filter_map(|(i, id)| Question::for_item(library, id, opts.seed.wrapping_add(i as u64)))
            .collect();
        if questions.is_empty() {
            return Err("no items match this quiz's deck and tag".into());
        }
        let deadline_ms = opts.minutes.map(|m| ctx.now_ms + i64::from(m) * 60_000);
        let asking = Some(Asking::new(questions[0].clone(), ctx.now_ms, opts.practice));
        Ok(QuizScreen {
            opts,
            questions,
            index: 0,
            asking,
            given: Vec::new(),
            deadline_ms,
            finished: None,
            pending: None,
            answered: false,
            scroll: Scroll::default(),
            timed_out: false,
            confirm_leave: false,
        })
    }

    pub fn is_typing(&self) -> bool {
        self.finished.is_none()
            && !self.answered
            && self.asking.as_ref().is_some_and(Asking::is_typing)
    }

    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        if self.finished.is_some() {
            return vec![RESULTS, crate::tui::keymap::PAGING];
        }
        let Some(asking) = &self.asking else {
            return vec![];
        };
        if self.answered {
            return vec![CONTINUE, question::AFTER];
        }
        if asking.phase == question::Phase::Revealed {
            return vec![FLASH_SELF];
        }
        if asking.is_typing() {
            return vec![asking.bindings()];
        }
        vec![asking.bindings(), FINISH]
    }

    /// Seconds left on the clock, if timed.
    pub fn seconds_left(&self, now_ms: i64) -> Option<i64> {
        self.deadline_ms.map(|d| ((d - now_ms).max(0) + 999) / 1000)
    }

    pub fn update(&mut self, action: &Action, ctx: &mut Context) -> Reply {
        if self.finished.is_some() {
            match action {
                Action::Down => self.scroll.line_down(),
                Action::Up => self.scroll.line_up(),
                Action::PageDown => self.scroll.page_down(),
                Action::PageUp => self.scroll.page_up(),
                Action::Wheel(down) => self.scroll.wheel(*down),
                Action::Back => return Reply::leave(),
                _ => {}
            }
            return Reply::none();
        }
        if let Some(deadline) = self.deadline_ms
            && ctx.now_ms >= deadline
            && self.pending.is_none()
        {
            self.timed_out = true;
            self.finish();
            return Reply::status("time is up");
        }
        if !matches!(
            action,
            Action::Back | Action::Tick | Action::Saved(_) | Action::SaveFailed(_)
        ) {
            self.confirm_leave = false;
        }
        match action {
            // Leaving mid-quiz ends it (what was answered is already logged), but a stray Esc
            // must not score a quiz of 20 with 19 unanswered: the first one asks.
            Action::Back if !self.confirm_leave => {
                self.confirm_leave = true;
                let left = self.questions.len().saturating_sub(self.given.len());
                return Reply::status(format!(
                    "Esc or q again ends the quiz now ({left} unanswered count as missed); any other key goes on"
                ));
            }
            Action::Back => {
                self.finish();
                return Reply::none();
            }
            Action::Finish => {
                self.finish();
                return Reply::none();
            }
            Action::Saved(Saved::Recorded(_)) => return self.recorded(ctx),
            // Not saved: it stays pending for the app's retry (Ctrl-R).
            Action::SaveFailed(_) => return Reply::none(),
            Action::Continue if self.answered => {
                self.advance(ctx);
                return Reply::none();
            }
            Action::Say(knew) => {
                if let Some(a) = &self.asking
                    && a.phase == question::Phase::Revealed
                {
                    return self.record(*knew, ctx);
                }
            }
            _ => {}
        }
        let Some(asking) = &mut self.asking else {
            return Reply::none();
        };
        match asking.handle(action, ctx.gates) {
            Outcome::Answered(correct) if !self.answered => self.record(correct, ctx),
            Outcome::Details(d) => Reply::details(*d),
            Outcome::Edit { draft, starter } => Reply::effect(Outcome::edit_effect(draft, starter)),
            _ => Reply::none(),
        }
    }

    fn record(&mut self, correct: bool, ctx: &Context) -> Reply {
        if self.pending.is_some() {
            return Reply::none();
        }
        let Some(asking) = &self.asking else {
            return Reply::none();
        };
        let answer = asking.logged(
            Rating::from_correct(correct),
            Some(correct),
            Mode::Quiz,
            ctx.now_ms,
        );
        self.pending = Some((answer.clone(), correct));
        let flags = ctx.study.leech_flags(&answer);
        Reply::effect(Effect::Record { answer, flags })
    }

    fn recorded(&mut self, ctx: &mut Context) -> Reply {
        let Some((answer, correct)) = self.pending.take() else {
            return Reply::none();
        };
        ctx.study.remember(answer);
        if let Some(asking) = &self.asking {
            self.given.push(Given {
                question: asking.question.clone(),
                correct,
                answered: true,
                response: asking.response.clone(),
            });
        }
        if self.opts.practice {
            self.answered = true;
        } else {
            self.advance(ctx);
        }
        Reply::none()
    }

    fn advance(&mut self, ctx: &Context) {
        self.answered = false;
        self.index += 1;
        match self.questions.get(self.index) {
            Some(q) => self.asking = Some(Asking::new(q.clone(), ctx.now_ms, self.opts.practice)),
            None => self.finish(),
        }
    }

    fn finish(&mut self) {
        let answered = self.given.len();
        for q in self.questions.iter().skip(answered) {
            self.given.push(Given {
                question: q.clone(),
                correct: false,
                answered: false,
                response: None,
            });
        }
        let asked: Vec<Asked> = self
            .given
            .iter()
            .map(|g| Asked {
                item: g.question.item.clone(),
                tags: g.question.tags.clone(),
                correct: g.correct,
            })
            .collect();
        self.finished = Some(score_quiz(&asked, self.questions.len()));
        self.asking = None;
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let [top, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        if let Some(score) = &self.finished {
            self.render_results(score, body, buf, ctx);
            Paragraph::new(Line::styled(
                format!(
                    "Quiz results{}",
                    if self.timed_out { " · time is up" } else { "" }
                ),
                theme.title(),
            ))
            .render(top, buf);
            return;
        }
        let total = self.questions.len();
        let mut label = format!("Quiz · question {}/{total}", (self.index + 1).min(total));
        if let Some(left) = self.seconds_left(ctx.now_ms) {
            label.push_str(&format!(" · ⏱ {}:{:02} left", left / 60, left % 60));
        }
        if !self.opts.practice {
            label.push_str(" · verdicts at the end");
        }
        Gauge::default()
            .gauge_style(theme.bar())
            .ratio(self.index as f64 / total.max(1) as f64)
            .label(label)
            .use_unicode(true)
            .render(top, buf);
        if let Some(asking) = &self.asking {
            let [q, hint] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(body);
            asking.render(q, buf, theme, ctx.gates);
            // A self-graded card asks once; in practice mode its verdict then stays on screen.
            let said = self.given.last().filter(|_| self.answered);
            let hint_line = match (asking.phase == question::Phase::Revealed, said) {
                (true, None) if self.pending.is_none() => {
                    Some(Line::styled("Did you know it? y / n", theme.key()))
                }
                (true, Some(g)) if g.correct => {
                    Some(Line::styled("✓ counted as known", theme.good()))
                }
                (true, Some(_)) => Some(Line::styled("✗ counted as not known", theme.bad())),
                _ => None,
            };
            if let Some(line) = hint_line {
                Paragraph::new(line).render(hint, buf);
            }
        }
    }

    fn render_results(&self, score: &QuizScore, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let mut lines = vec![
            Line::from(vec![
                Span::styled("Score ", theme.bold()),
                Span::styled(
                    format!("{}/{} ({}%)", score.right, score.total, score.percent()),
                    if score.percent() >= 80 {
                        theme.good()
                    } else {
                        theme.warn()
                    },
                ),
                Span::raw(format!(
                    " · {} unanswered",
                    self.given.iter().filter(|g| !g.answered).count()
                )),
            ]),
            Line::raw(""),
            Line::styled("By tag (weakest first)", theme.bold()),
        ];
        for (tag, right, total) in &score.per_tag {
            lines.push(Line::raw(format!("  {:<28} {right}/{total}", inert(tag))));
        }
        let missed: Vec<&Given> = self.given.iter().filter(|g| !g.correct).collect();
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            if missed.is_empty() {
                "Nothing missed.".to_owned()
            } else {
                format!(
                    "Missed ({}) — answered ones are due again in your reviews",
                    missed.len()
                )
            },
            theme.bold(),
        ));
        for g in missed {
            let q = &g.question;
            lines.push(Line::from(vec![
                Span::styled("✗ ", theme.bad()),
                Span::styled(inert(&q.item), theme.bold()),
                Span::styled(if g.answered { "" } else { " (not answered)" }, theme.dim()),
            ]));
            lines.push(Line::raw(format!("  {}", first_line(q))));
            if let Some(response) = &g.response {
                lines.push(Line::styled(
                    format!(
                        "  you:    {}",
                        inert(&q.response_text(response)).replace('\n', " ")
                    ),
                    theme.bad(),
                ));
            }
            lines.push(Line::styled(
                format!(
                    "  answer: {}",
                    inert(&q.answer_text(ctx.gates)).replace('\n', " ")
                ),
                theme.good(),
            ));
            for l in inert_lines(q.explanation()) {
                lines.push(Line::styled(format!("  {l}"), theme.dim()));
            }
        }
        self.scroll.render_text(&lines, area, buf, theme);
    }
}

/// The first line of a question's prompt, for the missed list.
fn first_line(q: &Question) -> String {
    use crate::exercise::Prompt;
    let text = match &q.prompt {
        Prompt::Flash { front, .. } => front,
        Prompt::Choice { prompt, .. } => prompt,
        Prompt::TrueFalse { statement, .. } => statement,
        // The sentence as it reads, the asked gap marked, never `{{...}}` markup.
        Prompt::Cloze { .. } => return inert(&q.sentence()).replace('\n', " "),
        Prompt::Placement(p) => &p.prompt,
        Prompt::Write(w) => &w.prompt,
    };
    inert(text.lines().next().unwrap_or_default())
}
