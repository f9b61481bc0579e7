//! Broken decks: each gives exactly these errors, with line and column. Hostile input gives an
//! error or inert text, never a panic.

use kubedrill::deck::{Origin, parse_deck};
use proptest::prelude::*;
use rstest::rstest;

const HEAD: &str = "[deck]\nid = \"d\"\ntitle = \"T\"\n\n";

fn errors(body: &str) -> Vec<String> {
    let text = format!("{HEAD}{body}");
    match parse_deck("x.toml", &text, Origin::File("x.toml".into())) {
        Ok(_) => vec![],
        Err(errs) => errs.iter().map(ToString::to_string).collect(),
    }
}

#[rstest]
#[case::unknown_field(
    "[[card]]\nid = \"c\"\nkind = \"flash\"\nfront = \"F\"\nback = \"B\"\npromt = \"x\"\n",
    &["x.toml:10:1: card \"c\": unknown field `promt`, expected one of `id`, `kind`, `tags`, `source`, `front`, `back`, `prompt`, `choices`, `answer`, `answers`, `shuffle`, `statement`, `text`, `explain`, `nodes`, `daemonset`, `solution`, `hidden`"]
)]
#[case::duplicate_id(
    "[[card]]\nid = \"c\"\nkind = \"flash\"\nfront = \"F\"\nback = \"B\"\n\n[[card]]\nid = \"c\"\nkind = \"truefalse\"\nstatement = \"S\"\nanswer = true\n",
    &["x.toml:12:6: card \"c\": duplicate card id in this deck"]
)]
#[case::empty_prompt_and_answer_out_of_range(
    "[[card]]\nid = \"c\"\nkind = \"choice\"\nprompt = \"  \"\nchoices = [\"a\", \"b\", \"c\"]\nanswer = 3\n",
    &["x.toml:8:10: card \"c\": `prompt` is empty", "x.toml:10:10: card \"c\": answer 3 is out of range (3 choices, numbered from 0)"]
)]
#[case::cloze_without_gaps(
    "[[card]]\nid = \"c\"\nkind = \"cloze\"\ntext = \"no gaps here\"\n",
    &["x.toml:8:9: card \"c\": cloze text has no {{gap}}"]
)]
#[case::cloze_unclosed_gap(
    "[[card]]\nid = \"c\"\nkind = \"cloze\"\ntext = \"a {{b} c\"\n",
    &["x.toml:8:11: card \"c\": gap `{{` is never closed with `}}`"]
)]
#[case::placement_yaml_error_and_no_daemonset(
    "[[card]]\nid = \"c\"\nkind = \"placement\"\nprompt = \"P\"\nnodes = '''\nkind: Node\nmetadata:\n  name: [a\n'''\ndaemonset = '''\nkind: ConfigMap\nmetadata: {name: x}\n'''\n",
    &["x.toml:12:9: card \"c\": `nodes` YAML: unclosed bracket '['", "x.toml:14:13: card \"c\": `daemonset` must hold exactly one DaemonSet, found 0"]
)]
#[case::placement_without_nodes(
    "[[card]]\nid = \"c\"\nkind = \"placement\"\nprompt = \"P\"\nnodes = '''\nkind: ConfigMap\nmetadata: {name: x}\n'''\ndaemonset = '''\napiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: x}\n'''\n",
    &["x.toml:9:9: card \"c\": `nodes` holds no Node"]
)]
#[case::bad_ids_and_kind(
    "[[card]]\nid = \"Card_1\"\nkind = \"quiz\"\n",
    &["x.toml:6:6: card \"Card_1\": card id \"Card_1\" is not kebab-case (lowercase letters, digits and single dashes)", "x.toml:7:8: card \"Card_1\": kind \"quiz\" is not one of flash, choice, truefalse, cloze, placement, write"]
)]
#[case::escape_sequence_in_text(
    "[[card]]\nid = \"c\"\nkind = \"flash\"\nfront = \"F\\u001b[31m\"\nback = \"B\"\n",
    &["x.toml:8:9: card \"c\": `front` contains the control character U+001B"]
)]
#[case::field_of_another_kind(
    "[[card]]\nid = \"c\"\nkind = \"flash\"\nfront = \"F\"\nback = \"B\"\nchoices = [\"a\", \"b\"]\n",
    &["x.toml:10:11: card \"c\": field `choices` does not belong to a flash card"]
)]
#[case::truefalse_answer_type(
    "[[card]]\nid = \"c\"\nkind = \"truefalse\"\nstatement = \"S\"\nanswer = \"yes\"\n",
    &["x.toml:9:10: card \"c\": `answer` of a truefalse card is true or false, found string"]
)]
#[case::missing_fields(
    "[[card]]\nid = \"c\"\nkind = \"flash\"\n",
    &["x.toml:5:1: card \"c\": missing field `front`", "x.toml:5:1: card \"c\": missing field `back`"]
)]
#[case::table_cells_and_lesson_check(
    "[[table]]\nid = \"t\"\ntitle = \"T\"\ncolumns = [\"a\", \"b\"]\n[[table.row]]\nid = \"r\"\nfeature = \"f\"\ncells = [\"x\"]\n\n[[lesson]]\nid = \"l\"\ntitle = \"L\"\n[[lesson.step]]\ntitle = \"s\"\nbody = \"b\"\ncheck = \"nope\"\n",
    &["x.toml:12:9: table \"t\", row \"r\": 1 cells for 2 columns", "x.toml:20:9: lesson \"l\": check card \"nope\" is not a card of this deck"]
)]
#[case::syntax_error(
    "[[card\nid = 1\n",
    &["x.toml:5:7: unclosed array table, expected `]]`"]
)]
#[case::unknown_table(
    "[[cards]]\nid = \"c\"\n",
    &["x.toml:5:3: unknown table `cards`, expected `deck`, `card`, `table`, `lesson` or `interview`"]
)]
fn broken_deck(#[case] body: &str, #[case] want: &[&str]) {
    assert_eq!(errors(body), want);
}

#[test]
fn a_valid_deck_has_no_errors() {
    assert_eq!(
        errors(
            "[[card]]\nid = \"c\"\nkind = \"cloze\"\ntext = \"The {{NoExecute|no execute}} effect\"\n"
        ),
        Vec::<String>::new()
    );
}

#[test]
fn shipped_decks_must_cite_a_source() {
    let text =
        format!("{HEAD}[[card]]\nid = \"c\"\nkind = \"flash\"\nfront = \"F\"\nback = \"B\"\n");
    let errs = parse_deck(
        "decks/x.toml",
        &text,
        Origin::Shipped("decks/x.toml".into()),
    )
    .unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "decks/x.toml:5:1: card \"c\": missing field `source`: every shipped item cites the fact it rests on"
    );
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let text = format!("{HEAD}x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let errs = parse_deck("x.toml", &text, Origin::File("x.toml".into())).unwrap_err();
    assert_eq!(
        errs[0].message,
        "arrays or inline tables nest deeper than 32 levels"
    );
}

#[test]
fn a_ten_megabyte_string_is_refused() {
    let text = format!(
        "{HEAD}[[card]]\nid = \"c\"\nkind = \"flash\"\nfront = \"{}\"\nback = \"B\"\n",
        "a".repeat(10 << 20)
    );
    let errs = parse_deck("x.toml", &text, Origin::File("x.toml".into())).unwrap_err();
    assert!(
        errs[0].message.starts_with("the file is 10485"),
        "{}",
        errs[0]
    );
    let text = format!(
        "{HEAD}[[card]]\nid = \"c\"\nkind = \"flash\"\nfront = \"{}\"\nback = \"B\"\n",
        "a".repeat(100_000)
    );
    let errs = parse_deck("x.toml", &text, Origin::File("x.toml".into())).unwrap_err();
    assert_eq!(
        errs[0].to_string(),
        "x.toml:8:9: card \"c\": `front` is 100000 bytes long; the limit is 65536"
    );
}

#[test]
fn control_characters_in_every_text_field_are_errors() {
    for field in ["front", "back"] {
        let mut body =
            String::from("[[card]]\nid = \"c\"\nkind = \"flash\"\nfront = \"F\"\nback = \"B\"\n");
        body = body.replace(
            &format!("{field} = \"{}\"", &field[..1].to_uppercase()),
            &format!("{field} = \"x\\u0007y\""),
        );
        assert!(
            errors(&body)
                .iter()
                .any(|e| e.contains("control character U+0007")),
            "{field}"
        );
    }
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let _ = parse_deck("x.toml", &text, Origin::File("x.toml".into()));
    }

    #[test]
    fn arbitrary_toml_ish_text_never_panics(parts in prop::collection::vec(prop::sample::select(&[
        "[deck]\n", "id = \"d\"\n", "title = \"t\"\n", "[[card]]\n", "kind = \"choice\"\n", "kind = \"placement\"\n",
        "kind = \"cloze\"\n", "text = \"{{a}}\"\n", "choices = [\"a\"]\n", "answer = 5\n", "answers = [0, 0]\n", "nodes = '''\nkind: Node\n'''\n",
        "[[table]]\n", "[[table.row]]\n", "cells = []\n", "[[lesson]]\n", "[[lesson.step]]\n", "check = \"x\"\n", "\"", "'''", "[", "{", "=", "\n",
    ][..]), 0..30)) {
        let _ = parse_deck("x.toml", &parts.concat(), Origin::Shipped("x.toml".into()));
    }
}
