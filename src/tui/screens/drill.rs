//! Drill: a generated cluster and DaemonSet; the learner answers per node (or per number), the
//! engine grades each with its rule and reason, and the result is logged per rule. `n` draws
//! the next drill; the seed is shown so any drill can be replayed.

use super::drill_keys::{ANSWERING, CHECKED, DETAILS, WRITING, WRITTEN};
use crate::exercise::drill::{
    Answer, Difficulty, Drill, DrillError, DrillKind, Graded, ItemResult, ManifestProblem,
    Question, Row, RowInput, RowValue, RuleKey,
};
use crate::placement::objects::Node;
use crate::stats::{rule_accuracy, weakest_rule};
use crate::store::DrillResult;
use crate::tui::action::{Action, Effect, Saved};
use crate::tui::app::{Context, Reply};
use crate::tui::keymap::{self, Binding};
use crate::tui::manifest_view::{ManifestState, manifest_lines};
use crate::tui::node_details::NodeDetails;
use crate::tui::placement_view::{node_summary, yaml_lines};
use crate::tui::scroll::{Scroll, wrap};
use crate::tui::text::{clip, inert};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};

#[derive(Debug, Clone)]
pub struct DrillOptions {
    pub difficulty: Difficulty,
    /// A fixed kind, or `None` for the kinds in turn.
    pub kind: Option<DrillKind>,
    pub seed: u64,
    /// A rule the drills are biased toward.
    pub focus: Option<RuleKey>,
}

impl Default for DrillOptions {
    fn default() -> DrillOptions {
        DrillOptions {
            difficulty: Difficulty::Medium,
            kind: None,
            seed: 0,
            focus: None,
        }
    }
}

impl DrillOptions {
    /// The kind of the `n`-th drill of a session.
    pub fn kind_for(&self, n: u64) -> DrillKind {
        self.kind.unwrap_or_else(|| {
            let all = DrillKind::ALL;
            all[((self.seed % all.len() as u64 + n) % all.len() as u64) as usize]
        })
    }

    /// The seed of the `n`-th drill of a session (the first is the given seed).
    pub fn seed_for(&self, n: u64) -> u64 {
        self.seed.wrapping_add(n)
    }
}

pub struct DrillScreen {
    pub opts: DrillOptions,
    /// How many drills this session has drawn before the current one.
    pub index: u64,
    pub drill: Drill,
    /// The rows answered: a node or a sub-question (`maxSurge`), with what each takes.
    pub rows: Vec<Row>,
    /// The learner's answer per row.
    pub given: Vec<RowValue>,
    pub cursor: usize,
    pub graded: Option<Graded>,
    /// Items right and items asked, and drills checked, in this session.
    pub session: (u32, u32, u32),
    /// The question, rows, verdicts and manifests scroll together; nothing is cut.
    scroll: Scroll,
    /// Enter was pressed with nothing answered, and the screen asked to be sure.
    confirm_empty: bool,
    pending: Option<DrillResult>,
    /// The DaemonSet as YAML, written once per drill rather than on every frame (write and
    /// fix: the starting manifest, then the learner's last saved version).
    yaml: String,
    /// Write and fix: why the API server would refuse the last saved manifest.
    problems: Vec<ManifestProblem>,
    /// Write and fix: the draft's file, once the editor has opened it.
    draft_path: Option<String>,
}

impl DrillScreen {
    pub fn new(opts: DrillOptions) -> DrillScreen {
        let drill = Drill::generate(
            opts.seed_for(0),
            opts.difficulty,
            opts.kind_for(0),
            opts.focus,
        );
        let mut screen = DrillScreen {
            opts,
            index: 0,
            rows: Vec::new(),
            given: Vec::new(),
            drill,
            cursor: 0,
            graded: None,
            session: (0, 0, 0),
            scroll: Scroll::default(),
            confirm_empty: false,
            pending: None,
            yaml: String::new(),
            problems: Vec::new(),
            draft_path: None,
        };
        screen.start_drill();
        screen
    }

    /// Sets up the rows, the answers and the YAML for the drill just drawn.
    fn start_drill(&mut self) {
        self.rows = self.drill.rows();
        self.given = vec![RowValue::Empty; self.rows.len()];
        self.yaml = match self.drill.task() {
            Some(task) => task.starter.clone(),
            None => self.drill.daemonset_yaml(),
        };
        self.problems.clear();
        self.draft_path = None;
        self.cursor = 0;
        self.graded = None;
        self.scroll.reset();
        self.confirm_empty = false;
    }

    fn row_input(&self, row: usize) -> Option<RowInput> {
        self.rows.get(row).map(|r| r.input)
    }

    pub fn bindings(&self) -> Vec<&'static [Binding]> {
        if self.drill.task().is_some() {
            let table = if self.graded.is_some() {
                WRITTEN
            } else {
                WRITING
            };
            return vec![table, keymap::PAGING];
        }
        if self.graded.is_some() {
            vec![CHECKED, keymap::PAGING]
        } else if self.node_rows() {
            vec![ANSWERING, DETAILS, keymap::PAGING]
        } else {
            vec![ANSWERING, keymap::PAGING]
        }
    }

    /// Are the rows nodes (so `d` can show one in full)?
    fn node_rows(&self) -> bool {
        match &self.drill.question {
            Question::Predict(_) | Question::Events(_) | Question::Scheduler(_) => true,
            Question::Rollout(_) | Question::Status(_) | Question::Write(_) | Question::Fix(_) => {
                false
            }
        }
    }

    /// The nodes as the question has them now (an events drill's after its events).
    fn nodes(&self) -> Vec<&Node> {
        match &self.drill.question {
            Question::Events(q) => q.after_nodes.iter().collect(),
            _ => self.drill.nodes.iter().collect(),
        }
    }

    /// Did the node have a pod of the DaemonSet, where the question says (events: before
    /// them; status: now)?
    fn had_pod(&self, name: &str) -> Option<bool> {
        match &self.drill.question {
            Question::Events(q) => Some(q.before_pods.contains(name)),
            Question::Status(q) => Some(q.pods.contains(name)),
            _ => None,
        }
    }

    /// The cursor's node in full.
    fn details(&self) -> Reply {
        let row = self.rows.get(self.cursor).map(|r| r.id.as_str());
        match self.nodes().into_iter().find(|n| Some(n.name()) == row) {
            Some(node) if self.node_rows() => Reply::details(NodeDetails::new(
                node,
                Some(&self.drill.daemonset),
                self.had_pod(node.name()),
            )),
            _ => Reply::none(),
        }
    }

    pub fn update(&mut self, action: &Action, ctx: &mut Context) -> Reply {
        // The question "check an empty answer?" holds only for the very next Enter.
        if !matches!(
            action,
            Action::Submit | Action::Tick | Action::Saved(_) | Action::SaveFailed(_)
        ) {
            self.confirm_empty = false;
        }
        match action {
            Action::Back => return Reply::leave(),
            Action::Saved(Saved::DrillSaved) => {
                if let Some(result) = self.pending.take() {
                    ctx.study.drills.push(result);
                }
                return Reply::none();
            }
            // Not saved: it stays pending for the app's retry (Ctrl-R).
            Action::SaveFailed(_) => return Reply::none(),
            Action::FocusWeakest => return self.toggle_focus(ctx),
            Action::PageDown => self.scroll.page_down(),
            Action::PageUp => self.scroll.page_up(),
            Action::Wheel(down) => self.scroll.wheel(*down),
            Action::Details if self.graded.is_none() => return self.details(),
            Action::EditManifest => return self.edit(),
            Action::Edited(Ok(draft)) => {
                self.draft_path = Some(draft.path.clone());
                self.yaml.clone_from(&draft.text);
                if let Some(value) = self.given.first_mut() {
                    *value = RowValue::Manifest(draft.text.clone());
                }
                self.graded = None;
                return self.check(ctx);
            }
            Action::Edited(Err(message)) => return Reply::status(message.clone()),
            Action::Next if self.graded.is_some() => {
                self.index += 1;
                self.drill = Drill::generate(
                    self.opts.seed_for(self.index),
                    self.opts.difficulty,
                    self.opts.kind_for(self.index),
                    self.opts.focus,
                );
                self.start_drill();
            }
            _ if self.graded.is_some() => {}
            Action::Down => {
                self.cursor = (self.cursor + 1).min(self.rows.len().saturating_sub(1));
                self.scroll.follow();
            }
            Action::Up => {
                self.cursor = self.cursor.saturating_sub(1);
                self.scroll.follow();
            }
            Action::ToggleNode => {
                let input = self.row_input(self.cursor);
                let Some(value) = self.given.get_mut(self.cursor) else {
                    return Reply::none();
                };
                match input {
                    Some(RowInput::Mark) => {
                        *value = if value.is_empty() {
                            RowValue::Marked
                        } else {
                            RowValue::Empty
                        }
                    }
                    Some(RowInput::Choice(options)) => {
                        let next = match value {
                            RowValue::Choice(i) => (*i + 1) % options.len(),
                            _ => 0,
                        };
                        *value = RowValue::Choice(next);
                    }
                    Some(RowInput::Number | RowInput::Manifest) | None => {}
                }
            }
            Action::Type(c) => {
                if self.row_input(self.cursor) == Some(RowInput::Number)
                    && let Some(value) = self.given.get_mut(self.cursor)
                    && let Some(digit) = c.to_digit(10)
                {
                    let now = match value {
                        RowValue::Number(n) => *n,
                        _ => 0,
                    };
                    // Six digits at most, as before: no count in a drill comes near it.
                    if now < 100_000 {
                        *value = RowValue::Number(now * 10 + digit);
                    }
                }
            }
            Action::Erase => {
                if let Some(value) = self.given.get_mut(self.cursor) {
                    *value = match value {
                        RowValue::Number(n) if *n >= 10 => RowValue::Number(*n / 10),
                        _ => RowValue::Empty,
                    };
                }
            }
            Action::Submit if self.drill.task().is_some() && self.given[0].is_empty() => {
                return Reply::status("nothing written yet: e opens the manifest in your editor");
            }
            Action::Submit if self.given.iter().all(RowValue::is_empty) && !self.confirm_empty => {
                // An empty answer is almost always Enter pressed too soon; it would log every
                // row as missed in the per-rule stats. Asked once.
                self.confirm_empty = true;
                return Reply::status(if self.row_input(0) == Some(RowInput::Mark) {
                    "no node is marked (no node gets a pod?): Enter again checks that answer"
                } else {
                    "nothing answered yet: Enter again checks it anyway (every row counts as missed)"
                });
            }
            Action::Submit => return self.check(ctx),
            _ => {}
        }
        Reply::none()
    }

    /// The learner's rows as the drill's answer type.
    pub fn answer(&self) -> Answer {
        self.drill.answer(&self.rows, &self.given)
    }

    /// Write and fix: the draft in the editor (the loop suspends the terminal for it).
    fn edit(&self) -> Reply {
        let Some(task) = self.drill.task() else {
            return Reply::none();
        };
        let d = &self.drill;
        // One draft per drill: the same seed, kind and difficulty (and focus) draw the same task.
        let mut draft = format!("{}-{}-{}", d.kind, d.difficulty, d.seed);
        if let Some(focus) = d.focus {
            draft.push_str(&format!("-{}", focus.as_str()));
        }
        Reply::effect(Effect::EditManifest {
            draft,
            starter: task.starter.clone(),
        })
    }

    fn check(&mut self, ctx: &Context) -> Reply {
        let graded = match self.drill.grade(&self.answer()) {
            Ok(graded) => graded,
            // Refused: not an attempt the engine can grade, so nothing is logged.
            Err(DrillError::Refused(problems)) => {
                let n = problems.len();
                self.problems = problems;
                self.scroll.reset();
                let problems = if n == 1 {
                    "1 problem".to_owned()
                } else {
                    format!("{n} problems")
                };
                return Reply::status(format!("refused, not graded: {problems}; e edits it"));
            }
            Err(DrillError::WrongAnswerKind { .. }) => return Reply::none(),
        };
        self.problems.clear();
        let score = graded.score();
        self.session.0 += score.right;
        self.session.1 += score.total;
        self.session.2 += 1;
        let result = DrillResult {
            at_ms: ctx.now_ms,
            seed: self.drill.seed,
            difficulty: self.drill.difficulty.as_str().into(),
            kind: self.drill.kind.as_str().into(),
            rule_hits: score.per_rule.clone(),
            other_rules: Default::default(),
        };
        self.graded = Some(graded);
        self.pending = Some(result.clone());
        self.scroll.reset();
        Reply::effect(Effect::RecordDrill(result))
    }

    /// Focus on the weakest rule (from every drill logged, this session's included), or stop.
    fn toggle_focus(&mut self, ctx: &Context) -> Reply {
        if self.opts.focus.take().is_some() {
            return Reply::status("no focus: drills draw every rule again");
        }
        // With a fixed kind, only the rules that kind tests can be practised.
        let weakest = match self.opts.kind {
            Some(kind) => rule_accuracy(&ctx.study.drills)
                .into_iter()
                .find(|r| r.misses > 0 && kind.scores(r.rule)),
            None => weakest_rule(&ctx.study.drills),
        };
        match weakest {
            Some(weakest) => {
                let status = format!(
                    "next drills practise {} ({:.0}% right so far)",
                    weakest.rule.title(),
                    weakest.accuracy * 100.0
                );
                self.opts.focus = Some(weakest.rule);
                Reply::status(status)
            }
            None if self.opts.kind.is_some() && !ctx.study.drills.is_empty() => {
                Reply::status("no rule these drills test has been missed yet: nothing to focus on")
            }
            None => Reply::status("no rule has been missed yet: nothing to focus on"),
        }
    }

    pub fn render(&self, area: Rect, buf: &mut Buffer, ctx: &Context) {
        let theme = ctx.theme;
        let d = &self.drill;
        let (right, total, drills) = self.session;
        let mut head = vec![
            Span::styled(format!("{} · {}", d.kind, d.difficulty), theme.bold()),
            Span::raw(format!(" · seed {}", d.seed)),
        ];
        if let Some(f) = &self.opts.focus {
            head.push(Span::styled(
                format!(" · focus: {}", f.title()),
                theme.accent(),
            ));
        }
        if drills > 0 {
            head.push(Span::styled(
                format!(" · session {right}/{total} in {drills} drill(s)"),
                theme.dim(),
            ));
        }
        let [top, main] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
        Paragraph::new(Line::from(head)).render(top, buf);
        let wide = area.width >= 120;
        let left_width = if wide {
            main.width as usize * 55 / 100
        } else {
            main.width as usize
        };
        let (lines, cursor_line) = if self.drill.task().is_some() {
            (self.manifest_question(left_width, ctx), 0)
        } else {
            self.question_lines(left_width, ctx)
        };
        let yaml_text = yaml_lines(&self.yaml, theme);
        self.scroll.begin();
        // Side by side when there is room for both; stacked (answers first) at 80 columns.
        if wide {
            let [answers, yaml] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(main);
            let block = Block::default().borders(Borders::LEFT).title(Span::styled(
                format!(" {} ", self.yaml_title()),
                theme.dim(),
            ));
            let inner = block.inner(yaml);
            block.render(yaml, buf);
            let left = wrap(&lines, answers.width as usize);
            let focus = left.row_of(cursor_line);
            self.scroll.render(left.lines, focus, answers, buf, theme);
            let right = wrap(&yaml_text, inner.width as usize);
            self.scroll.render(right.lines, None, inner, buf, theme);
        } else {
            let mut lines = lines;
            lines.push(Line::styled(
                format!("─── {} ───", self.yaml_title()),
                theme.dim(),
            ));
            lines.extend(yaml_text);
            let all = wrap(&lines, main.width as usize);
            let focus = all.row_of(cursor_line);
            self.scroll.render(all.lines, focus, main, buf, theme);
        }
    }

    /// What the manifest pane shows.
    fn yaml_title(&self) -> &'static str {
        match (self.drill.task(), &self.draft_path) {
            (None, _) => "DaemonSet",
            (Some(_), None) => "the manifest to start from",
            (Some(_), Some(_)) => "your manifest as saved",
        }
    }

    /// The prompt's words first (they scroll with the rest: a long question is never cut), then
    /// the rows; the prompt's node table, which the rows repeat, goes under them. Also the
    /// index of the cursor's line.
    fn question_lines(&self, width: usize, ctx: &Context) -> (Vec<Line<'static>>, usize) {
        let theme = ctx.theme;
        let d = &self.drill;
        let (words, table) = split_prompt(&d.prompt);
        let mut lines: Vec<Line<'static>> = vec![Line::styled(inert(&d.title), theme.title())];
        lines.extend(words.iter().map(|l| Line::raw(inert(l))));
        lines.push(Line::raw(""));
        let first_row = lines.len();
        let (rows, cursor_line) = self.row_lines(width, ctx);
        lines.extend(rows);
        if !table.is_empty() {
            lines.push(Line::raw(""));
            lines.extend(table.iter().map(|l| Line::styled(inert(l), theme.dim())));
        }
        (lines, first_row + cursor_line)
    }

    /// Write and fix: the goal, then the manifest and its verdict (so a check shows it at once),
    /// then the evidence and the cluster, paragraphs kept apart as `kubectl` prints them.
    fn manifest_question(&self, width: usize, ctx: &Context) -> Vec<Line<'static>> {
        let theme = ctx.theme;
        let d = &self.drill;
        let mut lines: Vec<Line<'static>> = vec![Line::styled(inert(&d.title), theme.title())];
        let mut paragraphs = d.prompt.split("\n\n");
        lines.extend(
            paragraphs
                .next()
                .into_iter()
                .flat_map(str::lines)
                .map(|l| Line::raw(inert(l))),
        );
        lines.push(Line::raw(""));
        if let (Some(task), Some(given)) = (d.task(), self.given.first()) {
            let given = match given {
                RowValue::Manifest(text) => Some(text.as_str()),
                _ => None,
            };
            let state = ManifestState {
                clusters: task
                    .clusters
                    .iter()
                    .map(|c| (c.name.as_str(), c.about.as_str()))
                    .collect(),
                given,
                draft: self.draft_path.as_deref(),
                problems: &self.problems,
                graded: self.graded.as_ref(),
            };
            lines.extend(manifest_lines(&state, width, theme));
        }
        if let Some(g) = &self.graded {
            lines.push(Line::raw(""));
            lines.push(self.score_line(g, ctx));
        }
        for paragraph in paragraphs {
            lines.push(Line::raw(""));
            lines.extend(paragraph.lines().map(|l| Line::raw(inert(l))));
        }
        lines.push(Line::raw(""));
        lines
    }

    /// The score of a checked drill and what comes next.
    fn score_line(&self, g: &Graded, ctx: &Context) -> Line<'static> {
        let theme = ctx.theme;
        let s = g.score();
        Line::styled(
            format!(
                "{}/{} right — n draws the next drill (seed {})",
                s.right,
                s.total,
                self.opts.seed_for(self.index + 1)
            ),
            if s.right == s.total {
                theme.good()
            } else {
                theme.warn()
            },
        )
    }

    /// Once checked, the engine's answer, rule and reason under a row.
    fn push_verdict(
        &self,
        out: &mut Vec<Line<'static>>,
        verdict: Option<&ItemResult>,
        left_empty: bool,
        ctx: &Context,
    ) {
        let theme = ctx.theme;
        let Some(v) = verdict else {
            return;
        };
        let head = if v.correct {
            Span::styled(format!("    {}", v.expected), theme.good())
        } else if left_empty {
            // An empty row is not an answer of 0.
            Span::styled(
                format!("    {} (you left it empty)", v.expected),
                theme.bad(),
            )
        } else {
            Span::styled(
                format!("    {} (you: {})", v.expected, v.given),
                theme.bad(),
            )
        };
        let mut line = vec![head];
        // The rule in words, unless the row already says it (a status field).
        let rule = v.rule.title();
        if rule != v.item {
            line.push(Span::styled(format!(" · {rule}"), theme.dim()));
        }
        out.push(Line::from(line));
        out.push(Line::raw(format!("    {}", inert(&v.reason))));
    }

    /// One line per row (its answer, and once checked ✓/✗ with the engine's answer and reason),
    /// and the index of the cursor's row among them.
    fn row_lines(&self, width: usize, ctx: &Context) -> (Vec<Line<'static>>, usize) {
        let theme = ctx.theme;
        let nodes = self.nodes();
        let had_pod = |name: &str| self.had_pod(name) == Some(true);
        // Scheduler drills show memory once the DaemonSet requests it (medium and hard).
        let memory = self
            .drill
            .daemonset
            .spec
            .template
            .spec
            .containers
            .iter()
            .any(|c| {
                c.resources.requests.contains_key("memory")
                    || c.resources.limits.contains_key("memory")
            });
        let name_w = self
            .rows
            .iter()
            .map(|r| r.id.chars().count())
            .max()
            .unwrap_or(4)
            .clamp(4, 24);
        // Wide enough for the longest answer: "keeps-existing", or "pending" in scheduler drills.
        // A space after it too, so "keeps-existing" never touches the summary.
        let value_w = if matches!(self.drill.question, Question::Scheduler(_)) {
            9
        } else {
            15
        };
        let mut out = Vec::new();
        let mut cursor_line = 0;
        for (i, row) in self.rows.iter().enumerate() {
            if i == self.cursor {
                cursor_line = out.len();
            }
            let verdict = self.graded.as_ref().and_then(|g| g.items.get(i));
            let mut spans = match verdict {
                Some(v) if v.correct => vec![Span::styled("✓ ", theme.good())],
                Some(_) => vec![Span::styled("✗ ", theme.bad())],
                None if i == self.cursor => vec![Span::styled("▶ ", theme.key())],
                None => vec![Span::raw("  ")],
            };
            let value = match (&self.given[i], row.input) {
                (g, RowInput::Mark) if g.is_empty() => "[ ]".to_owned(),
                (_, RowInput::Mark) => "[x]".to_owned(),
                (g, _) if g.is_empty() => "·".to_owned(),
                (g, input) => g.text(input),
            };
            let style = if i == self.cursor && self.graded.is_none() {
                theme.selected()
            } else {
                theme.bold()
            };
            spans.push(Span::styled(
                format!("{:<name_w$}", clip(&inert(&row.id), name_w)),
                style,
            ));
            spans.push(Span::raw(format!(" {value:<value_w$}")));
            let node = nodes.iter().find(|n| n.name() == row.id);
            if let Some(node) = node {
                let room = width.saturating_sub(name_w + value_w + 4);
                let summary = node_summary(node, &self.drill.daemonset);
                let text = match &self.drill.question {
                    // The arithmetic a scheduler drill needs: the node's pods and requests.
                    Question::Scheduler(q) => {
                        let load = q.load_summary(node, memory);
                        match summary.trim() {
                            "" => load,
                            rest => format!("{load} · {rest}"),
                        }
                    }
                    _ if had_pod(&row.id) => format!("pod · {summary}"),
                    _ => summary,
                };
                spans.push(Span::styled(clip(&text, room), theme.dim()));
            }
            out.push(Line::from(spans));
            // An unmarked node is an answer ("no pod"); an empty number or cycle row is none.
            let left_empty = row.input != RowInput::Mark && self.given[i].is_empty();
            self.push_verdict(&mut out, verdict, left_empty, ctx);
        }
        // A status question is answered from the nodes and their pods: list them too.
        if let Question::Status(q) = &self.drill.question {
            out.push(Line::raw(""));
            for node in &nodes {
                let pod = if q.pods.contains(node.name()) {
                    "pod"
                } else {
                    "   "
                };
                let summary = node_summary(node, &self.drill.daemonset);
                let room = width.saturating_sub(name_w + 10);
                out.push(Line::from(vec![
                    Span::raw(format!("  {:<name_w$} ", clip(&inert(node.name()), name_w))),
                    Span::styled(format!("{pod}  "), theme.accent()),
                    Span::styled(clip(&summary, room), theme.dim()),
                ]));
            }
        }
        if let Some(g) = &self.graded {
            out.push(Line::raw(""));
            out.push(self.score_line(g, ctx));
        }
        (out, cursor_line)
    }
}

/// The prompt split into its words and its `kubectl get nodes`-style table (the paragraph that
/// starts with a `NAME` header), blank lines between paragraphs dropped from the words.
fn split_prompt(prompt: &str) -> (Vec<&str>, Vec<&str>) {
    let mut words = Vec::new();
    let mut table = Vec::new();
    for paragraph in prompt.split("\n\n") {
        let lines: Vec<&str> = paragraph.lines().filter(|l| !l.trim().is_empty()).collect();
        if lines.first().is_some_and(|l| l.starts_with("NAME ")) {
            table.extend(lines);
        } else {
            words.extend(lines);
        }
    }
    (words, table)
}
