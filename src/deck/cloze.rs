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

/// Does a typed answer fill the gap? What a learner expects to be forgiven is: case, spaces,
/// hyphens and underscores (so `rolling update` is `RollingUpdate`, CamelCase read as words),
/// a trailing slash (`/var/log/` is `/var/log`), a plural `s`, and `0%` for `0`.
pub fn matches_gap(gap: &Gap, typed: &str) -> bool {
    let typed = canonical(typed);
    !typed.is_empty() && accepted(gap).any(|a| a == typed)
}

/// The closest accepted spelling of a gap to a wrong answer, when it is a near miss: at most 2
/// characters off (insertions, deletions, substitutions) on an answer of 8 characters or more,
/// where a typo is likelier than not knowing. The learner sees the difference and decides.
pub fn near_miss<'a>(gap: &'a Gap, typed: &str) -> Option<&'a str> {
    let typed_c = canonical(typed);
    std::iter::once(&gap.answer)
        .chain(&gap.alternatives)
        .filter(|a| a.chars().count() >= 8)
        .map(|a| {
            (
                crate::edit_distance::levenshtein(&canonical(a), &typed_c),
                a,
            )
        })
        .filter(|(d, _)| (1..=2).contains(d))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.as_str())
}

fn accepted(gap: &Gap) -> impl Iterator<Item = String> + '_ {
    std::iter::once(&gap.answer)
        .chain(&gap.alternatives)
        .flat_map(|a| {
            let c = canonical(a);
            // A plural of a plain word (`integers` for `integer`, `pod` for `pods`); never of a
            // name such as `Exists` or `DaemonSet`, where the spelling is the point.
            let word = a.chars().all(|ch| ch.is_ascii_lowercase() || ch == ' ');
            let alt = word.then(|| {
                c.strip_suffix('s')
                    .map_or_else(|| format!("{c}s"), str::to_owned)
            });
            std::iter::once(c).chain(alt)
        })
}

/// Lower case, without spaces, hyphens, underscores or a trailing slash; `0%` is `0`.
fn canonical(s: &str) -> String {
    let mut c: String = s
        .chars()
        .filter(|ch| !ch.is_whitespace() && !matches!(ch, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    while c.len() > 1 && c.ends_with('/') {
        c.pop();
    }
    if c == "0%" {
        c = "0".into();
    }
    c
}

/// Two strings aligned character by character for a type-in comparison (as Anki shows a typed
/// answer against the right one): the typed one and the expected one with `-` where a character
/// is missing, and a line with `^` under every difference.
pub fn align(typed: &str, expected: &str) -> (String, String, String) {
    let a: Vec<char> = typed.chars().collect();
    let b: Vec<char> = expected.chars().collect();
    // The full table, to walk back through.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let sub = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let (mut top, mut bottom, mut marks) = (Vec::new(), Vec::new(), Vec::new());
    let (mut i, mut j) = (a.len(), b.len());
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]) {
            top.push(a[i - 1]);
            bottom.push(b[j - 1]);
            marks.push(if a[i - 1] == b[j - 1] { ' ' } else { '^' });
            i -= 1;
            j -= 1;
        } else if j > 0 && (i == 0 || d[i][j] == d[i][j - 1] + 1) {
            top.push('-');
            bottom.push(b[j - 1]);
            marks.push('^');
            j -= 1;
        } else {
            top.push(a[i - 1]);
            bottom.push('-');
            marks.push('^');
            i -= 1;
        }
    }
    let collect = |v: Vec<char>| v.into_iter().rev().collect::<String>();
    (
        collect(top),
        collect(bottom),
        collect(marks).trim_end().to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gap(answer: &str) -> Gap {
        Gap {
            answer: answer.into(),
            alternatives: Vec::new(),
            span: 0..0,
        }
    }

    #[test]
    fn forgives_what_a_learner_expects() {
        for (answer, typed) in [
            ("RollingUpdate", "rolling update"),
            ("RollingUpdate", "rolling-update"),
            ("/var/log", "/var/log/"),
            ("integer", "integers"),
            ("0", "0%"),
            ("maxSurge", "  MAXSURGE "),
        ] {
            assert!(matches_gap(&gap(answer), typed), "{typed:?} for {answer:?}");
        }
        for (answer, typed) in [
            ("RollingUpdate", "OnDelete"),
            ("0", "1"),
            ("/var/log", "/"),
            ("Exists", "Exist"),
        ] {
            assert!(
                !matches_gap(&gap(answer), typed),
                "{typed:?} for {answer:?}"
            );
        }
    }

    #[test]
    fn alignment_marks_each_difference() {
        let (typed, expected, marks) = align("DurngExecution", "DuringExecution");
        assert_eq!(typed, "Dur-ngExecution");
        assert_eq!(expected, "DuringExecution");
        assert_eq!(marks, "   ^");
    }

    #[test]
    fn a_near_miss_is_a_typo_in_a_long_answer() {
        let long = gap("requiredDuringSchedulingIgnoredDuringExecution");
        assert_eq!(
            near_miss(&long, "requiredDuringSchedulingIgnoredDurngExecution"),
            Some("requiredDuringSchedulingIgnoredDuringExecution")
        );
        assert_eq!(
            near_miss(&long, "preferredDuringSchedulingIgnoredDuringExecution"),
            None
        );
        assert_eq!(
            near_miss(&gap("Exists"), "Exist"),
            None,
            "too short to guess a typo"
        );
        assert_eq!(
            near_miss(&long, &long.answer.to_lowercase()),
            None,
            "that is right"
        );
    }
}
