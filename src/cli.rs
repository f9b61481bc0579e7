//! Command-line types (clap derive). Every command has `--help`.

use crate::exercise::drill::{Difficulty, DrillKind, RuleKey};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "kubedrill",
    version,
    about = "Learn Kubernetes DaemonSets: drills, flashcards, and a placement engine that decides like the controller",
    long_about = None,
)]
pub struct Cli {
    /// Never colour the output (the NO_COLOR environment variable does the same).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// A folder of your own decks (repeatable). KUBEDRILL_DECKS takes a colon-separated list.
    #[arg(
        long = "decks",
        value_name = "DIR",
        global = true,
        env = "KUBEDRILL_DECKS",
        value_delimiter = ':'
    )]
    pub decks: Vec<PathBuf>,

    /// Where kubedrill keeps its review log (default: the platform's data folder).
    #[arg(long, value_name = "DIR", global = true, env = "KUBEDRILL_DATA_DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Review what is due (the study screen), or cram with --cram.
    Review(ReviewArgs),
    /// Interview mode: a quiz across decks, tags and kinds, optionally timed.
    Quiz(QuizArgs),
    /// Guided lessons, step by step, with check questions.
    Learn {
        /// A lesson id (`system-and-user-daemonsets` or `<deck>/<lesson>`); without it, the list.
        lesson: Option<String>,
    },
    /// Generated drills graded by the placement engine: predict which nodes get a pod, or write and fix a DaemonSet.
    #[command(
        after_help = "Examples:\n  kubedrill drill --difficulty hard\n  kubedrill drill --kind events --seed 42\n  kubedrill drill --weakest\n  kubedrill drill --print --seed 7 > drill.yaml"
    )]
    Drill(DrillArgs),
    /// Grade a DaemonSet written for a write or fix drill (from `kubedrill drill --print`).
    /// Exit 0 when graded, right or wrong; 1 when the file cannot be read or the API server
    /// would refuse it.
    #[command(
        after_help = "Examples:\n  kubedrill drill --kind write --difficulty medium --seed 7 --print > agent.yaml\n  $EDITOR agent.yaml\n  kubedrill grade agent.yaml --kind write --difficulty medium --seed 7"
    )]
    Grade(GradeArgs),
    /// Browse the DaemonSet / Deployment / StatefulSet comparison, and quiz its cells.
    Compare {
        /// A table id (`workloads`); without it, the first table.
        table: Option<String>,
    },
    /// Predict which nodes get a pod of each DaemonSet, and why not the others.
    #[command(
        after_help = "Examples:\n  kubectl get nodes -o yaml | kubedrill predict --nodes - -d fluent-bit.yaml\n  kubedrill predict -n nodes.json -d calico.yaml --json\n  kubectl get pods -A -o yaml > pods.yaml; kubedrill predict -n nodes.yaml -d ds.yaml --scheduler --pods pods.yaml"
    )]
    Predict(PredictArgs),
    /// Validate decks: the shipped ones, or the given files and folders. Exit 1 on any error.
    Check(CheckArgs),
    /// List the loaded decks with their item counts.
    Decks(DecksArgs),
    /// Write the review log as CSV (one row per answer, with a header) to stdout, or the decks
    /// as an Anki package with --anki.
    #[command(
        after_help = "Examples:\n  kubedrill export > log.csv\n  kubedrill export --anki kubedrill.apkg\n  kubedrill export --anki taints.apkg --deck taints-and-tolerations"
    )]
    Export(ExportArgs),
    /// Study statistics: answers per day, retention, streak, forecast, mastery per deck.
    Stats(StatsArgs),
    /// Browse every item: a table that filters as you type and sorts by any column; preview,
    /// suspend, reset to new, or edit an item of your own deck.
    #[command(
        after_help = "Query: words (id, deck, card text), deck:ID, tag:T, kind:flash|choice|truefalse|cloze|placement|write,\nis:due|new|learning|review|suspended|leech; -term negates; every term must match.\n\nExamples:\n  kubedrill browse\n  kubedrill browse is:leech\n  kubedrill browse 'deck:taints-and-tolerations -is:new'\n  kubedrill browse -- -is:new"
    )]
    Browse {
        /// The query to start with (several words are one query). A negated first term goes
        /// after `--`: `kubedrill browse -- -is:new` (clap would read it as an option, and
        /// taking dashes in the query would swallow the options after it).
        query: Vec<String>,
    },
    /// Fit FSRS parameters to your own review log, and use them from now on.
    Optimize,
    /// List leeches: items forgotten so often that they were suspended.
    Leeches,
    /// List every suspended item and why (a leech, or suspended by you with `s`).
    Suspended,
    /// Bring a suspended item back into reviews.
    Unsuspend {
        /// The item id, as `kubedrill leeches` prints it (`deck/card`).
        id: String,
    },
    /// Print a shell completion script (see the README for where each shell reads it).
    #[command(
        after_help = "Examples:\n  kubedrill completions bash > ~/.local/share/bash-completion/completions/kubedrill\n  kubedrill completions zsh > \"${fpath[1]}/_kubedrill\"\n  kubedrill completions fish > ~/.config/fish/completions/kubedrill.fish"
    )]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Merge this machine's study with your other machines' through a shared folder
    /// (Syncthing, Dropbox, a git repository, a USB stick).
    #[command(
        after_help = "kubedrill writes only its own file in DIR (kubedrill-<machine id>.jsonl, only ever added to) and reads the other machines' files. Answers are merged exactly once whatever the order machines sync in; suspensions, resets and lesson places go by the latest change. Run it on each machine, before and after studying.\n\nExamples:\n  kubedrill sync ~/Sync/kubedrill\n  kubedrill sync /media/usb/kubedrill"
    )]
    Sync {
        /// The shared folder (it must exist).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Print the manual page (roff) for kubedrill and every subcommand, or write one page per
    /// command into a folder.
    #[command(
        after_help = "Examples:\n  kubedrill man | man -l -\n  kubedrill man --out ~/.local/share/man/man1"
    )]
    Man {
        /// Write kubedrill.1 and kubedrill-<command>.1 into this folder instead.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write the decks as an Anki package (.apkg) to this file: one Anki deck per kubedrill deck,
    /// under kubedrill::. Importing a newer export updates the notes an older one made.
    #[arg(long, value_name = "FILE.apkg")]
    pub anki: Option<PathBuf>,
    /// Only this deck (repeatable; with --anki).
    #[arg(long, value_name = "ID", requires = "anki")]
    pub deck: Vec<String>,
}

/// `kubedrill predict -o FORMAT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PredictOutput {
    /// One block per DaemonSet: node, outcome and the rules that decided it.
    Table,
    /// The table with each node's taints and whether it is cordoned.
    Wide,
    /// One JSON object (the contract scripts read).
    Json,
    /// The same object as YAML.
    Yaml,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// Only this deck's items (an id from `kubedrill decks`).
    #[arg(long, value_name = "ID")]
    pub deck: Option<String>,
    /// Only items with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// Cram: every studied item by lowest recall, due or not. Cram answers are logged but never
    /// move the schedule.
    #[arg(long)]
    pub cram: bool,
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Only this deck's items.
    #[arg(long, value_name = "ID")]
    pub deck: Option<String>,
    /// Only items with this tag.
    #[arg(long, value_name = "TAG")]
    pub tag: Option<String>,
    /// How many items.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=500))]
    pub count: u32,
    /// A time limit: the quiz ends when the countdown reaches zero.
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u32).range(1..=600))]
    pub minutes: Option<u32>,
    /// The same seed gives the same quiz (items, order, choices).
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Show each verdict at once instead of at the end.
    #[arg(long)]
    pub practice: bool,
    /// Only the items of the interview questions not ready yet (see `kubedrill stats`).
    #[arg(long)]
    pub not_ready: bool,
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    /// easy (≤ 4 nodes, one rule), medium (≤ 8 nodes, 2–3 rules) or hard (≤ 12 nodes, the traps).
    #[arg(long, value_enum, default_value_t = Difficulty::Medium)]
    pub difficulty: Difficulty,
    /// The kind of question; without it, the kinds take turns.
    #[arg(long, value_enum)]
    pub kind: Option<DrillKind>,
    /// The same seed (with the same difficulty and kind) gives the same drill.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Practise one rule: drills are drawn so that it decides at least one node
    /// (`node-selector`, `untolerated-no-execute`, `rollout-rounding`, ...).
    #[arg(long, value_enum, value_name = "RULE", conflicts_with = "weakest")]
    pub focus: Option<RuleKey>,
    /// Practise your weakest rule, from your drill results.
    #[arg(long)]
    pub weakest: bool,
    /// Print the drill (real YAML you could kubectl apply) and its answer instead of playing it.
    #[arg(long)]
    pub print: bool,
    /// With --print: one JSON object (the drill, its manifests and the answer).
    #[arg(long, requires = "print")]
    pub json: bool,
}

/// The drills answered with a manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ManifestKind {
    /// Write a DaemonSet for a goal.
    Write,
    /// Fix a broken DaemonSet.
    Fix,
}

impl ManifestKind {
    pub fn drill_kind(self) -> DrillKind {
        match self {
            ManifestKind::Write => DrillKind::Write,
            ManifestKind::Fix => DrillKind::Fix,
        }
    }
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// The manifest you wrote (`-` reads stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The drill's kind, as `kubedrill drill --print` gave it.
    #[arg(long, value_enum)]
    pub kind: ManifestKind,
    /// The drill's difficulty, as `kubedrill drill --print` gave it.
    #[arg(long, value_enum, default_value_t = Difficulty::Medium)]
    pub difficulty: Difficulty,
    /// The drill's seed, as `kubedrill drill --print` gave it: the same seed gives the same
    /// cluster, goal and hidden clusters.
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// Print one JSON object: correct, errors (line and message) and every cluster's nodes.
    #[arg(long)]
    pub json: bool,
    /// Do not add the result to your drill statistics.
    #[arg(long)]
    pub no_record: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Deck files or folders of `*.toml` decks; without any, the shipped decks are checked.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print JSON instead of the text report.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DecksArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct PredictArgs {
    /// Nodes: a Node, a NodeList/List (`kubectl get nodes -o yaml|json`) or a YAML stream; a
    /// folder reads its *.yaml, *.yml and *.json files (as kubectl -f DIR); repeatable; `-` is stdin.
    #[arg(short = 'n', long = "nodes", value_name = "FILE", required = true)]
    pub nodes: Vec<PathBuf>,

    /// DaemonSets: any manifest holding one or more DaemonSets (other kinds are skipped); a
    /// folder reads its *.yaml, *.yml and *.json files; repeatable; `-` is stdin.
    #[arg(short = 'd', long = "daemonset", value_name = "FILE", required = true)]
    pub daemonset: Vec<PathBuf>,

    /// Output format, as kubectl's: table (the default), wide (the table with each node's
    /// taints and cordon), json or yaml (the same object).
    #[arg(short = 'o', long = "output", value_enum, value_name = "FORMAT")]
    pub output: Option<PredictOutput>,

    /// The same as `-o json`.
    #[arg(long, conflicts_with = "output")]
    pub json: bool,

    /// Kubernetes feature gates, as the API server takes them: `TaintTolerationComparisonOperators=true`.
    #[arg(long, value_name = "GATES", default_value = "")]
    pub feature_gates: String,

    /// Also run the scheduler stage: nodes where the created pod stays Pending (requests above
    /// what the node has free, or a host port already taken).
    #[arg(long)]
    pub scheduler: bool,

    /// The pods already in the cluster (`kubectl get pods -A -o yaml`), for --scheduler.
    #[arg(long, value_name = "FILE", requires = "scheduler")]
    pub pods: Option<PathBuf>,

    /// Unknown or duplicate fields in the DaemonSets and Pods, as kubectl's --validate:
    /// strict refuses the file (exit 1), warn prints them and reads the objects without them,
    /// ignore says nothing. A value of the wrong type is refused in every mode.
    #[arg(long, value_enum, value_name = "MODE", default_value = "strict")]
    pub validate: crate::manifest::strict::Validate,
}
