//! Cloze gaps: `{{answer}}` or `{{answer|other accepted spelling}}`.

/// One gap of a cloze card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    /// The answer shown after checking.
    pub answer: String,
    /// Further accepted spellings.
    pub alternatives: Vec<String>,
    /// Byte range of `{{...}}` in the text.
    pub span: std::ops::Range<usize>,
}

/// The gaps of a cloze text, or the byte offset and message of the first malformed one.
pub fn gaps(text: &str) -> Result<Vec<Gap>, (usize, String)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find("{{").map(|i| i + rest) {
        let Some(close) = text[open + 2..].find("}}").map(|i| i + open + 2) else {
            return Err((open, "gap `{{` is never closed with `}}`".into()));
        };
        let inner = &text[open + 2..close];
        if inner.contains("{{") {
            return Err((open, "gaps cannot be nested".into()));
        }
        let mut parts = inner.split('|').map(str::trim);
        let answer = parts.next().unwrap_or_default().to_owned();
        if answer.is_empty() {
            return Err((open, "gap is empty".into()));
        }
        let alternatives: Vec<String> = parts.map(str::to_owned).collect();
        if alternatives.iter().any(String::is_empty) {
            return Err((open, "gap has an empty alternative after `|`".into()));
        }
        out.push(Gap {
            answer,
            alternatives,
            span: open..close + 2,
        });
        rest = close + 2;
    }
    if let Some(i) = text[rest..].find("}}") {
        return Err((rest + i, "`}}` without an opening `{{`".into()));
    }
    Ok(out)
}

/// Does a typed answer fill the gap? Case and surrounding or repeated spaces are forgiven.
pub fn matches_gap(gap: &Gap, typed: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let typed = norm(typed);
    std::iter::once(&gap.answer)
        .chain(&gap.alternatives)
        .any(|a| norm(a) == typed)
}
