//! Numeric quantities in product descriptions: extraction and SI normalization.
//!
//! [`extract`] finds numbers with units in free text (English, Chinese and
//! Japanese catalog style) and converts them to SI. Spans are byte offsets
//! into the *original* text.
//!
//! # Heuristics
//!
//! * **Normalization.** Each input character is NFKC-normalized on its own
//!   (full-width `５００Ｗ`, `℃`, `㎓`, `µ`→`μ`, `³`→`3`), dashes fold to `-`,
//!   middle dots to `·`, `º`/`˚` to `°`, `〜` to `~`. The full-width comma `，`
//!   is *not* folded: in CJK text it separates clauses, never digits.
//! * **Decimal separator.** `1,200.5` / `1.200,5`: the last of `.`/`,` is the
//!   decimal mark. Several equal separators are thousands groups (`1,200,000`).
//!   A single separator followed by anything other than exactly three digits is
//!   decimal (`0,5`, `3,75`, `1.5`); a leading `0` always makes it decimal
//!   (`0,500`). The ambiguous `d{1,3}[.,]ddd` follows the text's convention:
//!   if the text elsewhere has an unambiguous decimal comma and no unambiguous
//!   decimal point, `1.200` is 1200 and `1,200` is 1.2; otherwise (the default)
//!   `1,200` is 1200 and `1.200` is 1.2. Thin spaces (U+2009, U+202F) and `'`
//!   group thousands. Inconsistent groups cut the number at its first separator.
//! * **Glued numbers are not quantities.** A number preceded by a Latin/Greek/
//!   Cyrillic letter (`N52`, `LM317`, `RTX4090`, `Sm2Co17`), by a digit, or by
//!   `-`, `_`, `.` that itself follows a letter or digit (`Ti-6Al-4V`,
//!   `2025-04-04`), or by `/` after a digit (`1/2`) is skipped. Exceptions:
//!   diameter/wavelength signs `Φ φ Ø ø ⌀ λ` and the tokens `DC`/`AC`
//!   (`DC12V`). CJK characters never glue (`功率500W`).
//! * **Units** are matched longest-first and must end at a boundary: not
//!   followed by a letter or digit (`5 Wide`, `10 m2`), nor by `/`, `·` or `^`
//!   plus a letter (`5 mm/s` is a speed, not a length); katakana units must not
//!   be followed by katakana. A number needs a unit, except `5N`-style purity
//!   and `640×512` pixel formats. `G` alone is not gauss (`5G`), `C` alone is
//!   not Celsius (`5C` rate); a `K` glued to a number below 20 is not kelvin
//!   (`4K`, `8K` video), `77K` and `77 K` are.
//! * **Prefix multiplier** `k`/`K`/`M`/`G` glued to a number counts only when
//!   a space and a unit follow that accepts it (`1.2k W` = 1.2 kW); `1.2k`
//!   alone is nothing.
//! * **Bounds.** Prefix `≥ >= min. minimum at least 不小于 不低于 至少` →
//!   [`Bound::AtLeast`]; `> over above more than 大于 超过` → `MoreThan`;
//!   `≤ <= max. up to 不大于 不超过 最大 最高 高达` → `AtMost`; `< below under
//!   less than 小于 低于` → `LessThan`; `~ ≈ ca. approx. about 约 約` → `Approx`;
//!   `±` alone → `PlusMinus`. Suffixes `以上`, `+`, `min`, `or more` →
//!   `AtLeast`; `以下`, `max`, `or less` → `AtMost`; `未満` → `LessThan`;
//!   `超` → `MoreThan`. A prefix wins over a suffix. Spans include the
//!   operator words.
//! * **Ranges** `a-b unit`, `a–b`, `a~b`, `a to b`, `a至b`, `a unit - b unit`:
//!   `value` is the lower end, `max` the upper (both SI). `a unit - b unit` of
//!   different dimensions is two quantities.
//! * **Tolerance** `10 ±0.1 mm`, `10 mm ± 0.1`, `100 W ±5 %` (relative):
//!   `tolerance` in SI, the nominal stays `value`.
//! * **Multiplication.** `2 x 500 W` (also `×`, `*`, `500 W x 2`) is one
//!   quantity of *per-unit* value 500 W with `count = Some(2)`; the total is
//!   `value * count`. When the unit is a length, `100 x 200 x 50 mm` are the
//!   sides of a body: one length quantity per number (each spans its number,
//!   the last also the unit). `640×512` (both integers ≥ 32) or
//!   `640 x 512 pixels` is a [`Dimension::PixelCount`] of the product.
//! * **Lists** `1064/532 nm`, `50/60 Hz` give one quantity per number with
//!   the shared unit (non-last spans cover the number only); two integers
//!   `a/b` with `a < b` and `b` in 2, 4, 8, 16, 32, 64 are a fraction
//!   (`1/2 inch`) and give nothing. `between 20 and 30 W` is a range.
//! * **Plain-space grouping** (`1 000 W`) is not read: the digit group `000`
//!   is skipped rather than read as 0 W; `1` has no unit.
//! * **Ambiguous symbols**, read one way: `g` is gram (not acceleration),
//!   `T` tesla (not tonne), `A` ampere, `Hz` frequency (frame-rate
//!   conditions accept it), `%` a fraction whatever it measures.
//! * **Signs.** `-`/`+` directly before a number (not after a letter/digit)
//!   is a sign for temperatures, angles, angular rates, voltages, currents,
//!   and dBm/dBW; elsewhere it is read as a dash and dropped.
//! * **Purity** `5N` = 99.999 %, `4N5` = 99.995 %, as a fraction (0.99999).
//!   Percent and ppm are fractions too (`99.99 %` = 0.9999, `5 ppm` = 5e-6).
//! * **dBm/dBW** convert to watts; their tolerances are not linear and are
//!   dropped. Tolerances of `°C` / `°F` are differences (no offset).
//! * Numbers in scientific notation (`1e-3`, `1×10^6`) and leading-dot
//!   decimals (`.5 mm`) are not read.
//!
//! # Layout
//!
//! * `units` — the unit table (spellings, dimensions, conversions) as data;
//! * `ops` — comparison operators before and after a number, range
//!   separators;
//! * `number` — numerals: decimal comma or point, digit grouping;
//! * `scan` — the scanner: numbers with units, ranges, `N x M`, purity,
//!   tolerances;
//! * `cases.tsv` — the extraction cases the tests read, one per line.

mod number;
mod ops;
mod scan;
#[cfg(test)]
mod tests;
mod units;

use std::ops::Range;

use scan::Scanner;

/// A physical dimension; every quantity is stored in its SI unit
/// ([`Dimension::si_unit`]). More dimensions will come: match with a
/// wildcard arm, or list them with [`Dimension::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Dimension {
    /// Hz (`kHz`, `GHz`, `兆赫`).
    Frequency,
    /// W (`mW`, `kW`, `dBm`, `hp`, `瓦`).
    Power,
    /// m: wavelength, particle size, thickness (`nm`, `µm`, `Å`, `毫米`).
    Length,
    /// J/kg, gravimetric energy density (`Wh/kg`).
    SpecificEnergy,
    /// J/m³, volumetric energy density (`Wh/L`).
    EnergyDensity,
    /// kg/m³ (`g/cm³`, `g/cc`).
    Density,
    /// C/kg (`mAh/g`).
    SpecificCapacity,
    /// C (`mAh`, `Ah`).
    Charge,
    /// A/m: coercivity (`kA/m`, `Oe`, `kOe`).
    MagneticFieldStrength,
    /// T: remanence (`mT`, `Gs`, `kG`).
    MagneticFluxDensity,
    /// J/m³: magnet energy product (`kJ/m³`, `MGOe`).
    EnergyProduct,
    /// K (`°C`, `°F`, `℃`, `摄氏度`).
    Temperature,
    /// Pa: pressure and strength (`MPa`, `GPa`, `bar`, `psi`, `N/mm²`).
    Pressure,
    /// Dimensionless fraction: purity and concentration (`%`, `ppm`, `5N`).
    Fraction,
    /// V.
    Voltage,
    /// A.
    Current,
    /// J (`mJ`, `Wh`, `kWh`, `eV`).
    Energy,
    /// kg.
    Mass,
    /// s (`ns`, `fs`, `min`, `h`).
    Time,
    /// Hz, frames per second (`fps`).
    FrameRate,
    /// Number of pixels (`MP`, `万像素`, `640×512`).
    PixelCount,
    /// rad (`°`, `mrad`).
    Angle,
    /// rad/s: gyro drift and rotation speed (`°/h`, `deg/s`, `rpm`).
    AngularRate,
    /// rad/√s: gyro angle random walk (`°/√h`).
    AngleRandomWalk,
}

impl serde::Serialize for Dimension {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl Dimension {
    /// Every dimension, in declaration order. A slice, not an array, so
    /// that a new dimension does not change its type.
    pub const ALL: &'static [Dimension] = &[
        Dimension::Frequency,
        Dimension::Power,
        Dimension::Length,
        Dimension::SpecificEnergy,
        Dimension::EnergyDensity,
        Dimension::Density,
        Dimension::SpecificCapacity,
        Dimension::Charge,
        Dimension::MagneticFieldStrength,
        Dimension::MagneticFluxDensity,
        Dimension::EnergyProduct,
        Dimension::Temperature,
        Dimension::Pressure,
        Dimension::Fraction,
        Dimension::Voltage,
        Dimension::Current,
        Dimension::Energy,
        Dimension::Mass,
        Dimension::Time,
        Dimension::FrameRate,
        Dimension::PixelCount,
        Dimension::Angle,
        Dimension::AngularRate,
        Dimension::AngleRandomWalk,
    ];

    /// Canonical snake_case name, e.g. `"power"`, `"specific_energy"`.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Frequency => "frequency",
            Dimension::Power => "power",
            Dimension::Length => "length",
            Dimension::SpecificEnergy => "specific_energy",
            Dimension::EnergyDensity => "volumetric_energy_density",
            Dimension::Density => "density",
            Dimension::SpecificCapacity => "specific_capacity",
            Dimension::Charge => "charge",
            Dimension::MagneticFieldStrength => "magnetic_field_strength",
            Dimension::MagneticFluxDensity => "magnetic_flux_density",
            Dimension::EnergyProduct => "energy_product",
            Dimension::Temperature => "temperature",
            Dimension::Pressure => "pressure",
            Dimension::Fraction => "fraction",
            Dimension::Voltage => "voltage",
            Dimension::Current => "current",
            Dimension::Energy => "energy",
            Dimension::Mass => "mass",
            Dimension::Time => "time",
            Dimension::FrameRate => "frame_rate",
            Dimension::PixelCount => "pixel_count",
            Dimension::Angle => "angle",
            Dimension::AngularRate => "angular_rate",
            Dimension::AngleRandomWalk => "angle_random_walk",
        }
    }

    /// The SI unit values of this dimension are stored in.
    pub fn si_unit(self) -> &'static str {
        match self {
            Dimension::Frequency | Dimension::FrameRate => "Hz",
            Dimension::Power => "W",
            Dimension::Length => "m",
            Dimension::SpecificEnergy => "J/kg",
            Dimension::EnergyDensity | Dimension::EnergyProduct => "J/m³",
            Dimension::Density => "kg/m³",
            Dimension::SpecificCapacity => "C/kg",
            Dimension::Charge => "C",
            Dimension::MagneticFieldStrength => "A/m",
            Dimension::MagneticFluxDensity => "T",
            Dimension::Temperature => "K",
            Dimension::Pressure => "Pa",
            Dimension::Fraction => "1",
            Dimension::Voltage => "V",
            Dimension::Current => "A",
            Dimension::Energy => "J",
            Dimension::Mass => "kg",
            Dimension::Time => "s",
            Dimension::PixelCount => "px",
            Dimension::Angle => "rad",
            Dimension::AngularRate => "rad/s",
            Dimension::AngleRandomWalk => "rad/√s",
        }
    }

    /// Parses a canonical name or an alias (case-insensitive, `-`/space =
    /// `_`): `wavelength`, `particle_size`, `thickness`, `diameter`, `size` →
    /// length; `coercivity` → magnetic_field_strength; `remanence` →
    /// magnetic_flux_density; `purity`, `concentration` → fraction; `strength`,
    /// `tensile_strength` → pressure; `energy_density` → specific_energy;
    /// `resolution` → pixel_count; `bias_stability`, `drift` → angular_rate;
    /// `fps` → frame_rate.
    pub fn from_name(s: &str) -> Option<Dimension> {
        let key: String = s
            .trim()
            .chars()
            .map(|c| if c == '-' || c == ' ' { '_' } else { c })
            .collect::<String>()
            .to_lowercase();
        if let Some(d) = Dimension::ALL.iter().find(|d| d.name() == key) {
            return Some(*d);
        }
        Some(match key.as_str() {
            "wavelength" | "particle_size" | "grain_size" | "thickness" | "diameter" | "size" => {
                Dimension::Length
            }
            "coercivity" | "magnetic_field" => Dimension::MagneticFieldStrength,
            "remanence" | "flux_density" => Dimension::MagneticFluxDensity,
            "purity" | "concentration" => Dimension::Fraction,
            "strength" | "tensile_strength" => Dimension::Pressure,
            "energy_density" | "gravimetric_energy_density" => Dimension::SpecificEnergy,
            "resolution" | "pixels" => Dimension::PixelCount,
            "bias_stability" | "drift" | "drift_rate" => Dimension::AngularRate,
            "fps" => Dimension::FrameRate,
            "capacity" => Dimension::SpecificCapacity,
            _ => return None,
        })
    }

    /// Whether a condition on `self` considers a quantity of dimension `q`:
    /// equal dimensions, and frame-rate conditions also read `Hz` values.
    pub fn accepts(self, q: Dimension) -> bool {
        self == q || (self == Dimension::FrameRate && q == Dimension::Frequency)
    }

    /// Name with spaces for prose, e.g. `"specific energy"`.
    pub fn prose(self) -> String {
        self.name().replace('_', " ")
    }
}

/// How a stated number bounds the real value. More kinds may come: match
/// with a wildcard arm, or use [`Quantity::interval`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Bound {
    /// Plain number or range.
    Exact,
    /// `≥`, `min.`, `at least`, `以上`.
    AtLeast,
    /// `>`, `over`, `more than`.
    MoreThan,
    /// `≤`, `max.`, `up to`, `以下`.
    AtMost,
    /// `<`, `below`, `less than`.
    LessThan,
    /// `~`, `≈`, `ca.`, `约`.
    Approx,
    /// `±v` without a nominal (accuracy or symmetric range); `value` is `v`.
    PlusMinus,
}

/// A quantity found in text, normalized to SI.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Value in SI (the lower end of a range; the per-unit value for `N x V`).
    pub value: f64,
    /// Upper end of a range, SI.
    pub max: Option<f64>,
    /// Dimension of the unit.
    pub dimension: Dimension,
    /// Comparison the text attached to the number.
    pub bound: Bound,
    /// Symmetric tolerance in SI (`10 ±0.1 mm` → 1e-4).
    pub tolerance: Option<f64>,
    /// Multiplicity of `N x V unit`; the total is `value * count`.
    pub count: Option<u32>,
    /// Byte offsets into the original text (operator words included).
    pub span: Range<usize>,
    /// The unit as written in the original text.
    pub unit: String,
}

impl Quantity {
    /// The set of values the statement allows, as `(low, high)` in SI;
    /// open ends are infinite. Tolerance and `Approx` do not widen it.
    pub fn interval(&self) -> (f64, f64) {
        let hi = self.max.unwrap_or(self.value);
        match self.bound {
            Bound::Exact | Bound::Approx | Bound::PlusMinus => (self.value, hi),
            Bound::AtLeast | Bound::MoreThan => (self.value, f64::INFINITY),
            Bound::AtMost | Bound::LessThan => (f64::NEG_INFINITY, hi),
        }
    }

    /// The quantity's text in `source` (the string it was extracted from).
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.span.clone()).unwrap_or("")
    }
}

/// Finds all quantities in `text`, ordered by position. Never panics; spans
/// are char boundaries of `text`.
pub fn extract(text: &str) -> Vec<Quantity> {
    let s = Scanner::new(text);
    s.run()
}

/// Parses a rule threshold such as `"1 kW"`, `"1064 nm"`, `"350 Wh/kg"`,
/// `"99.99 %"`, `"5N"`, `"40 kOe"` into an SI value and its dimension.
pub fn parse_threshold(s: &str) -> Result<(f64, Dimension), String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty threshold".to_string());
    }
    let qs = extract(t);
    if let [q] = qs.as_slice()
        && q.span == (0..t.len())
        && q.max.is_none()
        && q.count.is_none()
    {
        if q.bound != Bound::Exact {
            return Err(format!(
                "threshold `{t}` carries a comparison; put it in `op`"
            ));
        }
        return Ok((q.value, q.dimension));
    }
    if qs.len() > 1 {
        return Err(format!("threshold `{t}` holds more than one value"));
    }
    // Diagnose: number followed by something that is not a unit?
    let num_end = t
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || c == '.' || c == ',' || (i == 0 && (c == '-' || c == '+')))
        })
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    if num_end == 0 || !t[..num_end].chars().any(|c| c.is_ascii_digit()) {
        return Err(format!("no number in threshold `{t}`"));
    }
    let rest = t[num_end..].trim();
    if rest.is_empty() {
        return Err(format!("threshold `{t}` has no unit"));
    }
    Err(format!("unknown unit `{rest}` in threshold `{t}`"))
}
