//! The interface language, shared by the UI and the reports (and chosen by the CLI).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `LC_ALL`, `LC_MESSAGES`, then `LANG`: starting with `zh` gives Chinese, else English.
    pub fn from_env() -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .unwrap_or_default();
        if value.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// `zh` or `en`, as `--lang` takes it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// `zh` or `en`, as given to `--lang`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A label with its values: each `{}` takes the next value, `{0}`, `{1}` … the value at that
/// place (so that a language can put them in its own order). A value is never read as a
/// template itself.
pub fn fill(template: &str, values: &[&dyn std::fmt::Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16 * values.len());
    let mut next = 0;
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let close = after.find('}');
        let index = match close {
            Some(0) => {
                next += 1;
                Some(next - 1)
            }
            Some(n) => after[..n].parse::<usize>().ok(),
            None => None,
        };
        match (index.and_then(|k| values.get(k)), close) {
            (Some(v), Some(n)) => {
                out.push_str(&v.to_string());
                rest = &after[n + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn values_fill_in_turn_or_by_place_and_are_never_templates() {
        assert_eq!(fill("{} 和 {}", &[&1, &"二"]), "1 和 二");
        assert_eq!(
            fill("没有名为“{1}”的{0}", &[&"单位", &"区城管局"]),
            "没有名为“区城管局”的单位"
        );
        assert_eq!(fill("{}: {}", &[&"a{}b", &"c"]), "a{}b: c");
        assert_eq!(fill("keep {literal} and {", &[&1]), "keep {literal} and {");
    }
}
