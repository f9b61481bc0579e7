//! Drill results: one row per finished drill, with each placement rule's hits and misses, the
//! source of the per-rule accuracy in `stats`.

use super::{Store, StoreError};
use crate::exercise::drill::RuleKey;
use rusqlite::params;
use std::collections::BTreeMap;

/// One finished drill. `rule_hits` maps a rule to (hits, misses); both maps are stored
/// together as the JSON object `{"rule": [hits, misses]}`, keyed by the rule's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DrillResult {
    pub at_ms: i64,
    /// The drill's seed, so the same drill can be rebuilt.
    pub seed: u64,
    pub difficulty: String,
    pub kind: String,
    pub rule_hits: BTreeMap<RuleKey, (u32, u32)>,
    /// Rules this build does not know (written by a newer kubedrill), kept as read: the row is
    /// not damaged, and its counts come back when that build reads it again.
    pub other_rules: BTreeMap<String, (u32, u32)>,
}

impl DrillResult {
    /// The stored JSON: every rule by its text.
    fn rule_hits_json(&self) -> String {
        let all: BTreeMap<&str, (u32, u32)> = self
            .rule_hits
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .chain(self.other_rules.iter().map(|(k, v)| (k.as_str(), *v)))
            .collect();
        // Serializing a map with string keys and integer pairs cannot fail.
        serde_json::to_string(&all).unwrap_or_default()
    }

    /// The result with these counts, keyed by the rules' text as stored: the rules this build
    /// knows go to `rule_hits`, the others to `other_rules`.
    pub fn with_rules(mut self, stored: BTreeMap<String, (u32, u32)>) -> DrillResult {
        let mut known = BTreeMap::new();
        let mut other = BTreeMap::new();
        for (text, counts) in stored {
            match RuleKey::parse(&text) {
                Some(key) => {
                    let sum: &mut (u32, u32) = known.entry(key).or_default();
                    sum.0 = sum.0.saturating_add(counts.0);
                    sum.1 = sum.1.saturating_add(counts.1);
                }
                None => {
                    other.insert(text, counts);
                }
            }
        }
        self.rule_hits = known;
        self.other_rules = other;
        self
    }
}

impl Store {
    /// Appends one drill result in its own transaction; returns its row id.
    pub fn record_drill(&mut self, d: &DrillResult) -> Result<i64, StoreError> {
        let rule_hits = d.rule_hits_json();
        self.write(|conn| {
            conn.execute(
                "INSERT INTO drill_results (at_ms, seed, difficulty, kind, rule_hits) VALUES (?1, ?2, ?3, ?4, ?5)",
                // SQLite integers are i64: the seed is stored bit-cast, so every u64 round-trips.
                params![d.at_ms, d.seed as i64, d.difficulty, d.kind, rule_hits],
            )?;
            Ok(conn.last_insert_rowid())
        })
    }

    /// Every drill result in time order (ties by id). A row whose `rule_hits` is not a JSON
    /// object of `[hits, misses]` pairs is reported, not skipped.
    pub fn drill_results(&self) -> Result<Vec<DrillResult>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, at_ms, seed, difficulty, kind, rule_hits FROM drill_results ORDER BY at_ms, id",
            )
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .map_err(|e| StoreError::sqlite(&self.path, e))?;
        let mut out = Vec::new();
        for row in rows {
            let (id, at_ms, seed, difficulty, kind, rule_hits) =
                row.map_err(|e| StoreError::sqlite(&self.path, e))?;
            let stored = serde_json::from_str(&rule_hits).map_err(|e| StoreError::BadRow {
                table: "drill_results",
                id,
                what: format!("drill result rule_hits {rule_hits:?} ({e})"),
            })?;
            out.push(
                DrillResult {
                    at_ms,
                    seed: seed as u64,
                    difficulty,
                    kind,
                    ..DrillResult::default()
                }
                .with_rules(stored),
            );
        }
        Ok(out)
    }
}
