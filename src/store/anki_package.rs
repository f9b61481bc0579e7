//! Writing an Anki package (`.apkg`): a zip holding `collection.anki2`, an SQLite collection in
//! the schema Anki 2.1 imports (schema 11, as genanki writes it: the `col` row carries the note
//! types and decks as JSON), and an empty `media` map. Written beside the target and renamed
//! into place, so a crash or a full disk never leaves half a package under the name asked for.

use crate::deck::{AnkiDeck, AnkiModel};
use rusqlite::{Connection, params};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum AnkiExportError {
    #[error("cannot write {path}: {error}")]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cannot build the Anki collection in {path}: {error}")]
    Sqlite {
        path: PathBuf,
        error: rusqlite::Error,
    },
    #[error("cannot write the package {path}: {error}")]
    Zip {
        path: PathBuf,
        error: zip::result::ZipError,
    },
}

/// The ids of kubedrill's two note types, fixed so that re-importing finds the same ones.
pub const BASIC_MODEL_ID: i64 = 1_607_392_319_001;
pub const CLOZE_MODEL_ID: i64 = 1_607_392_319_002;

/// 64-bit FNV-1a: a stable hash (the same on every machine and release) for ids and GUIDs.
fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A note's GUID, from its kubedrill card id: Anki matches notes on import by GUID, so a newer
/// export updates what an older one created instead of adding duplicates. Base 91, as Anki's
/// own GUIDs.
pub fn note_guid(card: &str) -> String {
    const DIGITS: &[u8] =
        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";
    let mut n = fnv(&format!("kubedrill:{card}"));
    let mut out = Vec::new();
    while n > 0 {
        out.push(DIGITS[(n % 91) as usize]);
        n /= 91;
    }
    out.reverse();
    String::from_utf8(out).expect("ASCII digits")
}

/// A deck's Anki id, from its kubedrill id (below 2^53, so JSON readers keep it exact).
pub fn deck_id(deck: &str) -> i64 {
    (fnv(&format!("kubedrill-deck:{deck}")) & 0x001f_ffff_ffff_ffff) as i64
}

const SCHEMA: &str = "
CREATE TABLE col (id integer primary key, crt integer not null, mod integer not null,
    scm integer not null, ver integer not null, dty integer not null, usn integer not null,
    ls integer not null, conf text not null, models text not null, decks text not null,
    dconf text not null, tags text not null);
CREATE TABLE notes (id integer primary key, guid text not null, mid integer not null,
    mod integer not null, usn integer not null, tags text not null, flds text not null,
    sfld integer not null, csum integer not null, flags integer not null, data text not null);
CREATE TABLE cards (id integer primary key, nid integer not null, did integer not null,
    ord integer not null, mod integer not null, usn integer not null, type integer not null,
    queue integer not null, due integer not null, ivl integer not null, factor integer not null,
    reps integer not null, lapses integer not null, left integer not null, odue integer not null,
    odid integer not null, flags integer not null, data text not null);
CREATE TABLE revlog (id integer primary key, cid integer not null, usn integer not null,
    ease integer not null, ivl integer not null, lastIvl integer not null,
    factor integer not null, time integer not null, type integer not null);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
";

fn field(name: &str, ord: usize) -> Value {
    json!({"name": name, "ord": ord, "font": "Arial", "size": 20, "media": [], "rtl": false, "sticky": false})
}

fn template(name: &str, qfmt: &str, afmt: &str) -> Value {
    json!({"name": name, "ord": 0, "qfmt": qfmt, "afmt": afmt, "bqfmt": "", "bafmt": "",
           "bfont": "", "bsize": 0, "did": null})
}

const CSS: &str = ".card { font-family: sans-serif; font-size: 18px; text-align: left; }\npre { font-size: 14px; white-space: pre-wrap; }\n.cloze { font-weight: bold; color: #1565c0; }";

fn models(mod_s: i64, first_deck: i64) -> Value {
    let basic = json!({
        "id": BASIC_MODEL_ID.to_string(), "name": "kubedrill Basic", "type": 0, "mod": mod_s,
        "usn": -1, "sortf": 0, "did": first_deck, "tags": [], "vers": [], "css": CSS,
        "latexPre": "", "latexPost": "", "latexsvg": false,
        "flds": [field("Front", 0), field("Back", 1)],
        "tmpls": [template("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}")],
        "req": [[0, "all", [0]]],
    });
    let cloze = json!({
        "id": CLOZE_MODEL_ID.to_string(), "name": "kubedrill Cloze", "type": 1, "mod": mod_s,
        "usn": -1, "sortf": 0, "did": first_deck, "tags": [], "vers": [], "css": CSS,
        "latexPre": "", "latexPost": "", "latexsvg": false,
        "flds": [field("Text", 0), field("Back Extra", 1)],
        "tmpls": [template("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}")],
        "req": [[0, "all", [0]]],
    });
    json!({ BASIC_MODEL_ID.to_string(): basic, CLOZE_MODEL_ID.to_string(): cloze })
}

fn deck_json(id: i64, name: &str, desc: &str, mod_s: i64) -> Value {
    json!({"id": id, "name": name, "desc": desc, "mod": mod_s, "usn": -1, "collapsed": false,
           "conf": 1, "dyn": 0, "extendNew": 0, "extendRev": 50, "newToday": [0, 0],
           "revToday": [0, 0], "lrnToday": [0, 0], "timeToday": [0, 0]})
}

const DCONF: &str = r#"{"1": {"id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60,
 "autoplay": true, "timer": 0, "replayq": true, "dyn": false,
 "new": {"bury": true, "delays": [1, 10], "initialFactor": 2500, "ints": [1, 4, 7], "order": 1, "perDay": 20, "separate": true},
 "lapse": {"delays": [10], "leechAction": 0, "leechFails": 8, "minInt": 1, "mult": 0},
 "rev": {"bury": true, "ease4": 1.3, "fuzz": 0.05, "ivlFct": 1, "maxIvl": 36500, "minSpace": 1, "perDay": 200}}}"#;

/// Writes `decks` as an Anki package at `path`. `now_ms` stamps the notes: Anki replaces a
/// note it already has (same GUID) only with a newer one. `written` is told after each note
/// (for a progress bar).
pub fn write_apkg(
    path: &Path,
    decks: &[AnkiDeck],
    now_ms: i64,
    written: &mut dyn FnMut(),
) -> Result<(), AnkiExportError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let stem = path
        .file_name()
        .map_or("export".into(), |n| n.to_string_lossy().into_owned());
    let db_path = dir.join(format!(".{stem}.{}.anki2", std::process::id()));
    let zip_path = dir.join(format!(".{stem}.{}.part", std::process::id()));
    let result = build(&db_path, decks, now_ms, written).and_then(|()| pack(&db_path, &zip_path));
    let _ = std::fs::remove_file(&db_path);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&zip_path);
        return Err(e);
    }
    std::fs::rename(&zip_path, path).map_err(|error| {
        let _ = std::fs::remove_file(&zip_path);
        AnkiExportError::Io {
            path: path.to_owned(),
            error,
        }
    })
}

fn build(
    db_path: &Path,
    decks: &[AnkiDeck],
    now_ms: i64,
    written: &mut dyn FnMut(),
) -> Result<(), AnkiExportError> {
    let sql = |error| AnkiExportError::Sqlite {
        path: db_path.to_owned(),
        error,
    };
    let _ = std::fs::remove_file(db_path);
    let mut db = Connection::open(db_path).map_err(sql)?;
    db.execute_batch(SCHEMA).map_err(sql)?;
    let mod_s = now_ms / 1000;
    let first = decks.first().map_or(1, |d| deck_id(&d.id));
    let mut deck_map = serde_json::Map::new();
    deck_map.insert("1".into(), deck_json(1, "Default", "", mod_s));
    for d in decks {
        let id = deck_id(&d.id);
        deck_map.insert(
            id.to_string(),
            deck_json(id, &d.name, &d.description, mod_s),
        );
    }
    let conf = json!({"activeDecks": [1], "curDeck": 1, "newSpread": 0, "collapseTime": 1200,
                      "timeLim": 0, "estTimes": true, "dueCounts": true, "curModel": null,
                      "nextPos": 1, "sortType": "noteFld", "sortBackwards": false, "addToCur": true});
    let tx = db.transaction().map_err(sql)?;
    tx.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        params![
            mod_s - mod_s.rem_euclid(86_400),
            now_ms,
            conf.to_string(),
            models(mod_s, first).to_string(),
            Value::Object(deck_map).to_string(),
            DCONF
        ],
    )
    .map_err(sql)?;
    // Note and card ids are unique within the package; Anki matches notes by GUID, not id.
    let mut next_id = now_ms;
    let mut due = 0;
    for d in decks {
        let did = deck_id(&d.id);
        for note in &d.notes {
            next_id += 1;
            let nid = next_id;
            let mid = match note.model {
                AnkiModel::Basic => BASIC_MODEL_ID,
                AnkiModel::Cloze => CLOZE_MODEL_ID,
            };
            let tags = if note.tags.is_empty() {
                String::new()
            } else {
                format!(" {} ", note.tags.join(" "))
            };
            tx.execute(
                "INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, 0, 0, '')",
                params![
                    nid,
                    note_guid(&note.card),
                    mid,
                    mod_s,
                    tags,
                    note.fields.join("\u{1f}"),
                    note.fields[0]
                ],
            )
            .map_err(sql)?;
            for ord in 0..note.cards.max(1) {
                next_id += 1;
                due += 1;
                tx.execute(
                    "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                    params![next_id, nid, did, ord as i64, mod_s, due],
                )
                .map_err(sql)?;
            }
            written();
        }
    }
    tx.commit().map_err(sql)?;
    db.close().map_err(|(_, error)| sql(error))?;
    Ok(())
}

fn pack(db_path: &Path, zip_path: &Path) -> Result<(), AnkiExportError> {
    let io = |error| AnkiExportError::Io {
        path: zip_path.to_owned(),
        error,
    };
    let zipped = |error| AnkiExportError::Zip {
        path: zip_path.to_owned(),
        error,
    };
    let collection = std::fs::read(db_path).map_err(|error| AnkiExportError::Io {
        path: db_path.to_owned(),
        error,
    })?;
    let file = std::fs::File::create(zip_path).map_err(io)?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("collection.anki2", options)
        .map_err(zipped)?;
    zip.write_all(&collection).map_err(io)?;
    zip.start_file("media", options).map_err(zipped)?;
    zip.write_all(b"{}").map_err(io)?;
    let file = zip.finish().map_err(zipped)?;
    file.sync_all().map_err(io)?;
    Ok(())
}
