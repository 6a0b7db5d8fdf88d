//! Numerals: `1,200.5`, `1.200,5`, `0,5`, `1\u{2009}000`, `1'000`.
//!
//! Which of `.` and `,` is the decimal mark follows the rules in the module
//! docs of [`super`]: the last of two different separators is decimal,
//! repeated ones group thousands, and the ambiguous `d{1,3}[.,]ddd` follows
//! the text's convention ([`decimal_comma_convention`]).

use super::scan::Scanner;

/// A numeral read by [`Scanner::number`].
pub(super) struct Num {
    /// The value as written (no unit).
    pub(super) value: f64,
    /// Normalized position after the last digit.
    pub(super) end: usize,
    /// The numeral is a plain integer (no separators) with this value.
    pub(super) int: Option<u64>,
}

impl Scanner<'_> {
    /// Parses a numeral at `i` (a digit).
    pub(super) fn number(&self, i: usize) -> Option<Num> {
        if !self.digit(i) {
            return None;
        }
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut seps: Vec<char> = Vec::new();
        let mut j = i;
        loop {
            let g0 = j;
            while self.digit(j) {
                j += 1;
            }
            groups.push((g0, j));
            let Some(c) = self.at(j) else { break };
            let sep = if c == '.' || c == ',' {
                Some(c)
            } else if c == '\'' || (c == ' ' && self.ch.get(j).is_some_and(|n| n.thin)) {
                Some('\'')
            } else {
                None
            };
            match sep {
                Some(s) if self.digit(j + 1) => {
                    seps.push(s);
                    j += 1;
                }
                _ => break,
            }
        }
        let glen = |k: usize| groups.get(k).map(|g| g.1 - g.0).unwrap_or(0);
        let digits = |k: usize| -> String {
            groups
                .get(k)
                .map(|g| self.cs[g.0..g.1].iter().collect())
                .unwrap_or_default()
        };
        let integer_only = |k: usize| -> Option<Num> {
            let s = digits(k);
            let v: f64 = s.parse().ok()?;
            Some(Num {
                value: v,
                end: groups.get(k)?.1,
                int: s.parse().ok(),
            })
        };
        if seps.is_empty() {
            return integer_only(0);
        }
        let last = *seps.last()?;
        let has_dot = seps.contains(&'.');
        let has_comma = seps.contains(&',');
        let decimal: Option<char> = if has_dot && has_comma {
            if last == '\'' { None } else { Some(last) }
        } else if has_dot || has_comma {
            let c = if has_dot { '.' } else { ',' };
            let count = seps.iter().filter(|&&s| s == c).count();
            if count >= 2 || last != c {
                None
            } else if seps.len() == 1 && glen(1) == 3 && digits(0) != "0" && glen(0) <= 3 {
                let conv = if self.comma_decimal { ',' } else { '.' };
                if c == conv { Some(c) } else { None }
            } else {
                Some(c)
            }
        } else {
            None
        };
        // Validate thousands grouping.
        let mut ok = true;
        let mut thousands: Option<char> = None;
        for (k, &s) in seps.iter().enumerate() {
            if Some(s) == decimal {
                if k != seps.len() - 1 {
                    ok = false;
                }
            } else {
                if thousands.is_some_and(|t| t != s) || glen(k + 1) != 3 || glen(0) > 3 {
                    ok = false;
                }
                thousands = Some(s);
            }
        }
        if !ok {
            return integer_only(0);
        }
        let mut s = String::new();
        for k in 0..groups.len() {
            if k > 0 && Some(seps[k - 1]) == decimal {
                s.push('.');
            }
            s.push_str(&digits(k));
        }
        let v: f64 = s.parse().ok()?;
        Some(Num {
            value: v,
            end: groups.last()?.1,
            int: None,
        })
    }

    /// The position after the digits and `.`/`,` digit groups at `i`: where
    /// the scan resumes after a numeral that gave no quantity.
    pub(super) fn skip_number_run(&self, mut i: usize) -> usize {
        while self.digit(i)
            || (self.at(i).is_some_and(|c| c == '.' || c == ',') && self.digit(i + 1))
        {
            i += 1;
        }
        i
    }
}

/// Whether the text's numbers use a decimal comma (see module docs).
pub(super) fn decimal_comma_convention(cs: &[char]) -> bool {
    let mut comma = 0;
    let mut point = 0;
    let mut i = 0;
    while i < cs.len() {
        if !cs[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut groups: Vec<usize> = Vec::new();
        let mut seps: Vec<char> = Vec::new();
        let mut len = 0;
        while i < cs.len() {
            let c = cs[i];
            if c.is_ascii_digit() {
                len += 1;
                i += 1;
            } else if (c == ',' || c == '.') && cs.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                groups.push(len);
                seps.push(c);
                len = 0;
                i += 1;
            } else {
                break;
            }
        }
        groups.push(len);
        let has_c = seps.contains(&',');
        let has_p = seps.contains(&'.');
        match (has_c, has_p, seps.len()) {
            (true, true, _) => {
                if seps.last() == Some(&',') {
                    comma += 1
                } else {
                    point += 1
                }
            }
            (true, false, 1)
                if (groups[1] != 3
                    || groups[0] > 3
                    || (groups[0] == 1 && leading_zero(cs, i, &groups))) =>
            {
                comma += 1
            }
            (false, true, 1)
                if (groups[1] != 3
                    || groups[0] > 3
                    || (groups[0] == 1 && leading_zero(cs, i, &groups))) =>
            {
                point += 1
            }
            _ => {}
        }
    }
    comma > 0 && point == 0
}

/// Whether the two-group numeral ending at `end` starts with `0`.
fn leading_zero(cs: &[char], end: usize, groups: &[usize]) -> bool {
    let total: usize = groups.iter().sum::<usize>() + groups.len() - 1;
    end >= total && cs.get(end - total) == Some(&'0')
}
