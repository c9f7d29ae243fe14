//! Figures, written two ways only: as the file keeps them, and as people read them.

/// As the file keeps a figure: whole numbers without a decimal point, as an office writes
/// them ("24", not "24.0"); otherwise every digit, so reading it back gives the same number.
pub fn literal(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// As a figure is shown on screen and in reports: up to two decimals (亿元 to the million),
/// no trailing zeros, whole numbers without a point; beyond any real figure (the loader
/// bounds them), an exponent rather than hundreds of digits.
pub fn display(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e12 {
        return compact(x);
    }
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A value quoted in a message: as written, or with an exponent when it is huge.
pub fn compact(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e12 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_keeps_every_digit_the_screen_two() {
        assert_eq!(literal(24.0), "24");
        assert_eq!(literal(12.345), "12.345");
        assert_eq!(display(12.345), "12.35");
        assert_eq!(display(12.3), "12.3");
        assert_eq!(display(50.0), "50");
        assert_eq!(display(-0.001), "0");
        assert_eq!(display(1.7e308), "1.7e308");
    }
}
