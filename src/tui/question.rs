//! Answering one question, shared by review, quiz and lessons: the input keys for each prompt
//! kind, the learner's answer so far, the verdict, and drawing all of it.

use super::action::Action;
use super::keymap::Binding;
use super::manifest_view::{ManifestState, manifest_lines};
use super::node_details::NodeDetails;
use super::placement_view::{node_facts, node_lines, yaml_lines};
use super::scroll::Scroll;
use super::text::inert_lines;
use super::theme::Theme;
use crate::exercise::drill::{Graded, ManifestProblem};
use crate::exercise::{PlacementGrade, Prompt, Question, Response, grade_placement, grade_write};
use crate::placement::FeatureGates;
use crate::srs::{Answer, Mode, Rating};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Open,
    /// A flash card's back is showing; the owner asks for a grade.
    Revealed,
    /// A typed answer is a near miss of the expected one (a typo in a long word): the
    /// difference is shown and the learner says whether it counts.
    NearMiss {
        expected: String,
    },
    /// A graded prompt was answered.
    Answered {
        correct: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Asking {
    pub question: Question,
    pub phase: Phase,
    pub picked: BTreeSet<usize>,
    pub typed: String,
    pub marked: BTreeSet<String>,
    pub cursor: usize,
    /// The question and its answer scroll: a long one is never cut.
    pub scroll: Scroll,
    pub show_explain: bool,
    /// When the question appeared: the answer's duration is measured from here.
    pub shown_at_ms: i64,
    /// Show ✓/✗ right after answering (off for exam-style quizzes).
    pub verdicts: bool,
    pub grade: Option<PlacementGrade>,
    pub response: Option<Response>,
    /// A write card: the manifest as last saved, where, and why it was refused or how it did.
    pub written: Option<WrittenManifest>,
}

#[derive(Debug, Clone, Default)]
pub struct WrittenManifest {
    pub text: Option<String>,
    pub path: Option<String>,
    pub problems: Vec<ManifestProblem>,
    pub graded: Option<Graded>,
    /// The editor could not be opened, or the draft read.
    pub failed: Option<String>,
}

/// What an action did to the question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Nothing,
    Changed,
    /// A graded prompt was answered.
    Answered(bool),
    /// Show this node in full (`d` on a placement question).
    Details(Box<NodeDetails>),
    /// Open the learner's editor on this draft (a write card): `Effect::EditManifest`'s
    /// draft name and starting text.
    Edit {
        draft: String,
        starter: String,
    },
}

impl Outcome {
    /// The effect an `Edit` asks the loop for.
    pub fn edit_effect(draft: String, starter: String) -> super::action::Effect {
        super::action::Effect::EditManifest { draft, starter }
    }
}

const CHOICE: &[Binding] = &[
    Binding::digits("1-9", "pick", "select a choice (several for multi-answer)"),
    Binding::new(
        &[KeyCode::Enter],
        "Enter",
        Action::Submit,
        "submit",
        "submit the selected choices",
    ),
];
const TRUE_FALSE: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('t')],
        "t",
        Action::Say(true),
        "true",
        "answer true",
    ),
    Binding::new(
        &[KeyCode::Char('f')],
        "f",
        Action::Say(false),
        "false",
        "answer false",
    ),
];
const CLOZE: &[Binding] = &[
    Binding::new(
        &[KeyCode::Enter],
        "Enter",
        Action::Submit,
        "check",
        "check the typed answer",
    ),
    Binding::new(
        &[KeyCode::Backspace],
        "Bksp",
        Action::Erase,
        "erase",
        "erase a character",
    )
    .help_only(),
    Binding::text(
        "type",
        "answer",
        "type the missing text (case and spaces are forgiven)",
    ),
];
const PLACEMENT: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('j'), KeyCode::Down],
        "j/k",
        Action::Down,
        "move",
        "move between nodes",
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
        &[KeyCode::Char(' ')],
        "Space",
        Action::ToggleNode,
        "mark",
        "mark or unmark the node: it gets a pod",
    ),
    Binding::new(
        &[KeyCode::Enter],
        "Enter",
        Action::Submit,
        "check",
        "check the marked nodes",
    ),
    super::node_details::OPEN,
    Binding::new(
        &[KeyCode::PageDown],
        "PgDn/PgUp",
        Action::PageDown,
        "scroll",
        "scroll the DaemonSet YAML",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::PageUp],
        "PgUp",
        Action::PageUp,
        "scroll up",
        "scroll the YAML up",
    )
    .help_only(),
];
const WRITE: &[Binding] = &[
    super::keymap::EDIT_MANIFEST,
    Binding::new(
        &[KeyCode::PageDown],
        "PgDn/PgUp",
        Action::PageDown,
        "scroll",
        "scroll the goal, the cluster and the manifest",
    ),
    super::keymap::PAGE_UP,
];
const FLASH: &[Binding] = &[Binding::new(
    &[KeyCode::Char(' '), KeyCode::Enter],
    "Space",
    Action::Reveal,
    "reveal",
    "show the answer",
)];
/// Once answered: read the explanation and scroll.
/// A near miss: the learner says whether the typo counts.
const NEAR_MISS: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('y')],
        "y",
        Action::Say(true),
        "counts",
        "it was a typo: count the answer right",
    ),
    Binding::new(
        &[KeyCode::Char('n')],
        "n",
        Action::Say(false),
        "wrong",
        "count the answer wrong",
    ),
];

pub const AFTER: &[Binding] = &[
    Binding::new(
        &[KeyCode::Char('e')],
        "e",
        Action::Explain,
        "explain",
        "show or hide the explanation and its source",
    ),
    Binding::new(
        &[KeyCode::PageDown, KeyCode::Char('J')],
        "PgDn/PgUp",
        Action::PageDown,
        "scroll",
        "scroll the card",
    )
    .help_only(),
    Binding::new(
        &[KeyCode::PageUp, KeyCode::Char('K')],
        "PgUp",
        Action::PageUp,
        "scroll up",
        "scroll up",
    )
    .help_only(),
];

impl Asking {
    pub fn new(question: Question, now_ms: i64, verdicts: bool) -> Asking {
        Asking {
            question,
            phase: Phase::Open,
            picked: BTreeSet::new(),
            typed: String::new(),
            marked: BTreeSet::new(),
            cursor: 0,
            scroll: Scroll::default(),
            show_explain: false,
            shown_at_ms: now_ms,
            verdicts,
            grade: None,
            response: None,
            written: None,
        }
    }

    /// The answer to log for this question, given now: the time since it was shown is the
    /// answer's duration.
    pub fn logged(&self, rating: Rating, correct: Option<bool>, mode: Mode, now_ms: i64) -> Answer {
        Answer {
            item: self.question.item.clone(),
            at_ms: now_ms,
            rating,
            duration_ms: (now_ms - self.shown_at_ms).max(0),
            mode,
            correct,
        }
    }

    /// Is the learner typing (so letters are text, not commands)?
    pub fn is_typing(&self) -> bool {
        self.phase == Phase::Open && matches!(self.question.prompt, Prompt::Cloze { .. })
    }

    /// The input keys while the question is open; `AFTER` once answered.
    pub fn bindings(&self) -> &'static [Binding] {
        match (&self.phase, &self.question.prompt) {
            (Phase::Open, Prompt::Flash { .. }) => FLASH,
            (Phase::Open, Prompt::Choice { .. }) => CHOICE,
            (Phase::Open, Prompt::TrueFalse { .. }) => TRUE_FALSE,
            (Phase::Open, Prompt::Cloze { .. }) => CLOZE,
            (Phase::Open, Prompt::Placement(_)) => PLACEMENT,
            (Phase::Open, Prompt::Write(_)) => WRITE,
            (Phase::NearMiss { .. }, _) => NEAR_MISS,
            _ => AFTER,
        }
    }

    pub fn handle(&mut self, action: &Action, gates: FeatureGates) -> Outcome {
        match (action, &self.phase) {
            (Action::PageDown, _) => {
                self.scroll.page_down();
                Outcome::Changed
            }
            (Action::PageUp, _) => {
                self.scroll.page_up();
                Outcome::Changed
            }
            (Action::Wheel(down), _) => {
                self.scroll.wheel(*down);
                Outcome::Changed
            }
            (Action::Details, Phase::Open) => match &self.question.prompt {
                Prompt::Placement(card) => match card.nodes.get(self.cursor) {
                    Some(node) => Outcome::Details(Box::new(NodeDetails::new(
                        node,
                        Some(&card.daemonset),
                        None,
                    ))),
                    None => Outcome::Nothing,
                },
                _ => Outcome::Nothing,
            },
            (Action::Explain, Phase::Answered { .. } | Phase::Revealed) => {
                self.show_explain = !self.show_explain;
                Outcome::Changed
            }
            (Action::Reveal, Phase::Open) if !self.question.is_graded() => {
                self.phase = Phase::Revealed;
                Outcome::Changed
            }
            (Action::Pick(n), Phase::Open) => {
                let Prompt::Choice { choices, multi, .. } = &self.question.prompt else {
                    return Outcome::Nothing;
                };
                if *n >= choices.len() {
                    return Outcome::Nothing;
                }
                if !self.picked.remove(n) {
                    if !multi {
                        self.picked.clear();
                    }
                    self.picked.insert(*n);
                }
                Outcome::Changed
            }
            (Action::Say(said), Phase::Open) => self.answer(Response::Said(*said), gates),
            // The learner judged the near miss: their verdict is the grade.
            (Action::Say(counts), Phase::NearMiss { .. }) => {
                self.response = Some(Response::Typed(self.typed.clone()));
                self.phase = Phase::Answered { correct: *counts };
                self.scroll.reset();
                self.show_explain = self.verdicts;
                Outcome::Answered(*counts)
            }
            (Action::Type(c), Phase::Open) if self.is_typing() => {
                self.typed.push(*c);
                Outcome::Changed
            }
            (Action::Erase, Phase::Open) => {
                self.typed.pop();
                Outcome::Changed
            }
            (Action::Up, Phase::Open) => {
                self.cursor = self.cursor.saturating_sub(1);
                Outcome::Changed
            }
            (Action::Down, Phase::Open) => {
                if let Prompt::Placement(card) = &self.question.prompt {
                    self.cursor = (self.cursor + 1).min(card.nodes.len().saturating_sub(1));
                }
                Outcome::Changed
            }
            (Action::ToggleNode, Phase::Open) => {
                if let Prompt::Placement(card) = &self.question.prompt
                    && let Some(node) = card.nodes.get(self.cursor)
                {
                    let name = node.name().to_owned();
                    if !self.marked.remove(&name) {
                        self.marked.insert(name);
                    }
                }
                Outcome::Changed
            }
            (Action::EditManifest, Phase::Open) => match &self.question.prompt {
                Prompt::Write(card) => Outcome::Edit {
                    // One draft per card: `e` again reopens the learner's last version.
                    draft: format!("card-{}", self.question.item.replace(['/', '#'], "-")),
                    starter: card.starter.clone(),
                },
                _ => Outcome::Nothing,
            },
            (Action::Edited(edited), Phase::Open) => {
                let Prompt::Write(card) = &self.question.prompt else {
                    return Outcome::Nothing;
                };
                let written = self.written.get_or_insert_with(WrittenManifest::default);
                let draft = match edited {
                    Ok(draft) => draft,
                    Err(message) => {
                        written.failed = Some(message.clone());
                        return Outcome::Changed;
                    }
                };
                written.failed = None;
                written.text = Some(draft.text.clone());
                written.path = Some(draft.path.clone());
                match grade_write(card, &draft.text) {
                    // Refused: not an answer yet; the learner sees why and edits again.
                    Err(problems) => {
                        written.problems = problems;
                        written.graded = None;
                        self.scroll.reset();
                        Outcome::Changed
                    }
                    Ok(graded) => {
                        written.problems.clear();
                        written.graded = Some(graded);
                        self.answer(Response::Manifest(draft.text.clone()), gates)
                    }
                }
            }
            (Action::Submit, Phase::Open) => match &self.question.prompt {
                Prompt::Choice { .. } if self.picked.is_empty() => Outcome::Nothing,
                Prompt::Choice { .. } => self.answer(Response::Picked(self.picked.clone()), gates),
                Prompt::Cloze { .. } if self.typed.trim().is_empty() => Outcome::Nothing,
                Prompt::Cloze { gaps, gap, .. } => {
                    let gap = &gaps[*gap];
                    let right = crate::deck::matches_gap(gap, &self.typed);
                    match crate::deck::near_miss(gap, &self.typed) {
                        // An exam shows no verdict, so it cannot ask either: there a near
                        // miss is wrong, as it would be on paper.
                        Some(expected) if !right && self.verdicts => {
                            self.phase = Phase::NearMiss {
                                expected: expected.to_owned(),
                            };
                            Outcome::Changed
                        }
                        _ => self.answer(Response::Typed(self.typed.clone()), gates),
                    }
                }
                Prompt::Placement(card) => {
                    self.grade = Some(grade_placement(card, &self.marked, gates));
                    self.answer(Response::Marked(self.marked.clone()), gates)
                }
                _ => Outcome::Nothing,
            },
            _ => Outcome::Nothing,
        }
    }

    fn answer(&mut self, response: Response, gates: FeatureGates) -> Outcome {
        let Some(correct) = self.question.grade(&response, gates) else {
            return Outcome::Nothing;
        };
        self.response = Some(response);
        self.phase = Phase::Answered { correct };
        self.scroll.reset();
        // The verdict comes with its explanation (`e` hides it); an exam shows neither yet.
        self.show_explain = self.verdicts;
        Outcome::Answered(correct)
    }

    /// The lines of the question, its input and (when shown) verdict and explanation.
    pub fn lines(&self, width: usize, theme: Theme, gates: FeatureGates) -> Vec<Line<'static>> {
        let mut out: Vec<Line<'static>> = Vec::new();
        let verdict_shown = self.verdicts && matches!(self.phase, Phase::Answered { .. });
        match &self.question.prompt {
            Prompt::Flash { front, back } => {
                out.extend(inert_lines(front).into_iter().map(Line::from));
                if self.phase == Phase::Revealed {
                    out.push(Line::styled("─".repeat(width.min(60)), theme.dim()));
                    out.extend(
                        inert_lines(back)
                            .into_iter()
                            .map(|l| Line::styled(l, theme.accent())),
                    );
                }
            }
            Prompt::Choice {
                prompt,
                choices,
                answers,
                multi,
                ..
            } => {
                out.extend(inert_lines(prompt).into_iter().map(Line::from));
                if *multi {
                    out.push(Line::styled(
                        format!("(pick {} — every right choice)", answers.len()),
                        theme.dim(),
                    ));
                }
                out.push(Line::raw(""));
                for (i, choice) in choices.iter().enumerate() {
                    let picked = self.picked.contains(&i);
                    let right = answers.contains(&i);
                    // Each by its own symbol, so the verdict reads without colour too.
                    let mark = match (verdict_shown, right, picked) {
                        (true, true, true) => Span::styled("✓ ", theme.good()),
                        (true, false, true) => Span::styled("✗ ", theme.bad()),
                        (true, true, false) => Span::styled("→ ", theme.bad()),
                        _ => Span::raw("  "),
                    };
                    let box_ = if picked { "[x]" } else { "[ ]" };
                    let style = if picked {
                        theme.bold()
                    } else {
                        ratatui::style::Style::new()
                    };
                    let text = inert_lines(choice).join(" ");
                    out.push(Line::from(vec![
                        mark,
                        Span::styled(format!("{} ", i + 1), theme.key()),
                        Span::raw(format!("{box_} ")),
                        Span::styled(text, style),
                    ]));
                }
                if verdict_shown {
                    out.push(Line::styled(
                        "✓ picked and right · ✗ picked but wrong · → right but not picked",
                        theme.dim(),
                    ));
                }
            }
            Prompt::TrueFalse {
                statement, answer, ..
            } => {
                out.push(Line::styled("True or false?", theme.dim()));
                out.extend(inert_lines(statement).into_iter().map(Line::from));
                if let Some(Response::Said(said)) = &self.response {
                    out.push(Line::raw(""));
                    let you = format!("you said {}", if *said { "true" } else { "false" });
                    if verdict_shown {
                        let (mark, style) = if said == answer {
                            ("✓", theme.good())
                        } else {
                            ("✗", theme.bad())
                        };
                        out.push(Line::styled(
                            format!(
                                "{mark} {you}; it is {}",
                                if *answer { "true" } else { "false" }
                            ),
                            style,
                        ));
                    } else {
                        out.push(Line::raw(you));
                    }
                }
            }
            Prompt::Cloze {
                text, gaps, gap, ..
            } => {
                // Other gaps are shown filled in; the asked one is a blank.
                let mut shown = String::new();
                let mut at = 0;
                for (i, g) in gaps.iter().enumerate() {
                    shown.push_str(&text[at..g.span.start]);
                    if i == *gap {
                        // No spaces inside: a wrapped line never splits the blank.
                        shown.push_str("[______]");
                    } else {
                        shown.push_str(&g.answer);
                    }
                    at = g.span.end;
                }
                shown.push_str(&text[at..]);
                out.extend(inert_lines(&shown).into_iter().map(Line::from));
                out.push(Line::raw(""));
                let typed = super::text::inert(&self.typed);
                let cursor = if self.phase == Phase::Open { "▏" } else { "" };
                out.push(Line::from(vec![
                    Span::styled("answer: ", theme.dim()),
                    Span::styled(format!("{typed}{cursor}"), theme.bold()),
                ]));
                if let Phase::NearMiss { expected } = &self.phase {
                    let (typed, want, marks) = crate::deck::align(&self.typed, expected);
                    out.push(Line::styled(
                        "almost: one or two characters differ",
                        theme.warn(),
                    ));
                    out.push(Line::raw(format!(
                        "you typed  {}",
                        super::text::inert(&typed)
                    )));
                    out.push(Line::raw(format!(
                        "expected   {}",
                        super::text::inert(&want)
                    )));
                    out.push(Line::styled(format!("           {marks}"), theme.bad()));
                    out.push(Line::styled(
                        "a typo? y counts it right, n counts it wrong",
                        theme.key(),
                    ));
                }
                if verdict_shown {
                    let right = matches!(self.phase, Phase::Answered { correct: true });
                    out.push(if right {
                        Line::styled(format!("✓ right: {}", gaps[*gap].answer), theme.good())
                    } else {
                        Line::styled(format!("✗ expected: {}", gaps[*gap].answer), theme.bad())
                    });
                }
            }
            Prompt::Placement(card) => {
                out.extend(inert_lines(&card.prompt).into_iter().map(Line::from));
                out.push(Line::styled(
                    "Mark every node that gets a pod of this DaemonSet:",
                    theme.dim(),
                ));
                let cursor = (self.phase == Phase::Open).then_some(self.cursor);
                let grade = if verdict_shown {
                    self.grade.as_ref()
                } else {
                    None
                };
                out.extend(node_lines(
                    &card.nodes,
                    &card.daemonset,
                    &self.marked,
                    cursor,
                    grade,
                    width,
                    theme,
                ));
                out.push(Line::styled("─".repeat(width.min(60)), theme.dim()));
                out.extend(yaml_lines(&card.daemonset_yaml, theme));
            }
            Prompt::Write(card) => self.write_lines(card, &mut out, width, theme, verdict_shown),
        }
        if self.show_explain && (verdict_shown || self.phase == Phase::Revealed) {
            out.push(Line::raw(""));
            if let Phase::Answered { .. } = self.phase
                && !matches!(self.question.prompt, Prompt::Cloze { .. })
            {
                out.push(Line::styled(
                    format!("answer: {}", self.question.answer_text(gates)),
                    theme.good(),
                ));
            }
            out.extend(
                inert_lines(self.question.explanation())
                    .into_iter()
                    .map(|l| Line::styled(l, theme.accent())),
            );
            if let Some(src) = &self.question.source {
                out.push(Line::styled(
                    format!(
                        "source: {}",
                        super::text::inert(&crate::deck::describe_source(src))
                    ),
                    theme.dim(),
                ));
            }
        } else if verdict_shown && !self.question.explanation().is_empty() {
            out.push(Line::styled("e: explanation", theme.dim()));
        }
        out
    }

    /// A write card: the goal, the cluster one node a line, the manifest row with its refusal
    /// or (when shown) the verdict per cluster, and the manifest as it stands.
    fn write_lines(
        &self,
        card: &crate::deck::WriteCard,
        out: &mut Vec<Line<'static>>,
        width: usize,
        theme: Theme,
        verdict_shown: bool,
    ) {
        out.extend(inert_lines(&card.prompt).into_iter().map(Line::from));
        out.push(Line::raw(""));
        if let Some(shown) = card.clusters.first() {
            out.push(Line::styled("The cluster:", theme.dim()));
            // No DaemonSet's labels first: which labels matter is the question.
            let none = crate::placement::objects::DaemonSet::default();
            let name_w = shown
                .nodes
                .iter()
                .map(|n| n.name().chars().count())
                .max()
                .unwrap_or(4);
            // A node's facts fill rows under its name column, so a wrapped taint or label is
            // never read as another node's name.
            // When a fact is too long for the room beside the names (a long taint on a narrow
            // screen), each node's facts go on the rows under its name instead.
            let facts: Vec<Vec<String>> =
                shown.nodes.iter().map(|n| node_facts(n, &none)).collect();
            let longest = facts.iter().flatten().map(|f| f.chars().count()).max();
            let beside = longest.is_none_or(|l| l + name_w + 4 <= width);
            let gutter = if beside { name_w + 4 } else { 4 };
            let room = width.saturating_sub(gutter).max(20);
            for (node, facts) in shown.nodes.iter().zip(facts) {
                let mut rows: Vec<String> = vec![String::new()];
                if !beside {
                    out.push(Line::styled(
                        format!("  {}", super::text::inert(node.name())),
                        theme.bold(),
                    ));
                }
                for fact in facts {
                    let row = rows.last_mut().expect("one row at least");
                    if !row.is_empty() && row.chars().count() + 2 + fact.chars().count() > room {
                        rows.push(fact);
                    } else {
                        if !row.is_empty() {
                            row.push_str("  ");
                        }
                        row.push_str(&fact);
                    }
                }
                for (i, row) in rows.into_iter().enumerate() {
                    if !beside {
                        out.push(Line::from(vec![
                            Span::raw("    "),
                            Span::styled(row, theme.dim()),
                        ]));
                        continue;
                    }
                    let name = if i == 0 {
                        super::text::inert(node.name())
                    } else {
                        String::new()
                    };
                    out.push(Line::from(vec![
                        Span::styled(format!("  {name:<name_w$}  "), theme.bold()),
                        Span::styled(row, theme.dim()),
                    ]));
                }
            }
            out.push(Line::raw(""));
        }
        let written = self.written.clone().unwrap_or_default();
        let state = ManifestState {
            clusters: card
                .clusters
                .iter()
                .map(|c| (c.name.as_str(), c.about.as_str()))
                .collect(),
            given: written.text.as_deref(),
            draft: written.path.as_deref(),
            problems: &written.problems,
            graded: written.graded.as_ref().filter(|_| verdict_shown),
        };
        out.extend(manifest_lines(&state, width, theme));
        if let Some(failed) = &written.failed {
            out.push(Line::styled(super::text::inert(failed), theme.bad()));
        }
        let (title, yaml) = match &written.text {
            Some(text) => ("your manifest as saved", text.as_str()),
            None => ("the manifest to start from", card.starter.as_str()),
        };
        out.push(Line::raw(""));
        out.push(Line::styled(format!("─── {title} ───"), theme.dim()));
        out.extend(yaml_lines(yaml, theme));
    }

    /// Draws the question in a bordered box titled with its deck, and once answered its item id.
    pub fn render(&self, area: Rect, buf: &mut Buffer, theme: Theme, gates: FeatureGates) {
        // An id often names its answer (`stable-identity-workload`, `kube-proxy-linux-selector`),
        // so it is shown only once the question is answered or revealed. Then it is shown
        // whole (it is what `kubedrill unsuspend` takes); the deck's title gives way when both
        // do not fit.
        let deck_only = matches!(self.phase, Phase::Open | Phase::NearMiss { .. });
        if deck_only {
            let deck = super::text::clip(
                &super::text::inert(&self.question.deck_title),
                usize::from(area.width).saturating_sub(4).max(1),
            );
            let block = Block::default()
                .borders(Borders::TOP)
                .title(Span::styled(format!(" {deck} "), theme.dim()));
            let inner = block.inner(area);
            block.render(area, buf);
            self.scroll.render_text(
                &self.lines(inner.width as usize, theme, gates),
                inner,
                buf,
                theme,
            );
            return;
        }
        let item = super::text::inert(&self.question.item);
        let room = usize::from(area.width)
            .saturating_sub(item.chars().count() + 6)
            .max(1);
        let deck = super::text::clip(&super::text::inert(&self.question.deck_title), room);
        let block = Block::default()
            .borders(Borders::TOP)
            .title(Span::styled(format!(" {deck} · {item} "), theme.dim()));
        let inner = block.inner(area);
        block.render(area, buf);
        let [body] = Layout::vertical([Constraint::Fill(1)]).areas(inner);
        self.scroll.render_text(
            &self.lines(body.width as usize, theme, gates),
            body,
            buf,
            theme,
        );
    }
}
