//! `kubedrill export --anki`: the package is a zip with an Anki collection that holds one note
//! per card, in one Anki deck per kubedrill deck, with GUIDs that stay the same from one export
//! to the next (so re-importing updates notes instead of adding copies).

mod common;

use common::kubedrill;
use kubedrill::deck::{CardBody, load_shipped};
use kubedrill::store::{BASIC_MODEL_ID, CLOZE_MODEL_ID, note_guid};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

/// The package's collection, unzipped to a file and opened read-only.
fn collection(apkg: &Path, into: &Path) -> rusqlite::Connection {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(apkg).unwrap()).unwrap();
    let names: BTreeSet<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    assert_eq!(
        names,
        BTreeSet::from(["collection.anki2".to_owned(), "media".to_owned()])
    );
    let mut media = String::new();
    zip.by_name("media")
        .unwrap()
        .read_to_string(&mut media)
        .unwrap();
    assert_eq!(media, "{}");
    let mut bytes = Vec::new();
    zip.by_name("collection.anki2")
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    std::fs::write(into, bytes).unwrap();
    rusqlite::Connection::open_with_flags(into, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn col_json(db: &rusqlite::Connection, column: &str) -> serde_json::Value {
    let text: String = db
        .query_row(&format!("SELECT {column} FROM col"), [], |r| r.get(0))
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn the_package_holds_every_card_as_an_anki_note() {
    let dir = tempfile::tempdir().unwrap();
    let apkg = dir.path().join("kubedrill.apkg");
    let out = kubedrill(dir.path(), &["export", "--anki", apkg.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Written beside the target and renamed: nothing else is left in the folder.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "kubedrill.apkg")
        .collect();
    assert!(
        left.iter().all(|n| !n.to_string_lossy().starts_with('.')),
        "{left:?}"
    );

    let db = collection(&apkg, &dir.path().join("c.anki2"));
    let ok: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let ver: i64 = db
        .query_row("SELECT ver FROM col", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ver, 11, "the schema version Anki imports");

    // Two note types: Basic (Front, Back) and Cloze (Text, Back Extra).
    let models = col_json(&db, "models");
    let basic = &models[BASIC_MODEL_ID.to_string()];
    let cloze = &models[CLOZE_MODEL_ID.to_string()];
    assert_eq!(basic["type"], 0);
    assert_eq!(cloze["type"], 1);
    let names = |m: &serde_json::Value| -> Vec<String> {
        m["flds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(basic), ["Front", "Back"]);
    assert_eq!(names(cloze), ["Text", "Back Extra"]);
    assert_eq!(cloze["tmpls"][0]["qfmt"], "{{cloze:Text}}");

    // One Anki deck per kubedrill deck, named kubedrill::<title>.
    let (lib, _) = load_shipped();
    let decks = col_json(&db, "decks");
    let anki_names: BTreeSet<String> = decks
        .as_object()
        .unwrap()
        .values()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect();
    for d in &lib.decks {
        assert!(
            anki_names.contains(&format!("kubedrill::{}", d.title)),
            "{}",
            d.title
        );
    }

    // One note per card, its GUID from the card id; a cloze note has a card per gap.
    let mut rows = db
        .prepare("SELECT n.guid, n.mid, n.flds, n.tags, (SELECT count(*) FROM cards c WHERE c.nid = n.id) FROM notes n")
        .unwrap();
    let notes: BTreeMap<String, (i64, String, String, i64)> = rows
        .query_map([], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let cards: usize = lib.decks.iter().map(|d| d.cards.len()).sum();
    assert_eq!(notes.len(), cards, "a note per card, every GUID distinct");
    for deck in &lib.decks {
        for card in &deck.cards {
            let id = format!("{}/{}", deck.id, card.id);
            let (mid, flds, tags, count) = notes
                .get(&note_guid(&id))
                .unwrap_or_else(|| panic!("no note for {id}"));
            let fields: Vec<&str> = flds.split('\u{1f}').collect();
            assert_eq!(fields.len(), 2, "{id}");
            for t in &card.tags {
                assert!(
                    tags.split(' ').any(|x| x == t),
                    "{id}: tag {t} not in {tags:?}"
                );
            }
            match &card.body {
                CardBody::Cloze { gaps, .. } => {
                    assert_eq!(*mid, CLOZE_MODEL_ID, "{id}");
                    assert_eq!(*count as usize, gaps.len(), "{id}");
                    for n in 1..=gaps.len() {
                        assert!(
                            fields[0].contains(&format!("{{{{c{n}::")),
                            "{id}: {}",
                            fields[0]
                        );
                    }
                }
                CardBody::Choice {
                    choices, answers, ..
                } => {
                    assert_eq!(*mid, BASIC_MODEL_ID);
                    assert_eq!(fields[0].matches("<li>").count(), choices.len(), "{id}");
                    let first = char::from(b'A' + answers[0] as u8);
                    assert!(
                        fields[1].starts_with(&format!("{first}. ")),
                        "{id}: {}",
                        fields[1]
                    );
                }
                CardBody::TrueFalse { answer, .. } => {
                    let shown = if *answer { "True" } else { "False" };
                    assert!(fields[1].starts_with(shown), "{id}");
                }
                CardBody::Placement(p) => {
                    // The engine's answer for every node is on the back.
                    assert_eq!(fields[1].matches("<tr><td>").count(), p.nodes.len(), "{id}");
                    assert!(fields[0].contains("<pre>apiVersion"), "{id}");
                }
                CardBody::Flash { .. } | CardBody::Write(_) => assert_eq!(*mid, BASIC_MODEL_ID),
            }
        }
    }
}

#[test]
fn guids_stay_the_same_from_one_export_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let guids = |name: &str, extra: &[&str]| -> BTreeSet<String> {
        let apkg = dir.path().join(name);
        let mut args = vec!["export", "--anki", apkg.to_str().unwrap()];
        args.extend_from_slice(extra);
        let out = kubedrill(dir.path(), &args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let db = collection(&apkg, &dir.path().join(format!("{name}.anki2")));
        let mut q = db.prepare("SELECT guid FROM notes").unwrap();
        q.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let first = guids("a.apkg", &[]);
    let again = guids("b.apkg", &[]);
    assert_eq!(first, again, "a second export has the same GUIDs");
    let one = guids("c.apkg", &["--deck", "taints-and-tolerations"]);
    assert!(!one.is_empty() && one.is_subset(&first));
    assert!(one.len() < first.len());

    let unknown = kubedrill(
        dir.path(),
        &["export", "--anki", "x.apkg", "--deck", "nope"],
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("--deck \"nope\""));
    let deck_alone = kubedrill(dir.path(), &["export", "--deck", "nope"]);
    assert_eq!(deck_alone.status.code(), Some(2), "--deck needs --anki");
}
