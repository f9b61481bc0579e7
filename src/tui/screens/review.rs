//! Review: due items one by one (or, with `--cram`, studied items by lowest recall). Flash cards
//! are revealed and graded 1–4 with the next interval of each grade shown first, as Anki does;
//! the other kinds are checked (wrong → Again, right → Good). Every answer is logged before the
//! session moves on; `u` undoes answers one by one.

use crate::exercise::Question;
use crate::srs::{Answer, Mode, Phase, Rating, Session, cram_queue, describe_interval};
use crate::store::Flags;
use crate::tui::action::{Action, Effect, Saved};
use crate::tui::app::{Context, Reply};
use crate::tui::keymap::Binding;
use crate::tui::question::{self, Asking, Outcome};
use crate::tui::text::inert;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Widget, Wrap};

#[derive(Debug, Clone, Default)]
pub struct ReviewOptions {
    pub deck: Option<String>,
    pub tag: Option<String>,
    pub cram: bool,
}

/// An answer sent to the store, waiting for its log id.
#[derive(Debug, Clone)]
struct Pending {
    answer: Answer,
    /// Flags the answer sets (it made the item a leech), and the flags it had before.
    new_flags: Option<Flags>,
    old_flags: Flags,
}

/// One action `u` can take back.
#[derive(Debug, Clone)]
enum Undoable {
    Answer,
    Suspend { item: String, before: Flags },
}

pub struct ReviewScreen {
    pub opts: ReviewOptions,
    mode: Mode,
    session: Session,
    /// The question on screen; stays after a checked answer until the learner continues.
    pub asking: Option<Asking>,
    pending: Option<Pending>,
    /// Per answer still undoable: the flags to restore when it is undone (it made a leech).
    undo_flags: Vec<Option<(String, Flags)>>,
    /// What `u` undoes, newest last: an answer (its details are in `session` and
    /// `undo_flags`) or a suspension (the item and the flags it had).
    undoable: Vec<Undoable>,
    /// The answer on screen was saved; the next key continues.
    answered: bool,
    pub leeches: Vec<String>,
}

const GRADES: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('1'), KeyCode::Char('h')],
        "1-4/hjkl",
        Action::Grade(Rating::Again),
        "grade",
        "Again: forgot it",
    ),
    Binding::new(
        &[KeyCode::Char('2'), KeyCode::Char('j')],
        "2",
        Action::Grade(Rating::Hard),
        "hard",
        "Hard: recalled with effort",
    )
    .help_only(),
    Binding::new(
        &[
            KeyCode::Char('3'),
            KeyCode::Char('k'),
            KeyCode::Char(' '),
            KeyCode::Enter,
        ],
        "3",
        Action::Grade(Rating::Good),
        "good",
        "Good: recalled",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::Char('4'), KeyCode::Char('l')],
        "4",
        Action::Grade(Rating::Easy),
        "easy",
        "Easy: instant recall",
    )
    .help_only(),
];
const CONTINUE: &[Binding] = &[Binding::new(
    &[KeyCode::Char(' '), KeyCode::Enter, KeyCode::Char('n')],
    "Space",
    Action::Continue,
    "next",
    "go on to the next item",
)];
const ALWAYS: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('u')],
        "u",
        Action::Undo,
        "undo",
        "undo the last answer (repeat for more)",
    ),
    Binding::new(
        &[KeyCode::Char('s')],
        "s",
        Action::Suspend,
        "suspend",
        "suspend this item (kubedrill unsuspend ID brings it back)",
    )
    .help_only(),
];
/// While typing a cloze answer the letters are text: undo is Ctrl-Z.
const TYPING: &[Binding] = &[Binding::new(
    &[KeyCode::Char('z')],
    "Ctrl-Z",
    Action::Undo,
    "undo",
    "undo, also while typing",
)
.with_ctrl()];

impl ReviewScreen {
    pub fn new(ctx: &Context, opts: ReviewOptions) -> Result<ReviewScreen, String> {
        let study = &ctx.study;
        if let Some(deck) = &opts.deck
            && study.library.deck(deck).is_none()
        {
            return Err(format!(
                "no deck with id {deck:?} (kubedrill decks lists them)"
            ));
        }
        let items: Vec<String> = study
            .items()
            .into_iter()
            .filter(|i| opts.deck.as_ref().is_none_or(|d| *d == i.deck))
            .filter(|i| {
                opts.tag.as_ref().is_none_or(|t| {
                    study
                        .library
                        .item_tags(&i.id)
                        .is_some_and(|tags| tags.contains(t))
                })
            })
            .map(|i| i.id)
            .collect();
        if opts.tag.is_some() && items.is_empty() {
            return Err(format!(
                "no item has the tag {:?}",
                opts.tag.as_deref().unwrap_or_default()
            ));
        }
        let suspended = study.suspended();
        let now = ctx.now_ms;
        let (queue, mode) = if opts.cram {
            (
                cram_queue(&study.states, &items, &suspended, now, &study.scheduler),
                Mode::Cram,
            )
        } else {
            (
                crate::srs::due_queue_decks(
                    &study.states,
                    &items,
                    &suspended,
                    now,
                    &study.introduced_today_by_deck(now),
                    study.scheduler.config(),
                    &study.scheduler,
                ),
                Mode::Review,
            )
        };
        let mut screen = ReviewScreen {
            opts,
            mode,
            session: Session::new(queue),
            asking: None,
            pending: None,
            undo_flags: Vec::new(),
            undoable: Vec::new(),
            answered: false,
            leeches: Vec::new(),
        };
        screen.show_current(ctx);
        Ok(screen)
    }

    pub fn is_cram(&self) -> bool {
        self.mode == Mode::Cram
    }

    pub fn done(&self) -> usize {
        self.session.answered_count()
    }

    pub fn remaining(&self) -> usize {
        self.session.remaining()
    }

    pub fn is_typing(&self) -> bool {
        !self.answered && self.asking.as_ref().is_some_and(Asking::is_typing)
    }

    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        let Some(asking) = &self.asking else {
            return vec![ALWAYS];
        };
        if self.answered {
            return vec![CONTINUE, question::AFTER, ALWAYS];
        }
        match asking.phase {
            question::Phase::Revealed => vec![GRADES, question::AFTER, ALWAYS],
            _ if asking.is_typing() => vec![asking.bindings(), TYPING],
            _ => vec![asking.bindings(), ALWAYS],
        }
    }

    /// Shows the session's current item (skipping ids no loaded deck has any more).
    fn show_current(&mut self, ctx: &Context) {
        self.answered = false;
        self.asking = None;
        // Learning cards that came due meanwhile go first (Anki's order).
        self.session.advance(&ctx.study.states, ctx.now_ms);
        while let Some(item) = self.session.current() {
            let seed = ctx.seed ^ hash(item);
            if let Some(q) = Question::for_item(&ctx.study.library, item, seed) {
                self.asking = Some(Asking::new(q, ctx.now_ms, true));
                return;
            }
            let item = item.to_owned();
            self.session.drop_item(&item);
        }
    }

    /// Next intervals for Again, Hard, Good, Easy of the item on screen.
    pub fn intervals(&self, ctx: &Context) -> Option<[i64; 4]> {
        let asking = self.asking.as_ref()?;
        let state = ctx
            .study
            .states
            .get(&asking.question.item)
            .cloned()
            .unwrap_or_default();
        Some(ctx.study.scheduler.next_intervals(&state, ctx.now_ms))
    }

    pub fn update(&mut self, action: &Action, ctx: &mut Context) -> Reply {
        match action {
            Action::Back => return Reply::leave(),
            Action::Saved(Saved::Recorded(id)) => return self.recorded(*id, ctx),
            Action::Saved(Saved::Undone) => {
                return Reply::status("undone: the answer was removed from the log");
            }
            Action::Saved(Saved::Flagged) => return Reply::none(),
            // The answer was not logged: it stays pending (the app keeps it for Ctrl-R), so
            // no second answer can be given meanwhile.
            Action::SaveFailed(_) => return Reply::none(),
            Action::StudyChanged(items) => {
                self.answered_elsewhere(items, ctx);
                return Reply::none();
            }
            // Waiting for a learning card: it shows by itself once it is due.
            Action::Tick if self.asking.is_none() => {
                self.session.advance(&ctx.study.states, ctx.now_ms);
                if self.session.current().is_some() {
                    self.show_current(ctx);
                }
                return Reply::none();
            }
            Action::Undo => return self.undo(ctx),
            Action::Suspend => return self.suspend(ctx),
            Action::Continue if self.answered => {
                self.show_current(ctx);
                return Reply::none();
            }
            Action::Grade(rating) => {
                if let Some(a) = &self.asking
                    && a.phase == question::Phase::Revealed
                    && !self.answered
                {
                    return self.record(*rating, None, ctx);
                }
                return Reply::none();
            }
            _ => {}
        }
        if self.answered {
            if let Some(a) = &mut self.asking {
                a.handle(action, ctx.gates);
            }
            return Reply::none();
        }
        let Some(asking) = &mut self.asking else {
            return Reply::none();
        };
        match asking.handle(action, ctx.gates) {
            Outcome::Answered(correct) => {
                self.record(Rating::from_correct(correct), Some(correct), ctx)
            }
            Outcome::Details(d) => Reply::details(*d),
            Outcome::Edit { draft, starter } => Reply::effect(Outcome::edit_effect(draft, starter)),
            _ => Reply::none(),
        }
    }

    /// Another kubedrill answered these items: they leave the queue, so no card is reviewed
    /// twice. The one on screen stays if it was already answered here.
    fn answered_elsewhere(&mut self, items: &[String], ctx: &Context) {
        let current = self.session.current().map(str::to_owned);
        let keep = (self.answered || self.pending.is_some())
            .then_some(current.clone())
            .flatten();
        for item in items {
            if keep.as_ref() != Some(item) {
                self.session.drop_item(item);
            }
        }
        if self.session.current().map(str::to_owned) != current {
            self.show_current(ctx);
        }
    }

    fn record(&mut self, rating: Rating, correct: Option<bool>, ctx: &Context) -> Reply {
        if self.pending.is_some() {
            return Reply::none();
        }
        let Some(asking) = &self.asking else {
            return Reply::none();
        };
        let item = asking.question.item.clone();
        let answer = asking.logged(rating, correct, self.mode, ctx.now_ms);
        // An answer that makes the item a leech suspends it, in the same transaction.
        let old_flags = ctx.study.flags.get(&item).copied().unwrap_or_default();
        let new_flags = ctx.study.leech_flags(&answer);
        self.pending = Some(Pending {
            answer: answer.clone(),
            new_flags,
            old_flags,
        });
        Reply::effect(Effect::Record {
            answer,
            flags: new_flags,
        })
    }

    fn recorded(&mut self, id: i64, ctx: &mut Context) -> Reply {
        let Some(pending) = self.pending.take() else {
            return Reply::none();
        };
        let study = &mut ctx.study;
        self.session
            .answered(id, &pending.answer, &mut study.states, &study.scheduler);
        study.answers.push(pending.answer.clone());
        let item = pending.answer.item.clone();
        let mut status = None;
        match pending.new_flags {
            Some(flags) => {
                study.flags.insert(item.clone(), flags);
                self.session.drop_item(&item);
                self.undo_flags
                    .push(Some((item.clone(), pending.old_flags)));
                self.leeches.push(item.clone());
                status = Some(format!(
                    "{} is a leech (forgotten {} times): suspended; kubedrill unsuspend brings it back",
                    inert(&item),
                    study.states.get(&item).map_or(0, |s| s.lapses)
                ));
            }
            None => self.undo_flags.push(None),
        }
        self.undoable.push(Undoable::Answer);
        let checked = pending.answer.correct.is_some();
        if checked {
            // The verdict stays on screen until the learner continues.
            self.answered = true;
        } else {
            self.show_current(ctx);
        }
        Reply {
            status,
            ..Reply::none()
        }
    }

    /// Undoes the last action, whatever it was: a suspension is lifted and its item comes
    /// back on screen; an answer is deleted from the log.
    fn undo(&mut self, ctx: &mut Context) -> Reply {
        if self.pending.is_some() {
            return Reply::none();
        }
        if let Some(Undoable::Suspend { item, before }) = self.undoable.last().cloned() {
            self.undoable.pop();
            if before == Flags::default() {
                ctx.study.flags.remove(&item);
            } else {
                ctx.study.flags.insert(item.clone(), before);
            }
            self.session.put_back(item.clone());
            self.show_current(ctx);
            return Reply {
                effects: vec![Effect::SetFlags {
                    item,
                    flags: before,
                }],
                status: Some("undone: the item is no longer suspended".into()),
                ..Reply::none()
            };
        }
        self.undoable.pop();
        let study = &mut ctx.study;
        let Some(id) = self.session.undo(&mut study.states) else {
            return Reply::status("nothing to undo in this session");
        };
        let restore = self.undo_flags.pop().flatten();
        if let Some((item, flags)) = &restore {
            if *flags == Flags::default() {
                study.flags.remove(item);
            } else {
                study.flags.insert(item.clone(), *flags);
            }
            self.leeches.retain(|l| l != item);
        }
        // The log is in time order; the undone answer is the newest one for its item.
        if let Some(item) = self.session.current()
            && let Some(pos) = study.answers.iter().rposition(|a| a.item == item)
        {
            study.answers.remove(pos);
        }
        self.show_current(ctx);
        Reply::effect(Effect::Undo { id, restore })
    }

    fn suspend(&mut self, ctx: &mut Context) -> Reply {
        if self.pending.is_some() || self.answered {
            return Reply::none();
        }
        let Some(asking) = &self.asking else {
            return Reply::none();
        };
        let item = asking.question.item.clone();
        let before = ctx.study.flags.get(&item).copied().unwrap_or_default();
        let flags = Flags {
            suspended: true,
            ..before
        };
        self.undoable.push(Undoable::Suspend {
            item: item.clone(),
            before,
        });
        ctx.study.flags.insert(item.clone(), flags);
        self.session.drop_item(&item);
        self.show_current(ctx);
        Reply {
            effects: vec![Effect::SetFlags {
                item: item.clone(),
                flags,
            }],
            // Short enough for 80 columns: the id is in the header the user just saw.
            status: Some("suspended · u brings it back now, `kubedrill unsuspend ID` later".into()),
            ..Reply::none()
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let [progress, body, grades] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(2),
        ])
        .areas(area);
        self.render_progress(progress, buf, theme);
        let Some(asking) = &self.asking else {
            self.render_finished(body, buf, ctx);
            return;
        };
        asking.render(body, buf, theme, ctx.gates);
        let line = if self.answered {
            let correct = matches!(asking.phase, question::Phase::Answered { correct: true });
            let state = ctx.study.states.get(&asking.question.item);
            let next = state.map(|s| describe_interval(s.due_ms - ctx.now_ms));
            let (word, style) = if correct {
                ("✓ right", theme.good())
            } else {
                ("✗ wrong", theme.bad())
            };
            Line::from(vec![
                Span::styled(word, style),
                Span::raw(match (self.mode, next) {
                    (Mode::Cram, _) => " · cram: the schedule does not move".to_owned(),
                    (_, Some(n)) => format!(" · next review in {n}"),
                    _ => String::new(),
                }),
            ])
        } else {
            self.grade_line(asking, ctx)
        };
        Paragraph::new(line)
            .wrap(Wrap { trim: true })
            .render(grades, buf);
    }

    /// Before grading: what each grade would schedule (flash cards), or what right and wrong
    /// would (checked kinds). Cram answers move nothing, so none are shown.
    fn grade_line(&self, asking: &Asking, ctx: &Context) -> Line<'static> {
        let theme = ctx.theme;
        if self.mode == Mode::Cram {
            return Line::styled(
                "cram: answers are logged but do not move the schedule",
                theme.dim(),
            );
        }
        let Some(iv) = self.intervals(ctx) else {
            return Line::raw("");
        };
        if asking.question.is_graded() {
            return Line::styled(
                format!(
                    "wrong → again in {} · right → next in {}",
                    describe_interval(iv[0]),
                    describe_interval(iv[2])
                ),
                theme.dim(),
            );
        }
        if asking.phase != question::Phase::Revealed {
            return Line::raw("");
        }
        let names = ["Again", "Hard", "Good", "Easy"];
        let mut spans = Vec::new();
        for (i, name) in names.iter().enumerate() {
            spans.push(Span::styled(format!("{} ", i + 1), theme.key()));
            spans.push(Span::raw(format!("{name} {}   ", describe_interval(iv[i]))));
        }
        Line::from(spans)
    }

    fn render_progress(&self, area: Rect, buf: &mut Buffer, theme: Theme) {
        let done = self.done();
        let total = done + self.remaining();
        let ratio = if total == 0 {
            1.0
        } else {
            done as f64 / total as f64
        };
        let what = if self.is_cram() { "Cram" } else { "Review" };
        let scope = match (&self.opts.deck, &self.opts.tag) {
            (Some(d), _) => format!(" · {}", inert(d)),
            (None, Some(t)) => format!(" · #{}", inert(t)),
            _ => String::new(),
        };
        // The words first, the bar after them: a label drawn over the bar ran into it.
        let label = format!("{what}{scope} · {done}/{total} done ");
        let width = u16::try_from(label.chars().count()).unwrap_or(u16::MAX);
        let [words, bar] =
            Layout::horizontal([Constraint::Length(width), Constraint::Fill(1)]).areas(area);
        Paragraph::new(Line::styled(label, theme.bold())).render(words, buf);
        Gauge::default()
            .gauge_style(theme.bar())
            .ratio(ratio)
            .label("")
            .use_unicode(true)
            .render(bar, buf);
    }

    fn render_finished(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let mut lines = vec![
            Line::raw(""),
            Line::styled(
                if self.done() == 0 {
                    if self.is_cram() {
                        "Nothing to cram yet: study some items first."
                    } else {
                        "Nothing is due now."
                    }
                } else {
                    "Done for now."
                },
                theme.title(),
            ),
            Line::raw(format!("{} answered in this session.", self.done())),
        ];
        // A learning card of this session comes back by itself: say when.
        if let Some(due) = self.session.next_due(&ctx.study.states) {
            lines.push(Line::styled(
                format!(
                    "A card you are learning comes back in {}: it shows here by itself.",
                    describe_interval(due - ctx.now_ms)
                ),
                theme.key(),
            ));
        }
        // Otherwise, when is the next item due (in this scope)?
        let next = ctx
            .study
            .states
            .iter()
            .filter(|(id, _)| !ctx.study.flags.get(*id).is_some_and(|f| f.suspended))
            .filter(|(id, _)| {
                self.opts
                    .deck
                    .as_ref()
                    .is_none_or(|d| id.starts_with(&format!("{d}/")))
            })
            .filter(|(_, s)| s.phase != Phase::New && s.due_ms > ctx.now_ms)
            .map(|(_, s)| s.due_ms)
            .min();
        if let Some(next) = next
            && !self.is_cram()
            && self.session.next_due(&ctx.study.states).is_none()
        {
            lines.push(Line::raw(format!(
                "The next item is due in {}.",
                describe_interval(next - ctx.now_ms)
            )));
        }
        if !self.leeches.is_empty() {
            lines.push(Line::styled(
                format!(
                    "{} leech(es) suspended: kubedrill leeches lists them.",
                    self.leeches.len()
                ),
                theme.warn(),
            ));
        }
        lines.push(Line::styled(
            "u undoes the last answer · q goes back",
            theme.dim(),
        ));
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .render(area, buf);
    }
}

/// A stable per-item number mixed into the seed, so each item's choices have their own order.
fn hash(item: &str) -> u64 {
    // FNV-1a: stable across runs and platforms (std's hasher is not).
    item.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}
