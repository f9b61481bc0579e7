//! Tables as kubectl prints them: columns padded to their widest cell, trailing spaces trimmed.

/// Columns padded to their widest cell (where `right` says so, right-aligned), `gap` spaces
/// apart (kubectl uses 3), trailing spaces trimmed.
pub fn render(rows: &[Vec<String>], right: &[bool], gap: usize) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |cell| cell.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let sep = " ".repeat(gap);
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(c, cell)| {
                let w = widths[c];
                if right.get(c).copied().unwrap_or(false) {
                    format!("{cell:>w$}")
                } else {
                    format!("{cell:<w$}")
                }
            })
            .collect();
        out.push_str(cells.join(&sep).trim_end());
        out.push('\n');
    }
    out
}
