//! Levenshtein distance over characters: how far a typed answer is from the expected one (deck
//! grading's near misses) and a misspelled field from the field it meant (the strict manifest
//! check's did-you-mean).

pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_insertions_deletions_and_changes() {
        assert_eq!(super::levenshtein("nodeselector", "nodeSelector"), 1);
        assert_eq!(super::levenshtein("toleration", "tolerations"), 1);
        assert_eq!(super::levenshtein("", "abc"), 3);
        assert_eq!(super::levenshtein("kitten", "sitting"), 3);
    }
}
