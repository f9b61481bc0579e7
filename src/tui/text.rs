//! Text from decks and manifests is shown inert: control characters and escape sequences are
//! written out as `\u{1b}` instead of reaching the terminal.

/// One line of untrusted text, made safe to draw. Tabs become spaces; every other control
/// character (ESC, BEL, CR, ...) is shown escaped.
pub fn inert(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\t' => "    ".to_owned(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Multi-line untrusted text: split on newlines, each line made inert.
pub fn inert_lines(text: &str) -> Vec<String> {
    text.lines().map(inert).collect()
}

/// A string cut to `width` characters with an ellipsis.
pub fn clip(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else if width == 0 {
        String::new()
    } else {
        let mut s: String = text.chars().take(width - 1).collect();
        s.push('…');
        s
    }
}

/// Prose written with line breaks (deck text is wrapped in its TOML file) joined into one line
/// per paragraph, so it can be wrapped to the terminal's width instead of at the file's. Lines
/// that start with a space (code, YAML) or a list mark, and blank lines, stay as they are.
pub fn reflow(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut joinable = false;
    for line in text.lines() {
        let keep = line.trim().is_empty()
            || line.starts_with([' ', '\t'])
            || line.starts_with("- ")
            || line.starts_with("* ")
            || line
                .split_once(". ")
                .is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
        match out.last_mut() {
            Some(last) if joinable && !keep => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => out.push(line.to_owned()),
        }
        joinable = !line.trim().is_empty() && !line.starts_with([' ', '\t']);
    }
    out.join("\n")
}

/// How many rows `text` takes when words are wrapped greedily at `width` columns (as
/// `Paragraph` with `Wrap` does; a word longer than a row is broken), to size a box for it.
pub fn wrapped_rows(text: &str, width: usize) -> usize {
    let width = width.max(1);
    text.lines()
        .map(|line| {
            let mut rows = 1;
            let mut used = 0;
            for word in line.split_whitespace() {
                let len = word.chars().count();
                let need = if used == 0 { len } else { used + 1 + len };
                if need <= width {
                    used = need;
                } else {
                    rows += usize::from(used > 0) + (len.saturating_sub(1)) / width;
                    used = (len - 1) % width + 1;
                }
            }
            rows
        })
        .sum::<usize>()
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reflow_joins_prose_and_keeps_code_lists_and_paragraphs() {
        let text = "one two\nthree\n\n    spec:\n      x: 1\n- a\n- b\nend";
        assert_eq!(
            reflow(text),
            "one two three\n\n    spec:\n      x: 1\n- a\n- b end"
        );
    }

    #[test]
    fn escape_sequences_are_shown_not_sent() {
        assert_eq!(inert("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(inert("bell\u{7}"), "bell\\u{7}");
        assert_eq!(inert_lines("x\ny\r"), vec!["x", "y\\u{d}"]);
    }
}
