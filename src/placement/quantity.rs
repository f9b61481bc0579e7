//! Kubernetes resource quantities (`100m`, `1.5`, `128Mi`, `1e3`, `2G`), exactly: parsed into
//! nano-units (10⁻⁹) as an `i128`, so `0.1` and `100m` compare equal and nothing is rounded in
//! a way a comparison could notice. The grammar is `resource.Quantity`'s: a signed decimal
//! number, then a binary suffix (Ki…Ei), a decimal SI suffix (n u m k M G T P E) or a decimal
//! exponent (`e3`, `E-2`).

/// The quantity in nano-units, or `None` when it is not a quantity (or absurdly large).
pub fn parse_quantity(text: &str) -> Option<i128> {
    let s = text.trim();
    let (negative, s) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (number, suffix) = s.split_at(split);
    let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
    if whole.is_empty() && frac.is_empty() || frac.contains('.') {
        return None;
    }
    let mut mantissa: i128 = 0;
    for d in whole.bytes().chain(frac.bytes()) {
        mantissa = mantissa
            .checked_mul(10)?
            .checked_add(i128::from(d - b'0'))?;
    }
    // value = mantissa × 10^(exp10 − frac digits) × 2^exp2, in units; × 10^9 for nano-units.
    let (exp10, exp2): (i32, u32) = match suffix {
        "" => (0, 0),
        "n" => (-9, 0),
        "u" => (-6, 0),
        "m" => (-3, 0),
        "k" => (3, 0),
        "M" => (6, 0),
        "G" => (9, 0),
        "T" => (12, 0),
        "P" => (15, 0),
        "E" => (18, 0),
        "Ki" => (0, 10),
        "Mi" => (0, 20),
        "Gi" => (0, 30),
        "Ti" => (0, 40),
        "Pi" => (0, 50),
        "Ei" => (0, 60),
        _ => {
            let exp = suffix.strip_prefix(['e', 'E'])?;
            let digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            (exp.parse().ok()?, 0)
        }
    };
    let scale = 9 + exp10 - frac.len() as i32;
    let mut value = mantissa.checked_mul(1i128.checked_shl(exp2)?)?;
    if scale >= 0 {
        value = value.checked_mul(10i128.checked_pow(scale.unsigned_abs())?)?;
    } else {
        // Below a nano-unit: round up, as Kubernetes rounds a quantity it cannot represent.
        let div = 10i128.checked_pow(scale.unsigned_abs())?;
        value = (value + div - 1) / div;
    }
    Some(if negative { -value } else { value })
}

/// A nano-unit amount written back for people: `cpu` in cores or millicores, bytes in the
/// largest binary unit that divides it, anything else as a plain number.
pub fn describe_quantity(resource: &str, nano: i128) -> String {
    const NANO: i128 = 1_000_000_000;
    if resource == "cpu" {
        return if nano % NANO == 0 {
            format!("{}", nano / NANO)
        } else {
            format!("{}m", nano / 1_000_000)
        };
    }
    let units = nano / NANO;
    if resource == "memory" || resource.contains("storage") {
        for (suffix, shift) in [("Gi", 30), ("Mi", 20), ("Ki", 10)] {
            if units != 0 && units % (1i128 << shift) == 0 {
                return format!("{}{suffix}", units >> shift);
            }
        }
    }
    format!("{units}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_parse_exactly() {
        let n = |s| parse_quantity(s).unwrap();
        assert_eq!(n("100m"), n("0.1"));
        assert_eq!(n("1"), 1_000_000_000);
        assert_eq!(n("1Ki"), 1024 * 1_000_000_000);
        assert_eq!(n("1.5Gi"), 3 * (1 << 29) * 1_000_000_000);
        assert_eq!(n("1e3"), n("1k"));
        assert_eq!(n("1E3"), n("1k"));
        assert_eq!(n("5E-3"), n("5m"));
        assert_eq!(n("1n"), 1);
        assert_eq!(n("-2"), -2_000_000_000);
        assert_eq!(n("1E"), 1_000_000_000_000_000_000_000_000_000);
        for bad in ["", "m", "1x", "1.2.3", "1e", "Mi", "--1", "1 Mi"] {
            assert_eq!(parse_quantity(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn quantities_read_back() {
        assert_eq!(
            describe_quantity("cpu", parse_quantity("250m").unwrap()),
            "250m"
        );
        assert_eq!(describe_quantity("cpu", parse_quantity("2").unwrap()), "2");
        assert_eq!(
            describe_quantity("memory", parse_quantity("512Mi").unwrap()),
            "512Mi"
        );
        assert_eq!(
            describe_quantity("pods", parse_quantity("110").unwrap()),
            "110"
        );
    }
}
