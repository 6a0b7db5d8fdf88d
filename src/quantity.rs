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

use crate::text::chars::is_word_letter;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// A physical dimension; every quantity is stored in its SI unit
/// ([`Dimension::si_unit`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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
    /// Every dimension, in declaration order.
    pub const ALL: [Dimension; 24] = [
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

/// How a stated number bounds the real value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

// ---------------------------------------------------------------------------
// Unit table

#[derive(Debug, Clone, Copy)]
enum Conv {
    Linear { factor: f64, offset: f64 },
    Dbm,
    Dbw,
}

impl Conv {
    fn apply(self, v: f64) -> f64 {
        match self {
            Conv::Linear { factor, offset } => v * factor + offset,
            Conv::Dbm => 10f64.powf((v - 30.0) / 10.0),
            Conv::Dbw => 10f64.powf(v / 10.0),
        }
    }
    fn delta(self, v: f64) -> Option<f64> {
        match self {
            Conv::Linear { factor, .. } => Some(v * factor),
            _ => None,
        }
    }
    fn signed(self) -> bool {
        !matches!(self, Conv::Linear { .. })
    }
}

#[derive(Debug)]
struct UnitDef {
    text: Vec<char>,
    ci: bool,
    dim: Dimension,
    conv: Conv,
    /// Minimum |value| when glued to the number without a space.
    glue_min: f64,
}

struct Units {
    defs: Vec<UnitDef>,
    /// Indices by (lowercased) first char, longest first.
    by_first: std::collections::HashMap<char, Vec<usize>>,
}

fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

const PI: f64 = std::f64::consts::PI;

fn prefix_factor(p: char) -> f64 {
    match p {
        'f' => 1e-15,
        'p' => 1e-12,
        'n' => 1e-9,
        'μ' | 'u' => 1e-6,
        'm' => 1e-3,
        'c' => 1e-2,
        'h' => 1e2,
        'k' | 'K' => 1e3,
        'M' => 1e6,
        'G' => 1e9,
        'T' => 1e12,
        _ => 1.0,
    }
}

struct Builder(Vec<UnitDef>);

impl Builder {
    fn push(&mut self, text: &str, ci: bool, dim: Dimension, conv: Conv, glue_min: f64) {
        let t: Vec<char> = if ci {
            text.chars().map(lower).collect()
        } else {
            text.chars().collect()
        };
        self.0.push(UnitDef {
            text: t,
            ci,
            dim,
            conv,
            glue_min,
        });
    }
    /// `|`-separated spellings, case-sensitive.
    fn add(&mut self, names: &str, dim: Dimension, factor: f64) {
        for n in names.split('|') {
            self.push(
                n,
                false,
                dim,
                Conv::Linear {
                    factor,
                    offset: 0.0,
                },
                0.0,
            );
        }
    }
    /// `|`-separated spellings, case-insensitive.
    fn ci(&mut self, names: &str, dim: Dimension, factor: f64) {
        for n in names.split('|') {
            self.push(
                n,
                true,
                dim,
                Conv::Linear {
                    factor,
                    offset: 0.0,
                },
                0.0,
            );
        }
    }
    /// Base unit plus SI-prefixed forms (`prefixes` as chars).
    fn si(&mut self, base: &str, prefixes: &str, dim: Dimension, factor: f64) {
        self.add(base, dim, factor);
        for p in prefixes.chars() {
            self.add(&format!("{p}{base}"), dim, factor * prefix_factor(p));
        }
    }
    /// Compound `num/den` in the written forms `a/b`, `a / b`, `a b-1`,
    /// `a·b-1`, `ab-1`, `a b^-1`, `a·b^-1`.
    fn per(&mut self, nums: &str, dens: &str, dim: Dimension, factor: f64) {
        for n in nums.split('|') {
            for d in dens.split('|') {
                for f in [
                    format!("{n}/{d}"),
                    format!("{n} / {d}"),
                    format!("{n} {d}-1"),
                    format!("{n}·{d}-1"),
                    format!("{n}{d}-1"),
                    format!("{n} {d}^-1"),
                    format!("{n}·{d}^-1"),
                ] {
                    self.add(&f, dim, factor);
                }
            }
        }
    }
}

/// The entries of [`OPS_PREFIX`] whose last character is `c`, in their
/// order there (longer phrases before their endings).
fn prefix_ops_ending_with(c: char) -> &'static [(&'static str, Bound)] {
    static BY_LAST: OnceLock<HashMap<char, Vec<(&'static str, Bound)>>> = OnceLock::new();
    let by_last = BY_LAST.get_or_init(|| {
        let mut m: HashMap<char, Vec<(&'static str, Bound)>> = HashMap::new();
        for &(op, b) in OPS_PREFIX {
            if let Some(last) = op.chars().next_back() {
                m.entry(last).or_default().push((op, b));
            }
        }
        m
    });
    by_last.get(&c).map_or(&[], Vec::as_slice)
}

fn units() -> &'static Units {
    static U: OnceLock<Units> = OnceLock::new();
    U.get_or_init(build_units)
}

fn build_units() -> Units {
    use Dimension as D;
    let mut b = Builder(Vec::new());
    // Frequency
    b.ci("hz|hertz", D::Frequency, 1.0);
    b.ci("khz|kilohertz", D::Frequency, 1e3);
    b.ci("mhz|megahertz", D::Frequency, 1e6);
    b.ci("ghz|gigahertz", D::Frequency, 1e9);
    b.ci("thz|terahertz", D::Frequency, 1e12);
    b.add("赫|赫兹|ヘルツ", D::Frequency, 1.0);
    b.add("千赫|千赫兹|キロヘルツ", D::Frequency, 1e3);
    b.add("兆赫|兆赫兹|メガヘルツ", D::Frequency, 1e6);
    b.add("千兆赫|千兆赫兹|吉赫|吉赫兹|ギガヘルツ", D::Frequency, 1e9);
    b.add("太赫兹", D::Frequency, 1e12);
    // Power
    b.si("W", "μumkMG", D::Power, 1.0);
    b.add("w|watt|watts|Watt|Watts|瓦|瓦特|ワット", D::Power, 1.0);
    b.add("mw|milliwatt|milliwatts|毫瓦|ミリワット", D::Power, 1e-3);
    b.add("KW|kw|Kw|kilowatt|kilowatts|千瓦|キロワット", D::Power, 1e3);
    b.add("兆瓦", D::Power, 1e6);
    b.add("微瓦", D::Power, 1e-6);
    b.add("hp|HP", D::Power, 745.699_871_582_270_2);
    for n in ["dBm", "dbm", "DBM", "DBm"] {
        b.push(n, false, D::Power, Conv::Dbm, 0.0);
    }
    for n in ["dBW", "dbw", "DBW", "dBw"] {
        b.push(n, false, D::Power, Conv::Dbw, 0.0);
    }
    // Length
    b.si("m", "nμumck", D::Length, 1.0);
    b.add("MM|Mm", D::Length, 1e-3);
    b.add("CM", D::Length, 1e-2);
    b.add("UM", D::Length, 1e-6);
    b.add(
        "μ|micron|microns|Micron|Microns|微米|ミクロン|マイクロン|マイクロメートル",
        D::Length,
        1e-6,
    );
    b.add("Å|angstrom|angstroms|埃", D::Length, 1e-10);
    b.add("inch|inches", D::Length, 0.0254);
    b.add("米|メートル", D::Length, 1.0);
    b.add("毫米|ミリ|ミリメートル", D::Length, 1e-3);
    b.add("厘米|センチ|センチメートル", D::Length, 1e-2);
    b.add("纳米|ナノメートル", D::Length, 1e-9);
    // Specific energy
    let kg = "kg|Kg|KG";
    b.per("Wh|wh|WH|Whr", kg, D::SpecificEnergy, 3600.0);
    b.per("kWh|KWh|kwh", kg, D::SpecificEnergy, 3.6e6);
    b.per("mWh", "g", D::SpecificEnergy, 3600.0);
    b.per("J", kg, D::SpecificEnergy, 1.0);
    b.per("kJ", kg, D::SpecificEnergy, 1e3);
    b.per("MJ", kg, D::SpecificEnergy, 1e6);
    b.per("J", "g", D::SpecificEnergy, 1e3);
    b.add(
        "瓦时/千克|瓦时/公斤|瓦时每千克|Wh/千克",
        D::SpecificEnergy,
        3600.0,
    );
    // Volumetric energy density
    b.per("Wh|wh|WH", "L|l|dm3", D::EnergyDensity, 3.6e6);
    b.per("kWh", "m3|m^3", D::EnergyDensity, 3.6e6);
    b.add("瓦时/升", D::EnergyDensity, 3.6e6);
    // Density
    b.per("g", "cm3|cm^3|cc|ml|mL|CM3", D::Density, 1e3);
    b.per("kg|Kg", "m3|m^3", D::Density, 1.0);
    b.per("kg|Kg", "L|l|dm3", D::Density, 1e3);
    b.per("g", "L|l", D::Density, 1.0);
    b.per("mg", "cm3|cm^3|ml|mL", D::Density, 1.0);
    b.add("克/立方厘米|g/立方厘米|克/厘米3", D::Density, 1e3);
    b.add("千克/立方米|kg/立方米", D::Density, 1.0);
    // Specific capacity
    b.per("mAh|mAH|mah|mA·h|mA h", "g", D::SpecificCapacity, 3600.0);
    b.per("Ah|AH", kg, D::SpecificCapacity, 3600.0);
    b.per("Ah", "g", D::SpecificCapacity, 3.6e6);
    b.add("毫安时/克|mAh/克", D::SpecificCapacity, 3600.0);
    // Charge
    b.add("mAh|mAH|mah|毫安时", D::Charge, 3.6);
    b.add("Ah|AH|安时", D::Charge, 3600.0);
    b.add("kAh", D::Charge, 3.6e6);
    // Magnetic field strength
    b.per("A", "m", D::MagneticFieldStrength, 1.0);
    b.per("kA|KA", "m", D::MagneticFieldStrength, 1e3);
    b.per("MA", "m", D::MagneticFieldStrength, 1e6);
    let oe = 1000.0 / (4.0 * PI);
    b.add("Oe|oe|OE|奥斯特|エルステッド", D::MagneticFieldStrength, oe);
    b.add(
        "kOe|KOe|koe|KOE|千奥斯特",
        D::MagneticFieldStrength,
        oe * 1e3,
    );
    // Magnetic flux density
    b.si("T", "mμu", D::MagneticFluxDensity, 1.0);
    b.add("tesla|Tesla|特斯拉|テスラ", D::MagneticFluxDensity, 1.0);
    b.add("Gs|gauss|Gauss|高斯|ガウス", D::MagneticFluxDensity, 1e-4);
    b.add("kGs|kG|KGs|KG s|千高斯", D::MagneticFluxDensity, 1e-1);
    // Energy product
    let m3 = "m3|m^3|M3";
    b.per("J", m3, D::EnergyProduct, 1.0);
    b.per("kJ|KJ", m3, D::EnergyProduct, 1e3);
    b.per("MJ", m3, D::EnergyProduct, 1e6);
    b.add(
        "MGOe|MGsOe|MGOE|MGoe|兆高奥",
        D::EnergyProduct,
        1e5 / (4.0 * PI),
    );
    // Temperature
    b.push(
        "K",
        false,
        D::Temperature,
        Conv::Linear {
            factor: 1.0,
            offset: 0.0,
        },
        20.0,
    );
    b.add("mK", D::Temperature, 1e-3);
    b.add("kelvin|Kelvin|开尔文", D::Temperature, 1.0);
    for n in ["°C", "° C", "degC", "deg C", "deg. C", "摄氏度", "度C"] {
        b.push(
            n,
            false,
            D::Temperature,
            Conv::Linear {
                factor: 1.0,
                offset: 273.15,
            },
            0.0,
        );
    }
    for n in ["°F", "° F", "degF", "deg F", "华氏度"] {
        b.push(
            n,
            false,
            D::Temperature,
            Conv::Linear {
                factor: 5.0 / 9.0,
                offset: 459.67 * 5.0 / 9.0,
            },
            0.0,
        );
    }
    // Pressure
    b.si("Pa", "hkMG", D::Pressure, 1.0);
    b.add("KPa|kpa|KPA", D::Pressure, 1e3);
    b.add("Mpa|MPA|mpa", D::Pressure, 1e6);
    b.add("Gpa|GPA|gpa", D::Pressure, 1e9);
    b.add("帕", D::Pressure, 1.0);
    b.add("千帕", D::Pressure, 1e3);
    b.add("兆帕", D::Pressure, 1e6);
    b.add("吉帕", D::Pressure, 1e9);
    b.add("bar|Bar", D::Pressure, 1e5);
    b.add("mbar", D::Pressure, 1e2);
    b.add("kbar", D::Pressure, 1e8);
    b.add("psi|PSI", D::Pressure, 6_894.757_293_168);
    b.add("ksi|KSI", D::Pressure, 6_894_757.293_168);
    b.add("atm", D::Pressure, 101_325.0);
    b.add("Torr|torr", D::Pressure, 133.322_368_421);
    b.add("mTorr", D::Pressure, 0.133_322_368_421);
    b.per("N", "mm2|mm^2", D::Pressure, 1e6);
    b.per("kgf", "cm2|cm^2", D::Pressure, 98_066.5);
    // Fraction
    b.add(
        "%|wt%|wt.%|wt. %|wt %|at%|at.%|at.-%|mol%|vol%|mass%|percent|重量%",
        D::Fraction,
        0.01,
    );
    b.add("‰", D::Fraction, 1e-3);
    b.add("ppm|ppmw|ppma|ppmwt|PPM", D::Fraction, 1e-6);
    b.add("ppb|ppbw|ppba|PPB", D::Fraction, 1e-9);
    // Voltage
    b.si("V", "μumkM", D::Voltage, 1.0);
    b.add(
        "v|VDC|VAC|Vdc|Vac|V DC|V AC|Vpp|volt|volts|伏|伏特|ボルト",
        D::Voltage,
        1.0,
    );
    b.add("kv|KV|kVDC|kVAC|千伏", D::Voltage, 1e3);
    b.add("毫伏", D::Voltage, 1e-3);
    // Current
    b.si("A", "μumk", D::Current, 1.0);
    b.add("amp|amps|Amp|Amps|安培|アンペア", D::Current, 1.0);
    b.add("毫安|ミリアンペア", D::Current, 1e-3);
    // Energy
    b.si("J", "nμumkMG", D::Energy, 1.0);
    b.add("焦|焦耳|ジュール", D::Energy, 1.0);
    b.add("毫焦", D::Energy, 1e-3);
    b.add("千焦", D::Energy, 1e3);
    b.add("Wh|wh|WH", D::Energy, 3600.0);
    b.add("kWh|KWh|kwh|KWH|千瓦时", D::Energy, 3.6e6);
    b.add("mWh", D::Energy, 3.6);
    b.add("MWh", D::Energy, 3.6e9);
    b.si("eV", "mkMG", D::Energy, 1.602_176_634e-19);
    // Mass
    b.add("kg|Kg|KG|千克|公斤|キログラム", D::Mass, 1.0);
    b.add("g|克|グラム", D::Mass, 1e-3);
    b.add("mg|毫克", D::Mass, 1e-6);
    b.add("μg|ug", D::Mass, 1e-9);
    b.add("lb|lbs", D::Mass, 0.453_592_37);
    b.add("tonne|tonnes", D::Mass, 1e3);
    // Time
    b.si("s", "fpnμum", D::Time, 1.0);
    b.add("sec|secs|秒", D::Time, 1.0);
    b.add("毫秒|ミリ秒", D::Time, 1e-3);
    b.add("微秒", D::Time, 1e-6);
    b.add("纳秒", D::Time, 1e-9);
    b.add("皮秒", D::Time, 1e-12);
    b.add("飞秒", D::Time, 1e-15);
    b.add("min|mins|minute|minutes|分钟", D::Time, 60.0);
    b.add("h|hr|hrs|hour|hours|小时|時間", D::Time, 3600.0);
    // Frame rate
    b.add(
        "fps|FPS|Fps|f/s|frames/s|frame/s|fr/s|frames per second|帧/秒|帧每秒|フレーム/秒",
        D::FrameRate,
        1.0,
    );
    // Pixel count
    b.add(
        "MP|Mp|megapixel|megapixels|Megapixel|Megapixels|Mpx|MPx|Mpix|MPix|百万像素|メガピクセル",
        D::PixelCount,
        1e6,
    );
    b.add("万像素|万画素", D::PixelCount, 1e4);
    b.add("千万像素", D::PixelCount, 1e7);
    b.add("pixels|pixel|Pixels|px|像素|画素", D::PixelCount, 1.0);
    // Angles
    let deg = PI / 180.0;
    b.add("°|deg|degree|degrees", D::Angle, deg);
    b.si("rad", "mμu", D::Angle, 1.0);
    b.add("arcmin", D::Angle, deg / 60.0);
    b.add("arcsec", D::Angle, deg / 3600.0);
    b.per("°|deg", "h|hr|hour", D::AngularRate, deg / 3600.0);
    b.per("°|deg", "s|sec", D::AngularRate, deg);
    b.per("rad", "s", D::AngularRate, 1.0);
    b.per("mrad", "s", D::AngularRate, 1e-3);
    b.add("dph|度/小时|度/时|°/小时", D::AngularRate, deg / 3600.0);
    b.add(
        "rpm|RPM|r/min|rev/min|转/分",
        D::AngularRate,
        2.0 * PI / 60.0,
    );
    b.add(
        "°/√h|°/√hr|deg/√h|deg/√hr|°/h^0.5|°/hr^0.5|deg/h^0.5|°/h1/2",
        D::AngleRandomWalk,
        deg / 60.0,
    );

    let mut defs = b.0;
    defs.sort_by_key(|d| std::cmp::Reverse(d.text.len()));
    let mut by_first: std::collections::HashMap<char, Vec<usize>> = Default::default();
    for (i, d) in defs.iter().enumerate() {
        if let Some(&c) = d.text.first() {
            by_first.entry(lower(c)).or_default().push(i);
        }
    }
    Units { defs, by_first }
}

// ---------------------------------------------------------------------------
// Character classes

fn is_katakana(c: char) -> bool {
    matches!(c as u32, 0x30A0..=0x30FF)
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Per-character folding applied after NFKC.
fn fold(c: char) -> char {
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' => '-',
        '\u{22C5}' | '\u{2219}' | '\u{30FB}' | '\u{2027}' => '·',
        '\u{301C}' | '\u{223C}' => '~',
        '\u{00A0}' | '\u{3000}' => ' ',
        _ => c,
    }
}

// ---------------------------------------------------------------------------
// Scanner

struct NChar {
    c: char,
    /// Byte range of the original character this came from.
    s: usize,
    e: usize,
    /// Original was a thin / narrow no-break space (thousands separator).
    thin: bool,
}

struct Num {
    value: f64,
    end: usize,
    /// The numeral is a plain integer (no separators) with this value.
    int: Option<u64>,
}

struct UnitHit {
    def: usize,
    /// Position in the normalized text where the unit starts / ends.
    start: usize,
    end: usize,
    /// Prefix multiplier glued to the number (`1.2k W`).
    extra: f64,
}

struct Scanner<'a> {
    text: &'a str,
    ch: Vec<NChar>,
    cs: Vec<char>,
    comma_decimal: bool,
}

const OPS_PREFIX: &[(&str, Bound)] = &[
    ("not less than", Bound::AtLeast),
    ("no less than", Bound::AtLeast),
    ("not below", Bound::AtLeast),
    ("at least", Bound::AtLeast),
    ("minimum", Bound::AtLeast),
    ("min.", Bound::AtLeast),
    ("min:", Bound::AtLeast),
    ("min", Bound::AtLeast),
    (">=", Bound::AtLeast),
    ("=>", Bound::AtLeast),
    ("≥", Bound::AtLeast),
    ("≧", Bound::AtLeast),
    ("⩾", Bound::AtLeast),
    ("大于等于", Bound::AtLeast),
    ("大于或等于", Bound::AtLeast),
    ("不小于", Bound::AtLeast),
    ("不低于", Bound::AtLeast),
    ("不少于", Bound::AtLeast),
    ("至少", Bound::AtLeast),
    ("in excess of", Bound::MoreThan),
    ("greater than", Bound::MoreThan),
    ("more than", Bound::MoreThan),
    ("exceeding", Bound::MoreThan),
    ("above", Bound::MoreThan),
    ("over", Bound::MoreThan),
    (">", Bound::MoreThan),
    ("大于", Bound::MoreThan),
    ("超过", Bound::MoreThan),
    ("高于", Bound::MoreThan),
    ("dc-", Bound::AtMost),
    ("dc~", Bound::AtMost),
    ("dc to", Bound::AtMost),
    ("not more than", Bound::AtMost),
    ("no more than", Bound::AtMost),
    ("not exceeding", Bound::AtMost),
    ("maximum", Bound::AtMost),
    ("up to", Bound::AtMost),
    ("upto", Bound::AtMost),
    ("max.", Bound::AtMost),
    ("max:", Bound::AtMost),
    ("max", Bound::AtMost),
    ("<=", Bound::AtMost),
    ("=<", Bound::AtMost),
    ("≤", Bound::AtMost),
    ("≦", Bound::AtMost),
    ("⩽", Bound::AtMost),
    ("小于等于", Bound::AtMost),
    ("小于或等于", Bound::AtMost),
    ("不大于", Bound::AtMost),
    ("不超过", Bound::AtMost),
    ("不高于", Bound::AtMost),
    ("最大", Bound::AtMost),
    ("最高", Bound::AtMost),
    ("高达", Bound::AtMost),
    ("less than", Bound::LessThan),
    ("below", Bound::LessThan),
    ("under", Bound::LessThan),
    ("<", Bound::LessThan),
    ("小于", Bound::LessThan),
    ("低于", Bound::LessThan),
    ("approximately", Bound::Approx),
    ("approx.", Bound::Approx),
    ("approx", Bound::Approx),
    ("about", Bound::Approx),
    ("around", Bound::Approx),
    ("circa", Bound::Approx),
    ("ca.", Bound::Approx),
    ("~", Bound::Approx),
    ("≈", Bound::Approx),
    ("≃", Bound::Approx),
    ("大约", Bound::Approx),
    ("大約", Bound::Approx),
    ("约", Bound::Approx),
    ("約", Bound::Approx),
    ("およそ", Bound::Approx),
    ("+/-", Bound::PlusMinus),
    ("+-", Bound::PlusMinus),
    ("±", Bound::PlusMinus),
];

const OPS_SUFFIX: &[(&str, Bound)] = &[
    ("or more", Bound::AtLeast),
    ("or greater", Bound::AtLeast),
    ("or higher", Bound::AtLeast),
    ("or above", Bound::AtLeast),
    ("and above", Bound::AtLeast),
    ("and up", Bound::AtLeast),
    ("minimum", Bound::AtLeast),
    ("(min.)", Bound::AtLeast),
    ("(min)", Bound::AtLeast),
    ("min.", Bound::AtLeast),
    ("min", Bound::AtLeast),
    ("以上", Bound::AtLeast),
    ("or less", Bound::AtMost),
    ("or lower", Bound::AtMost),
    ("and below", Bound::AtMost),
    ("maximum", Bound::AtMost),
    ("(max.)", Bound::AtMost),
    ("(max)", Bound::AtMost),
    ("max.", Bound::AtMost),
    ("max", Bound::AtMost),
    ("以下", Bound::AtMost),
    ("未満", Bound::LessThan),
    ("超", Bound::MoreThan),
];

const RANGE_SEPS: &[&str] = &["-", "~", "to", "至", "到", "...", "…", "から"];

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        let mut ch = Vec::with_capacity(text.len());
        for (s, c) in text.char_indices() {
            let e = s + c.len_utf8();
            if c.is_ascii() {
                ch.push(NChar {
                    c,
                    s,
                    e,
                    thin: false,
                });
                continue;
            }
            let thin = matches!(c, '\u{2009}' | '\u{202F}');
            match c {
                // Kept as is: a clause separator in CJK text, never a digit separator.
                '\u{FF0C}' => ch.push(NChar { c, s, e, thin }),
                'º' | '˚' => ch.push(NChar {
                    c: '°', s, e, thin
                }),
                _ => {
                    for n in std::iter::once(c).nfkc() {
                        ch.push(NChar {
                            c: fold(n),
                            s,
                            e,
                            thin,
                        });
                    }
                }
            }
        }
        let cs: Vec<char> = ch.iter().map(|n| n.c).collect();
        let comma_decimal = decimal_comma_convention(&cs);
        Scanner {
            text,
            ch,
            cs,
            comma_decimal,
        }
    }

    fn at(&self, i: usize) -> Option<char> {
        self.cs.get(i).copied()
    }

    fn digit(&self, i: usize) -> bool {
        self.at(i).is_some_and(|c| c.is_ascii_digit())
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_ws) {
            i += 1;
        }
        i
    }

    fn alnum_word(&self, i: usize) -> bool {
        self.at(i)
            .is_some_and(|c| c.is_ascii_digit() || is_word_letter(c))
    }

    /// Original byte span of normalized positions `a..b`.
    fn span(&self, a: usize, b: usize) -> Range<usize> {
        let s = self.ch.get(a).map(|n| n.s).unwrap_or(self.text.len());
        let e = if b == 0 {
            s
        } else {
            self.ch.get(b - 1).map(|n| n.e).unwrap_or(self.text.len())
        };
        s..e.max(s)
    }

    fn orig(&self, a: usize, b: usize) -> String {
        self.text.get(self.span(a, b)).unwrap_or("").to_string()
    }

    fn run(&self) -> Vec<Quantity> {
        let mut out = Vec::new();
        let n = self.cs.len();
        let mut i = 0;
        while i < n {
            if !self.digit(i) || (i > 0 && self.digit(i - 1)) {
                i += 1;
                continue;
            }
            if self.glued_left(i) {
                i = self.skip_number_run(i);
                continue;
            }
            // `1 000 W` with a plain space: `000` is a digit group, not a number.
            if self.at(i) == Some('0')
                && self.digit(i + 1)
                && i >= 2
                && self.at(i - 1).is_some_and(is_ws)
                && self.digit(i - 2)
            {
                i = self.skip_number_run(i);
                continue;
            }
            let found = self
                .try_purity(i)
                .or_else(|| self.try_slash_list(i))
                .or_else(|| self.try_multi(i))
                .or_else(|| self.try_single(i).map(|(q, e)| (vec![q], e)));
            match found {
                Some((qs, end)) => {
                    out.extend(qs.into_iter().filter(|q| {
                        q.value.is_finite()
                            && q.max.is_none_or(f64::is_finite)
                            && q.tolerance.is_none_or(f64::is_finite)
                    }));
                    i = end.max(i + 1);
                }
                None => i = self.skip_number_run(i),
            }
        }
        out.sort_by_key(|q| q.span.start);
        out
    }

    fn skip_number_run(&self, mut i: usize) -> usize {
        while self.digit(i)
            || (self.at(i).is_some_and(|c| c == '.' || c == ',') && self.digit(i + 1))
        {
            i += 1;
        }
        i
    }

    fn glued_left(&self, i: usize) -> bool {
        if i == 0 {
            return false;
        }
        let Some(p) = self.at(i - 1) else {
            return false;
        };
        if matches!(p, 'Φ' | 'φ' | 'ϕ' | 'Ø' | 'ø' | '⌀' | 'λ') {
            return false;
        }
        if is_word_letter(p) {
            // DC12V / AC220V
            if i >= 2
                && matches!(
                    self.cs[i - 2..i],
                    ['D', 'C'] | ['A', 'C'] | ['d', 'c'] | ['a', 'c']
                )
                && (i < 3 || !self.at(i - 3).is_some_and(is_word_letter))
            {
                return false;
            }
            return true;
        }
        if p.is_ascii_digit() {
            return true;
        }
        if i >= 2 {
            let pp = self.at(i - 2).unwrap_or(' ');
            let pp_word = pp.is_ascii_digit() || is_word_letter(pp);
            let dc = i >= 3
                && matches!(self.cs[i - 3..i - 1], ['D', 'C'] | ['d', 'c'])
                && (i < 4 || !self.alnum_word(i - 4));
            if matches!(p, '-' | '_' | '.') && pp_word && !(p == '-' && dc) {
                return true;
            }
            if p == '/' && pp.is_ascii_digit() {
                return true;
            }
        }
        false
    }

    /// Parses a numeral at `i` (a digit).
    fn number(&self, i: usize) -> Option<Num> {
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

    /// Longest unit at normalized position `k` (no whitespace skipping).
    fn unit_exact(&self, k: usize, prefix: Option<char>) -> Option<(usize, usize)> {
        let u = units();
        let first = match prefix {
            Some(p) => p,
            None => self.at(k)?,
        };
        let cands = u.by_first.get(&lower(first))?;
        let get = |idx: usize| -> Option<char> {
            match prefix {
                Some(p) if idx == 0 => Some(p),
                Some(_) => self.at(k + idx - 1),
                None => self.at(k + idx),
            }
        };
        let shift = usize::from(prefix.is_some());
        for &di in cands {
            let d = &u.defs[di];
            let matched = d.text.iter().enumerate().all(|(idx, &e)| {
                get(idx).is_some_and(|c| if d.ci { lower(c) == e } else { c == e })
            });
            if !matched {
                continue;
            }
            let end = k + d.text.len() - shift;
            if self.unit_boundary_ok(d, end) {
                return Some((di, end));
            }
        }
        None
    }

    fn unit_boundary_ok(&self, d: &UnitDef, end: usize) -> bool {
        let Some(next) = self.at(end) else {
            return true;
        };
        let last = d.text.last().copied().unwrap_or(' ');
        let after = self.at(end + 1);
        let alnum_after = after.is_some_and(|c| c.is_alphanumeric() || c == '√');
        if matches!(next, '/' | '·' | '^') && alnum_after {
            return false;
        }
        if is_katakana(last) && is_katakana(next) {
            return false;
        }
        let last_word = last.is_ascii_alphanumeric() || is_word_letter(last);
        if last_word && (next.is_ascii_digit() || is_word_letter(next)) {
            // `500Wx2`: a count suffix may follow.
            if matches!(next, 'x' | 'X') && after.is_some_and(|c| c.is_ascii_digit()) {
                return true;
            }
            return false;
        }
        true
    }

    /// Unit after a number ending at `j`, allowing whitespace and a glued
    /// prefix multiplier (`1.2k W`).
    fn unit_after(&self, j: usize, value: f64) -> Option<UnitHit> {
        let k = self.skip_ws(j);
        let spaced = k > j;
        if let Some((def, end)) = self.unit_exact(k, None) {
            let d = &units().defs[def];
            if spaced || value.abs() >= d.glue_min {
                return Some(UnitHit {
                    def,
                    start: k,
                    end,
                    extra: 1.0,
                });
            }
        }
        let p = self.at(j)?;
        if matches!(p, 'k' | 'K' | 'M' | 'G') && self.at(j + 1).is_some_and(is_ws) {
            let k2 = self.skip_ws(j + 1);
            let pre = if p == 'K' { 'k' } else { p };
            if let Some((def, end)) = self.unit_exact(k2, Some(pre)) {
                // Only when the prefixed form is a real unit of the same base.
                if let Some((base, _)) = self.unit_exact(k2, None) {
                    let ud = units();
                    let f = |i: usize| match ud.defs[i].conv {
                        Conv::Linear { factor, .. } => factor,
                        _ => f64::NAN,
                    };
                    let ratio = f(def) / f(base);
                    if ud.defs[def].dim == ud.defs[base].dim
                        && (ratio / prefix_factor(pre) - 1.0).abs() < 1e-9
                    {
                        return Some(UnitHit {
                            def: base,
                            start: j,
                            end,
                            extra: prefix_factor(pre),
                        });
                    }
                }
            }
        }
        None
    }

    fn conv(&self, u: &UnitHit) -> (Conv, Dimension) {
        let d = &units().defs[u.def];
        let conv = match d.conv {
            Conv::Linear { factor, offset } => Conv::Linear {
                factor: factor * u.extra,
                offset,
            },
            c => c,
        };
        (conv, d.dim)
    }

    fn unit_text(&self, u: &UnitHit) -> String {
        self.orig(u.start, u.end)
    }

    /// Matches an ASCII-or-CJK token list at position `k` (case-insensitive
    /// for ASCII); word tokens need word boundaries.
    fn match_token(&self, k: usize, tok: &str) -> bool {
        let mut n = 0;
        for (i, c) in tok.chars().enumerate() {
            if self.at(k + i).is_none_or(|x| lower(x) != c) {
                return false;
            }
            n = i + 1;
        }
        let word_end = tok.chars().last().is_some_and(|c| c.is_ascii_alphabetic());
        !(word_end && self.alnum_word(k + n))
    }

    /// Prefix operator ending just before position `k` (whitespace allowed).
    fn prefix_op(&self, k: usize) -> Option<(Bound, usize)> {
        let mut p = k;
        while p > 0 && self.at(p - 1).is_some_and(is_ws) {
            p -= 1;
        }
        // Only the operators ending with the character before the number.
        let before = lower(self.at(p.checked_sub(1)?)?);
        for &(op, b) in prefix_ops_ending_with(before) {
            let len = op.chars().count();
            if len > p {
                continue;
            }
            let s = p - len;
            let ok = op
                .chars()
                .enumerate()
                .all(|(i, c)| self.at(s + i).is_some_and(|x| lower(x) == c));
            if !ok {
                continue;
            }
            // Word operators need a word start: not `Datamax`, not `(BH)max`.
            if op.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s > 0
                && (self.alnum_word(s - 1) || self.at(s - 1) == Some(')'))
            {
                continue;
            }
            // `~` between two numbers is a range, not a prefix.
            if matches!(op, "~" | "-") && s > 0 && self.digit(self.skip_ws_back(s)) {
                continue;
            }
            return Some((b, s));
        }
        None
    }

    fn skip_ws_back(&self, mut s: usize) -> usize {
        while s > 0 && self.at(s - 1).is_some_and(is_ws) {
            s -= 1;
        }
        s.saturating_sub(1)
    }

    fn suffix_op(&self, k: usize) -> Option<(Bound, usize)> {
        if self.at(k) == Some('+')
            && !self.digit(k + 1)
            && !self.at(k + 1).is_some_and(|c| c == '/' || c == '-')
        {
            return Some((Bound::AtLeast, k + 1));
        }
        let k2 = self.skip_ws(k);
        for &(op, b) in OPS_SUFFIX {
            if self.match_token(k2, op) {
                // `5 W min` but not `500 W minus`; CJK suffixes glue.
                return Some((b, k2 + op.chars().count()));
            }
        }
        None
    }

    /// Sign directly before `i`: returns the start position if signed.
    fn sign_at(&self, i: usize) -> Option<usize> {
        if i == 0 {
            return None;
        }
        let p = self.at(i - 1)?;
        if !matches!(p, '-' | '+') {
            return None;
        }
        if i >= 2 {
            let pp = self.at(i - 2)?;
            if pp.is_ascii_digit() || is_word_letter(pp) || matches!(pp, '+' | '/' | '-') {
                return None;
            }
        }
        Some(i - 1)
    }

    fn try_purity(&self, i: usize) -> Option<(Vec<Quantity>, usize)> {
        let n = self.at(i)?.to_digit(10)?;
        if !(2..=9).contains(&n) || self.at(i + 1) != Some('N') {
            return None;
        }
        let mut end = i + 2;
        let mut v = 1.0 - 10f64.powi(-(n as i32));
        if let Some(m) = self.at(end).and_then(|c| c.to_digit(10)) {
            if m == 0 {
                return None;
            }
            v = 1.0 - (10.0 - m as f64) * 10f64.powi(-(n as i32) - 1);
            end += 1;
        }
        if self.alnum_word(end) || self.digit(end) {
            return None;
        }
        let (bound, start) = self.prefix_op(i).unwrap_or((Bound::Exact, i));
        let (bound, end2) = self.apply_suffix(bound, end);
        let q = Quantity {
            value: v,
            max: None,
            dimension: Dimension::Fraction,
            bound,
            tolerance: None,
            count: None,
            span: self.span(start, end2),
            unit: "N".to_string(),
        };
        Some((vec![q], end2))
    }

    fn apply_suffix(&self, bound: Bound, end: usize) -> (Bound, usize) {
        match self.suffix_op(end) {
            Some((b, e)) if bound == Bound::Exact => (b, e),
            Some((_, e)) => (bound, e),
            None => (bound, end),
        }
    }

    /// `a x b [x c] unit` forms: counts, body sides, pixel formats.
    fn try_multi(&self, i: usize) -> Option<(Vec<Quantity>, usize)> {
        let mut nums = vec![self.number(i)?];
        let mut starts = vec![i];
        loop {
            let j = nums.last()?.end;
            let k = self.skip_ws(j);
            if !matches!(self.at(k), Some('x' | 'X' | '×' | '*')) {
                break;
            }
            let k2 = self.skip_ws(k + 1);
            // `2x` followed by a letter word is not a multiplication.
            if !self.digit(k2) || nums.len() >= 3 {
                break;
            }
            let n = self.number(k2)?;
            starts.push(k2);
            nums.push(n);
        }
        if nums.len() < 2 {
            return None;
        }
        let last_end = nums.last()?.end;
        let unit = self.unit_after(last_end, nums.last()?.value);
        match unit {
            Some(u) => {
                let (conv, dim) = self.conv(&u);
                let utext = self.unit_text(&u);
                if dim == Dimension::Length {
                    let mut qs = Vec::new();
                    let (_, end) = self.apply_suffix(Bound::Exact, u.end);
                    for (k, n) in nums.iter().enumerate() {
                        let e = if k + 1 == nums.len() { u.end } else { n.end };
                        qs.push(Quantity {
                            value: conv.apply(n.value),
                            max: None,
                            dimension: dim,
                            bound: Bound::Exact,
                            tolerance: None,
                            count: None,
                            span: self.span(starts[k], e),
                            unit: utext.clone(),
                        });
                    }
                    return Some((qs, end));
                }
                if nums.len() != 2 {
                    return None;
                }
                if dim == Dimension::PixelCount
                    && u.extra == 1.0
                    && let Conv::Linear { factor, .. } = conv
                    && factor == 1.0
                {
                    let q = Quantity {
                        value: nums[0].value * nums[1].value,
                        max: None,
                        dimension: dim,
                        bound: Bound::Exact,
                        tolerance: None,
                        count: None,
                        span: self.span(i, u.end),
                        unit: utext,
                    };
                    return Some((vec![q], u.end));
                }
                let cnt = nums[0].int.filter(|c| (1..=1000).contains(c))?;
                let (bound, start) = self.prefix_op(i).unwrap_or((Bound::Exact, i));
                let (bound, end) = self.apply_suffix(bound, u.end);
                let q = Quantity {
                    value: conv.apply(nums[1].value),
                    max: None,
                    dimension: dim,
                    bound,
                    tolerance: None,
                    count: u32::try_from(cnt).ok(),
                    span: self.span(start, end),
                    unit: utext,
                };
                Some((vec![q], end))
            }
            None => {
                if nums.len() != 2 {
                    return None;
                }
                let a = nums[0].int?;
                let b = nums[1].int?;
                if a < 32 || b < 32 || a > 100_000 || b > 100_000 {
                    return None;
                }
                if self.alnum_word(last_end) {
                    return None;
                }
                let q = Quantity {
                    value: (a * b) as f64,
                    max: None,
                    dimension: Dimension::PixelCount,
                    bound: Bound::Exact,
                    tolerance: None,
                    count: None,
                    span: self.span(i, last_end),
                    unit: String::new(),
                };
                Some((vec![q], last_end))
            }
        }
    }

    /// `1064/532 nm`, `50/60 Hz`: one quantity per number, sharing the unit.
    /// Fractions (`1/2 inch`, `3/4`) are not lists.
    fn try_slash_list(&self, i: usize) -> Option<(Vec<Quantity>, usize)> {
        let mut nums = vec![self.number(i)?];
        let mut starts = vec![i];
        while nums.len() < 4 {
            let j = nums.last()?.end;
            if self.at(j) != Some('/') || !self.digit(j + 1) {
                break;
            }
            starts.push(j + 1);
            nums.push(self.number(j + 1)?);
        }
        if nums.len() < 2 {
            return None;
        }
        if let [a, b] = nums.as_slice()
            && let (Some(x), Some(y)) = (a.int, b.int)
            && x < y
            && matches!(y, 2 | 4 | 8 | 16 | 32 | 64)
        {
            return None;
        }
        let last = nums.last()?;
        let u = self.unit_after(last.end, last.value)?;
        let (conv, dim) = self.conv(&u);
        let utext = self.unit_text(&u);
        let (bound, end) = self.apply_suffix(Bound::Exact, u.end);
        let qs = nums
            .iter()
            .enumerate()
            .map(|(k, n)| Quantity {
                value: conv.apply(n.value),
                max: None,
                dimension: dim,
                bound,
                tolerance: None,
                count: None,
                span: self.span(starts[k], if k + 1 == nums.len() { u.end } else { n.end }),
                unit: utext.clone(),
            })
            .collect();
        Some((qs, end))
    }

    fn range_sep(&self, k: usize) -> Option<usize> {
        for sep in RANGE_SEPS {
            if self.match_token(k, sep) {
                return Some(k + sep.chars().count());
            }
        }
        None
    }

    /// `between` directly before position `k` (whitespace allowed).
    fn between_before(&self, k: usize) -> bool {
        let mut p = k;
        while p > 0 && self.at(p - 1).is_some_and(is_ws) {
            p -= 1;
        }
        p >= 7 && self.match_token(p - 7, "between") && (p == 7 || !self.alnum_word(p - 8))
    }

    fn signed_num(&self, k: usize) -> Option<(Num, bool)> {
        match self.at(k)? {
            '-' | '+' if self.digit(k + 1) => {
                let neg = self.at(k) == Some('-');
                let mut n = self.number(k + 1)?;
                if neg {
                    n.value = -n.value;
                }
                Some((n, true))
            }
            _ => Some((self.number(k)?, false)),
        }
    }

    fn try_single(&self, i: usize) -> Option<(Quantity, usize)> {
        let mut n1 = self.number(i)?;
        // Operator directly before the digits (±, +/-) takes precedence over a sign.
        let (mut bound, mut start, signed) = match self.prefix_op(i) {
            Some((b @ Bound::PlusMinus, s)) => (b, s, false),
            _ => match self.sign_at(i) {
                Some(s) => {
                    if self.at(s) == Some('-') {
                        n1.value = -n1.value;
                    }
                    let (b, st) = self.prefix_op(s).unwrap_or((Bound::Exact, s));
                    (b, st, true)
                }
                None => {
                    let (b, st) = self.prefix_op(i).unwrap_or((Bound::Exact, i));
                    (b, st, false)
                }
            },
        };
        let u1 = self.unit_after(n1.end, n1.value);
        let after1 = u1.as_ref().map(|u| u.end).unwrap_or(n1.end);
        let k = self.skip_ws(after1);

        let mut unit = None;
        let mut max_raw: Option<(f64, Option<UnitHit>)> = None;
        let mut tol_raw: Option<(f64, Option<UnitHit>)> = None;
        let mut end = after1;

        // Tolerance
        let tol_tok = ["±", "+/-", "+-"]
            .iter()
            .find(|t| self.match_token(k, t))
            .map(|t| k + t.chars().count());
        if let Some(tk) = tol_tok.filter(|_| bound != Bound::PlusMinus) {
            let tk = self.skip_ws(tk);
            if let Some(tn) = self.number(tk) {
                let tu = self.unit_after(tn.end, tn.value);
                let tend = tu.as_ref().map(|u| u.end).unwrap_or(tn.end);
                if u1.is_some() || tu.is_some() {
                    tol_raw = Some((tn.value, tu));
                    end = tend;
                }
            }
        } else if let Some(rk) = self
            .range_sep(k)
            .or_else(|| (self.between_before(start) && self.match_token(k, "and")).then_some(k + 3))
        {
            let rk = self.skip_ws(rk);
            if let Some((n2, _)) = self.signed_num(rk) {
                let u2 = self.unit_after(n2.end, n2.value);
                if let Some(u2) = u2 {
                    let same = u1
                        .as_ref()
                        .is_none_or(|u| units().defs[u.def].dim == units().defs[u2.def].dim);
                    if same {
                        end = u2.end;
                        max_raw = Some((n2.value, Some(u2)));
                    }
                }
            }
        }

        // Resolve the main unit.
        let main_unit = match (&u1, &max_raw, &tol_raw) {
            (Some(_), _, _) => u1,
            (None, Some((_, Some(_))), _) => None,
            (None, _, Some((_, Some(_)))) => None,
            _ => return None,
        };
        let (conv, dim) = match &main_unit {
            Some(u) => self.conv(u),
            None => {
                let u = max_raw
                    .as_ref()
                    .and_then(|m| m.1.as_ref())
                    .or_else(|| tol_raw.as_ref().and_then(|t| t.1.as_ref()))?;
                unit = Some(self.unit_text(u));
                self.conv(u)
            }
        };
        if unit.is_none() {
            unit = main_unit.as_ref().map(|u| self.unit_text(u));
        }
        // Signs only where negative values mean something.
        let signed_ok = conv.signed()
            || matches!(
                dim,
                Dimension::Temperature
                    | Dimension::Angle
                    | Dimension::AngularRate
                    | Dimension::Voltage
                    | Dimension::Current
            );
        if signed && !signed_ok {
            if n1.value < 0.0 {
                n1.value = -n1.value;
            }
            start = i;
            bound = Bound::Exact;
            if let Some((b, s)) = self.prefix_op(i) {
                bound = b;
                start = s;
            }
        }
        let value = if bound == Bound::PlusMinus {
            conv.delta(n1.value).unwrap_or(conv.apply(n1.value))
        } else {
            conv.apply(n1.value)
        };
        let mut max = None;
        if let Some((v2, u2)) = &max_raw {
            let c2 = match u2 {
                Some(u) if main_unit.is_some() => self.conv(u).0,
                _ => conv,
            };
            max = Some(c2.apply(*v2));
        }
        let mut tolerance = None;
        if let Some((tv, tu)) = &tol_raw {
            tolerance = match tu {
                Some(u) if units().defs[u.def].dim == dim => self.conv(u).0.delta(*tv),
                Some(u)
                    if units().defs[u.def].dim == Dimension::Fraction
                        && dim != Dimension::Fraction =>
                {
                    self.conv(u).0.delta(*tv).map(|f| (f * value).abs())
                }
                Some(_) => {
                    end = after1;
                    None
                }
                None => conv.delta(*tv),
            };
        }
        let (mut lo, mut hi) = (value, max);
        if let Some(h) = hi
            && h < lo
        {
            (lo, hi) = (h, Some(lo));
        }
        let (bound, mut end) = self.apply_suffix(bound, end);
        let mut count = None;
        // `500 W x 2`
        let k = self.skip_ws(end);
        if matches!(self.at(k), Some('x' | 'X' | '×' | '*')) {
            let k2 = self.skip_ws(k + 1);
            if let Some(n) = self.number(k2)
                && let Some(c) = n.int.filter(|c| (1..=1000).contains(c))
                && !self.alnum_word(n.end)
                && !self
                    .at(self.skip_ws(n.end))
                    .is_some_and(|c| c.is_ascii_digit())
                && self.unit_after(n.end, n.value).is_none()
            {
                count = u32::try_from(c).ok();
                end = n.end;
            }
        }
        Some((
            Quantity {
                value: lo,
                max: hi,
                dimension: dim,
                bound,
                tolerance,
                count,
                span: self.span(start, end),
                unit: unit.unwrap_or_default(),
            },
            end,
        ))
    }
}

/// Whether the text's numbers use a decimal comma (see module docs).
fn decimal_comma_convention(cs: &[char]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::Bound::*;
    use super::Dimension::*;
    use super::*;
    use proptest::prelude::*;

    const OE: f64 = 1000.0 / (4.0 * PI);
    const KOE: f64 = 1e6 / (4.0 * PI);
    const MGOE: f64 = 1e5 / (4.0 * PI);
    const DEG: f64 = PI / 180.0;
    const DPH: f64 = PI / 180.0 / 3600.0;
    const RPM: f64 = 2.0 * PI / 60.0;
    const C0: f64 = 273.15;

    type Case = (
        &'static str,
        &'static [(&'static str, Dimension, f64, Bound)],
    );

    /// (text, [(span text, dimension, SI value, bound)]) — exactly these
    /// quantities, in order.
    const CASES: &[Case] = &[
        // ---- lasers (EN) ----
        (
            "Fiber laser, 1,200 W CW output, 1070 nm",
            &[
                ("1,200 W", Power, 1200.0, Exact),
                ("1070 nm", Length, 1.07e-6, Exact),
            ],
        ),
        (
            "IPG YLR-2000 single-mode fiber laser 2 kW 1070nm",
            &[
                ("2 kW", Power, 2000.0, Exact),
                ("1070nm", Length, 1.07e-6, Exact),
            ],
        ),
        (
            "Nd:YAG laser 1064 nm, 10 W average power, pulse 10 ns",
            &[
                ("1064 nm", Length, 1.064e-6, Exact),
                ("10 W", Power, 10.0, Exact),
                ("10 ns", Time, 1e-8, Exact),
            ],
        ),
        (
            "Q-switched DPSS 532nm 5W",
            &[("532nm", Length, 5.32e-7, Exact), ("5W", Power, 5.0, Exact)],
        ),
        (
            "CO2 laser tube 100W 10.6 µm",
            &[
                ("100W", Power, 100.0, Exact),
                ("10.6 µm", Length, 1.06e-5, Exact),
            ],
        ),
        (
            "Diode laser module 808 nm 2 W",
            &[
                ("808 nm", Length, 8.08e-7, Exact),
                ("2 W", Power, 2.0, Exact),
            ],
        ),
        (
            "Ultrafast laser 1030 nm, 300 fs, 50 µJ, 1 MHz",
            &[
                ("1030 nm", Length, 1.03e-6, Exact),
                ("300 fs", Time, 3e-13, Exact),
                ("50 µJ", Energy, 5e-5, Exact),
                ("1 MHz", Frequency, 1e6, Exact),
            ],
        ),
        (
            "Laser pointer <5 mW 650nm",
            &[
                ("<5 mW", Power, 0.005, LessThan),
                ("650nm", Length, 6.5e-7, Exact),
            ],
        ),
        (
            "Excimer laser 248 nm, 30 W, 300 Hz",
            &[
                ("248 nm", Length, 2.48e-7, Exact),
                ("30 W", Power, 30.0, Exact),
                ("300 Hz", Frequency, 300.0, Exact),
            ],
        ),
        (
            "Thulium fiber laser 1940 nm ≥ 50 W",
            &[
                ("1940 nm", Length, 1.94e-6, Exact),
                ("≥ 50 W", Power, 50.0, AtLeast),
            ],
        ),
        (
            "Output power: max. 1.5 kW",
            &[("max. 1.5 kW", Power, 1500.0, AtMost)],
        ),
        (
            "Laser power up to 6 kW",
            &[("up to 6 kW", Power, 6000.0, AtMost)],
        ),
        (
            "Pulse energy > 100 mJ at 1064 nm",
            &[
                ("> 100 mJ", Energy, 0.1, MoreThan),
                ("1064 nm", Length, 1.064e-6, Exact),
            ],
        ),
        (
            "Beam diameter 5 mm, divergence 0.5 mrad",
            &[
                ("5 mm", Length, 0.005, Exact),
                ("0.5 mrad", Angle, 5e-4, Exact),
            ],
        ),
        (
            "Laser diode bar 940nm 100W CW",
            &[
                ("940nm", Length, 9.4e-7, Exact),
                ("100W", Power, 100.0, Exact),
            ],
        ),
        (
            "Green laser 520 nm 1 W",
            &[
                ("520 nm", Length, 5.2e-7, Exact),
                ("1 W", Power, 1.0, Exact),
            ],
        ),
        (
            "UV laser 355nm 3W@30kHz",
            &[
                ("355nm", Length, 3.55e-7, Exact),
                ("3W", Power, 3.0, Exact),
                ("30kHz", Frequency, 3e4, Exact),
            ],
        ),
        (
            "Peak power 10 MW, pulse width 8 ns",
            &[("10 MW", Power, 1e7, Exact), ("8 ns", Time, 8e-9, Exact)],
        ),
        (
            "Average power 20W, repetition rate 1-4000 kHz",
            &[
                ("20W", Power, 20.0, Exact),
                ("1-4000 kHz", Frequency, 1e3, Exact),
            ],
        ),
        (
            "YAG laser 1.064 μm",
            &[("1.064 μm", Length, 1.064e-6, Exact)],
        ),
        (
            "Tunable 700–1000 nm Ti:sapphire",
            &[("700–1000 nm", Length, 7e-7, Exact)],
        ),
        (
            "Mid-IR QCL 4.6 µm 1 W",
            &[
                ("4.6 µm", Length, 4.6e-6, Exact),
                ("1 W", Power, 1.0, Exact),
            ],
        ),
        (
            "Femtosecond laser <350 fs, 40 W average",
            &[
                ("<350 fs", Time, 3.5e-13, LessThan),
                ("40 W", Power, 40.0, Exact),
            ],
        ),
        (
            "Laser marking 20W 1064nm, marking speed 7000 mm/s",
            &[
                ("20W", Power, 20.0, Exact),
                ("1064nm", Length, 1.064e-6, Exact),
            ],
        ),
        (
            "Single-frequency laser, linewidth <1 kHz, 1550 nm, 100 mW",
            &[
                ("<1 kHz", Frequency, 1e3, LessThan),
                ("1550 nm", Length, 1.55e-6, Exact),
                ("100 mW", Power, 0.1, Exact),
            ],
        ),
        (
            "Fiber laser 1.5 kW, beam quality M2 < 1.1",
            &[("1.5 kW", Power, 1500.0, Exact)],
        ),
        (
            "Laser 30 kW multimode, fiber core 100 μm",
            &[
                ("30 kW", Power, 3e4, Exact),
                ("100 μm", Length, 1e-4, Exact),
            ],
        ),
        (
            "He-Ne laser 632.8 nm 5 mW",
            &[
                ("632.8 nm", Length, 6.328e-7, Exact),
                ("5 mW", Power, 0.005, Exact),
            ],
        ),
        (
            "Pulse duration 5-20 ns, energy 200 mJ",
            &[
                ("5-20 ns", Time, 5e-9, Exact),
                ("200 mJ", Energy, 0.2, Exact),
            ],
        ),
        (
            "Laser 1 kW or more at 1080 nm",
            &[
                ("1 kW or more", Power, 1000.0, AtLeast),
                ("1080 nm", Length, 1.08e-6, Exact),
            ],
        ),
        (
            "Output more than 10 W",
            &[("more than 10 W", Power, 10.0, MoreThan)],
        ),
        (
            "Output over 500 W",
            &[("over 500 W", Power, 500.0, MoreThan)],
        ),
        (
            "Laser cutting machine 3000W, 1500 x 3000 mm table",
            &[
                ("3000W", Power, 3000.0, Exact),
                ("1500", Length, 1.5, Exact),
                ("3000 mm", Length, 3.0, Exact),
            ],
        ),
        ("Pulse energy 2 J", &[("2 J", Energy, 2.0, Exact)]),
        (
            "Photon energy 1.17 eV",
            &[("1.17 eV", Energy, 1.17 * 1.602_176_634e-19, Exact)],
        ),
        (
            "X-ray tube 160 kV 3 mA",
            &[
                ("160 kV", Voltage, 1.6e5, Exact),
                ("3 mA", Current, 0.003, Exact),
            ],
        ),
        // ---- lasers (ZH / JA) ----
        (
            "激光器 功率1000W 波长1080nm",
            &[
                ("1000W", Power, 1000.0, Exact),
                ("1080nm", Length, 1.08e-6, Exact),
            ],
        ),
        (
            "光纤激光器 输出功率≥1500W",
            &[("≥1500W", Power, 1500.0, AtLeast)],
        ),
        (
            "半导体激光器 808纳米 2瓦",
            &[
                ("808纳米", Length, 8.08e-7, Exact),
                ("2瓦", Power, 2.0, Exact),
            ],
        ),
        ("激光功率：3千瓦", &[("3千瓦", Power, 3000.0, Exact)]),
        (
            "ファイバーレーザー 出力1kW 波長1070nm",
            &[
                ("1kW", Power, 1000.0, Exact),
                ("1070nm", Length, 1.07e-6, Exact),
            ],
        ),
        (
            "レーザー出力 500ワット",
            &[("500ワット", Power, 500.0, Exact)],
        ),
        (
            "レーザー波長 1064ナノメートル",
            &[("1064ナノメートル", Length, 1.064e-6, Exact)],
        ),
        ("出力 2キロワット", &[("2キロワット", Power, 2000.0, Exact)]),
        (
            "出力５００Ｗ　波長１０６４ｎｍ",
            &[
                ("５００Ｗ", Power, 500.0, Exact),
                ("１０６４ｎｍ", Length, 1.064e-6, Exact),
            ],
        ),
        (
            "激光 脉宽10皮秒 功率50瓦",
            &[("10皮秒", Time, 1e-11, Exact), ("50瓦", Power, 50.0, Exact)],
        ),
        (
            "飞秒激光 300飞秒 20W",
            &[("300飞秒", Time, 3e-13, Exact), ("20W", Power, 20.0, Exact)],
        ),
        ("功率大于1千瓦", &[("大于1千瓦", Power, 1000.0, MoreThan)]),
        ("功率不低于500W", &[("不低于500W", Power, 500.0, AtLeast)]),
        ("最大3000W", &[("最大3000W", Power, 3000.0, AtMost)]),
        ("高达 100 W", &[("高达 100 W", Power, 100.0, AtMost)]),
        ("レーザー 1kW未満", &[("1kW未満", Power, 1000.0, LessThan)]),
        ("レーザー 1kW超", &[("1kW超", Power, 1000.0, MoreThan)]),
        ("出力10W以上", &[("10W以上", Power, 10.0, AtLeast)]),
        ("約50W", &[("約50W", Power, 50.0, Approx)]),
        ("激光功率 2毫瓦", &[("2毫瓦", Power, 0.002, Exact)]),
        // ---- RF amplifiers ----
        (
            "GaN power amplifier 2-6 GHz 50 W",
            &[
                ("2-6 GHz", Frequency, 2e9, Exact),
                ("50 W", Power, 50.0, Exact),
            ],
        ),
        (
            "Amplifier 3.7–6.8 GHz, 40 dBm",
            &[
                ("3.7–6.8 GHz", Frequency, 3.7e9, Exact),
                ("40 dBm", Power, 10.0, Exact),
            ],
        ),
        (
            "Amplifier 3.7-6.8GHz",
            &[("3.7-6.8GHz", Frequency, 3.7e9, Exact)],
        ),
        (
            "Amplifier 3.7 to 6.8 GHz",
            &[("3.7 to 6.8 GHz", Frequency, 3.7e9, Exact)],
        ),
        (
            "SSPA X-band 8.5-9.6GHz 200W",
            &[
                ("8.5-9.6GHz", Frequency, 8.5e9, Exact),
                ("200W", Power, 200.0, Exact),
            ],
        ),
        (
            "LNA 0.5-18 GHz, NF 2 dB, gain 30 dB",
            &[("0.5-18 GHz", Frequency, 5e8, Exact)],
        ),
        (
            "Output P1dB 43 dBm",
            &[("43 dBm", Power, 19.952_623_149_688_797, Exact)],
        ),
        (
            "TWT amplifier 1 kW, 8–18 GHz",
            &[
                ("1 kW", Power, 1000.0, Exact),
                ("8–18 GHz", Frequency, 8e9, Exact),
            ],
        ),
        (
            "功率放大器 工作频率2-4GHz 输出功率100W",
            &[
                ("2-4GHz", Frequency, 2e9, Exact),
                ("100W", Power, 100.0, Exact),
            ],
        ),
        (
            "Ka-band BUC 27.5 to 31 GHz 20 W",
            &[
                ("27.5 to 31 GHz", Frequency, 2.75e10, Exact),
                ("20 W", Power, 20.0, Exact),
            ],
        ),
        (
            "Frequency range: 30 MHz ~ 3 GHz",
            &[("30 MHz ~ 3 GHz", Frequency, 3e7, Exact)],
        ),
        (
            "RF amp 100W @ 2.45GHz",
            &[
                ("100W", Power, 100.0, Exact),
                ("2.45GHz", Frequency, 2.45e9, Exact),
            ],
        ),
        (
            "Psat 47 dBm (50 W)",
            &[
                ("47 dBm", Power, 50.118_723_362_727_23, Exact),
                ("50 W", Power, 50.0, Exact),
            ],
        ),
        ("Output power +30 dBm", &[("+30 dBm", Power, 1.0, Exact)]),
        ("Input -10 dBm max", &[("-10 dBm max", Power, 1e-4, AtMost)]),
        (
            "mmWave radar 77 GHz",
            &[("77 GHz", Frequency, 7.7e10, Exact)],
        ),
        (
            "Bandwidth 10 kHz - 1 MHz",
            &[("10 kHz - 1 MHz", Frequency, 1e4, Exact)],
        ),
        (
            "RF switch DC-18GHz",
            &[("DC-18GHz", Frequency, 1.8e10, AtMost)],
        ),
        (
            "Coaxial attenuator DC to 6 GHz, 2 W",
            &[
                ("DC to 6 GHz", Frequency, 6e9, AtMost),
                ("2 W", Power, 2.0, Exact),
            ],
        ),
        (
            "Amplifier up to 18 GHz",
            &[("up to 18 GHz", Frequency, 1.8e10, AtMost)],
        ),
        (
            "Max. 35 dBm",
            &[("Max. 35 dBm", Power, 3.162_277_660_168_379_5, AtMost)],
        ),
        ("Output 30 dBW", &[("30 dBW", Power, 1000.0, Exact)]),
        ("Oscillator 10 MHZ", &[("10 MHZ", Frequency, 1e7, Exact)]),
        (
            "Crystal 32.768 kHz",
            &[("32.768 kHz", Frequency, 32_768.0, Exact)],
        ),
        ("Clock 100 mhz", &[("100 mhz", Frequency, 1e8, Exact)]),
        (
            "Terahertz source 0.1-3 THz",
            &[("0.1-3 THz", Frequency, 1e11, Exact)],
        ),
        (
            "工作频率 433兆赫兹",
            &[("433兆赫兹", Frequency, 4.33e8, Exact)],
        ),
        ("频率 2.4GHz", &[("2.4GHz", Frequency, 2.4e9, Exact)]),
        ("频率5.8千兆赫", &[("5.8千兆赫", Frequency, 5.8e9, Exact)]),
        (
            "周波数 2.4ギガヘルツ",
            &[("2.4ギガヘルツ", Frequency, 2.4e9, Exact)],
        ),
        ("５．８㎓帯", &[("５．８㎓", Frequency, 5.8e9, Exact)]),
        ("频率 2.4兆赫", &[("2.4兆赫", Frequency, 2.4e6, Exact)]),
        ("Amplifier 2 x 500 W", &[("2 x 500 W", Power, 500.0, Exact)]),
        (
            "Radar transmitter peak 25 kW, duty 10 %",
            &[
                ("25 kW", Power, 25_000.0, Exact),
                ("10 %", Fraction, 0.1, Exact),
            ],
        ),
        ("PA efficiency > 60%", &[("> 60%", Fraction, 0.6, MoreThan)]),
        // ---- batteries ----
        (
            "Li-ion cell 21700 5000mAh 3.7V",
            &[
                ("5000mAh", Charge, 18_000.0, Exact),
                ("3.7V", Voltage, 3.7, Exact),
            ],
        ),
        (
            "LFP cell 3.2V 280Ah",
            &[
                ("3.2V", Voltage, 3.2, Exact),
                ("280Ah", Charge, 1_008_000.0, Exact),
            ],
        ),
        (
            "Energy density 350 Wh/kg",
            &[("350 Wh/kg", SpecificEnergy, 1.26e6, Exact)],
        ),
        (
            "Gravimetric energy density: ≥300Wh/kg",
            &[("≥300Wh/kg", SpecificEnergy, 1.08e6, AtLeast)],
        ),
        (
            "Volumetric 700 Wh/L",
            &[("700 Wh/L", EnergyDensity, 2.52e9, Exact)],
        ),
        (
            "Cathode LiFePO4 compacted density 2.6 g/cm3",
            &[("2.6 g/cm3", Density, 2600.0, Exact)],
        ),
        (
            "Tap density ≥ 1.0 g/cc",
            &[("≥ 1.0 g/cc", Density, 1000.0, AtLeast)],
        ),
        (
            "Specific capacity 160 mAh/g",
            &[("160 mAh/g", SpecificCapacity, 576_000.0, Exact)],
        ),
        (
            "Discharge capacity ≥155mAh/g at 0.1C",
            &[("≥155mAh/g", SpecificCapacity, 558_000.0, AtLeast)],
        ),
        (
            "NCM811 200 mAh g-1",
            &[("200 mAh g-1", SpecificCapacity, 720_000.0, Exact)],
        ),
        (
            "Cell 280 Wh·kg⁻¹",
            &[("280 Wh·kg⁻¹", SpecificEnergy, 1.008e6, Exact)],
        ),
        (
            "电池 能量密度 300Wh/kg",
            &[("300Wh/kg", SpecificEnergy, 1.08e6, Exact)],
        ),
        (
            "磷酸铁锂 压实密度 2.65g/cm³ 克容量 158mAh/g",
            &[
                ("2.65g/cm³", Density, 2650.0, Exact),
                ("158mAh/g", SpecificCapacity, 568_800.0, Exact),
            ],
        ),
        (
            "电芯 容量 100Ah 电压 3.2V",
            &[
                ("100Ah", Charge, 360_000.0, Exact),
                ("3.2V", Voltage, 3.2, Exact),
            ],
        ),
        (
            "Battery pack 48V 100Ah 5.12 kWh",
            &[
                ("48V", Voltage, 48.0, Exact),
                ("100Ah", Charge, 360_000.0, Exact),
                ("5.12 kWh", Energy, 1.8432e7, Exact),
            ],
        ),
        (
            "18650 3.6 V 3500 mAh 250 Wh/kg",
            &[
                ("3.6 V", Voltage, 3.6, Exact),
                ("3500 mAh", Charge, 12_600.0, Exact),
                ("250 Wh/kg", SpecificEnergy, 9e5, Exact),
            ],
        ),
        (
            "Solid-state cell 500 Wh/kg, 1000 Wh/L",
            &[
                ("500 Wh/kg", SpecificEnergy, 1.8e6, Exact),
                ("1000 Wh/L", EnergyDensity, 3.6e9, Exact),
            ],
        ),
        (
            "セル エネルギー密度 300Wh/kg",
            &[("300Wh/kg", SpecificEnergy, 1.08e6, Exact)],
        ),
        (
            "Charge voltage 4.2 V ± 0.05 V",
            &[("4.2 V ± 0.05 V", Voltage, 4.2, Exact)],
        ),
        (
            "Operating temperature -20 ~ 60 °C",
            &[("-20 ~ 60 °C", Temperature, 253.15, Exact)],
        ),
        ("Weight 45 g", &[("45 g", Mass, 0.045, Exact)]),
        (
            "Cell 18 x 65 mm",
            &[
                ("18", Length, 0.018, Exact),
                ("65 mm", Length, 0.065, Exact),
            ],
        ),
        (
            "Energy density not less than 300 Wh/kg",
            &[("not less than 300 Wh/kg", SpecificEnergy, 1.08e6, AtLeast)],
        ),
        (
            "能量密度≥310Wh/kg",
            &[("≥310Wh/kg", SpecificEnergy, 1.116e6, AtLeast)],
        ),
        (
            "能量密度 310 瓦时/千克",
            &[("310 瓦时/千克", SpecificEnergy, 1.116e6, Exact)],
        ),
        (
            "压实密度≥2.5克/立方厘米",
            &[("≥2.5克/立方厘米", Density, 2500.0, AtLeast)],
        ),
        (
            "克容量 160毫安时/克",
            &[("160毫安时/克", SpecificCapacity, 576_000.0, Exact)],
        ),
        (
            "容量 5000毫安时",
            &[("5000毫安时", Charge, 18_000.0, Exact)],
        ),
        (
            "Cathode 165 mAh·g-1, 3.5 g/mL",
            &[
                ("165 mAh·g-1", SpecificCapacity, 594_000.0, Exact),
                ("3.5 g/mL", Density, 3500.0, Exact),
            ],
        ),
        (
            "Power bank 20000mAh 74Wh",
            &[
                ("20000mAh", Charge, 72_000.0, Exact),
                ("74Wh", Energy, 266_400.0, Exact),
            ],
        ),
        (
            "Cell capacity 3.2 Ah, 11.5 Wh",
            &[
                ("3.2 Ah", Charge, 11_520.0, Exact),
                ("11.5 Wh", Energy, 41_400.0, Exact),
            ],
        ),
        ("Battery 4 × 3.7 V", &[("4 × 3.7 V", Voltage, 3.7, Exact)]),
        (
            "Specific energy 0.9 MJ/kg",
            &[("0.9 MJ/kg", SpecificEnergy, 9e5, Exact)],
        ),
        (
            "Pack 2.5 kWh/kg?",
            &[("2.5 kWh/kg", SpecificEnergy, 9e6, Exact)],
        ),
        (
            "Anode 360 Ah/kg",
            &[("360 Ah/kg", SpecificCapacity, 1_296_000.0, Exact)],
        ),
        (
            "Electrolyte density 1.2 kg/L",
            &[("1.2 kg/L", Density, 1200.0, Exact)],
        ),
        // ---- magnets ----
        (
            "NdFeB magnet N52 Br 1.43-1.48 T",
            &[("1.43-1.48 T", MagneticFluxDensity, 1.43, Exact)],
        ),
        (
            "N42SH Hcj ≥ 20 kOe",
            &[("≥ 20 kOe", MagneticFieldStrength, 20.0 * KOE, AtLeast)],
        ),
        (
            "Coercivity Hcj 1592 kA/m",
            &[("1592 kA/m", MagneticFieldStrength, 1_592_000.0, Exact)],
        ),
        (
            "(BH)max 48-51 MGOe",
            &[("48-51 MGOe", EnergyProduct, 48.0 * MGOE, Exact)],
        ),
        (
            "BHmax 398 kJ/m³",
            &[("398 kJ/m³", EnergyProduct, 398_000.0, Exact)],
        ),
        (
            "Sm2Co17 magnet, Hcj > 25 kOe, operating temp 350 °C",
            &[
                ("> 25 kOe", MagneticFieldStrength, 25.0 * KOE, MoreThan),
                ("350 °C", Temperature, 350.0 + C0, Exact),
            ],
        ),
        (
            "SmCo5 Br 0.9 T",
            &[("0.9 T", MagneticFluxDensity, 0.9, Exact)],
        ),
        (
            "Remanence 12.5 kGs",
            &[("12.5 kGs", MagneticFluxDensity, 1.25, Exact)],
        ),
        (
            "Ferrite magnet Br 4000 Gs, Hcb 3000 Oe",
            &[
                ("4000 Gs", MagneticFluxDensity, 0.4, Exact),
                ("3000 Oe", MagneticFieldStrength, 3000.0 * OE, Exact),
            ],
        ),
        (
            "钕铁硼磁铁 N35 内禀矫顽力≥12kOe",
            &[("≥12kOe", MagneticFieldStrength, 12.0 * KOE, AtLeast)],
        ),
        (
            "磁能积 50MGOe",
            &[("50MGOe", EnergyProduct, 50.0 * MGOE, Exact)],
        ),
        (
            "Dy-free N48H magnet 1.38 T",
            &[("1.38 T", MagneticFluxDensity, 1.38, Exact)],
        ),
        (
            "Magnetostriction 1500 ppm Terfenol-D",
            &[("1500 ppm", Fraction, 1.5e-3, Exact)],
        ),
        (
            "Galfenol rod, magnetostriction 250 ppm",
            &[("250 ppm", Fraction, 2.5e-4, Exact)],
        ),
        (
            "Hcj 955 kA/m min",
            &[("955 kA/m min", MagneticFieldStrength, 955_000.0, AtLeast)],
        ),
        (
            "Surface field 3000 Gauss",
            &[("3000 Gauss", MagneticFluxDensity, 0.3, Exact)],
        ),
        (
            "Block magnet 20 x 10 x 5 mm",
            &[
                ("20", Length, 0.02, Exact),
                ("10", Length, 0.01, Exact),
                ("5 mm", Length, 0.005, Exact),
            ],
        ),
        (
            "Ring magnet OD 20 mm ID 10 mm",
            &[
                ("20 mm", Length, 0.02, Exact),
                ("10 mm", Length, 0.01, Exact),
            ],
        ),
        (
            "MRI magnet 1.5 tesla",
            &[("1.5 tesla", MagneticFluxDensity, 1.5, Exact)],
        ),
        (
            "Br: 14.2kG",
            &[("14.2kG", MagneticFluxDensity, 1.42, Exact)],
        ),
        (
            "Hcj 35 kOe (2786 kA/m)",
            &[
                ("35 kOe", MagneticFieldStrength, 35.0 * KOE, Exact),
                ("2786 kA/m", MagneticFieldStrength, 2_786_000.0, Exact),
            ],
        ),
        (
            "Field 500 mT",
            &[("500 mT", MagneticFluxDensity, 0.5, Exact)],
        ),
        (
            "磁钢 剩磁 1.2特斯拉 矫顽力 11千奥斯特",
            &[
                ("1.2特斯拉", MagneticFluxDensity, 1.2, Exact),
                ("11千奥斯特", MagneticFieldStrength, 11.0 * KOE, Exact),
            ],
        ),
        (
            "Energy product 280 kJ/m3",
            &[("280 kJ/m3", EnergyProduct, 280_000.0, Exact)],
        ),
        (
            "Energy product 0.4 MJ/m³",
            &[("0.4 MJ/m³", EnergyProduct, 400_000.0, Exact)],
        ),
        (
            "磁能积 (BH)max ≥ 45 MGOe",
            &[("≥ 45 MGOe", EnergyProduct, 45.0 * MGOE, AtLeast)],
        ),
        (
            "Curie temperature 820 ℃",
            &[("820 ℃", Temperature, 820.0 + C0, Exact)],
        ),
        (
            "Hc 600 A/m",
            &[("600 A/m", MagneticFieldStrength, 600.0, Exact)],
        ),
        // ---- powders, purity, materials ----
        (
            "Diamond micropowder 0-0.5 µm",
            &[("0-0.5 µm", Length, 0.0, Exact)],
        ),
        (
            "Diamond powder W5 (3-5 µm)",
            &[("3-5 µm", Length, 3e-6, Exact)],
        ),
        (
            "Particle size D50 < 50 µm",
            &[("< 50 µm", Length, 5e-5, LessThan)],
        ),
        (
            "Tungsten powder 99.95% purity, 1-3 μm",
            &[
                ("99.95%", Fraction, 0.9995, Exact),
                ("1-3 μm", Length, 1e-6, Exact),
            ],
        ),
        (
            "Gallium 6N (99.9999%)",
            &[
                ("6N", Fraction, 0.999_999, Exact),
                ("99.9999%", Fraction, 0.999_999, Exact),
            ],
        ),
        ("Germanium ingot 5N", &[("5N", Fraction, 0.999_99, Exact)]),
        ("Indium 4N5 ingot", &[("4N5", Fraction, 0.999_95, Exact)]),
        ("Tellurium 7N", &[("7N", Fraction, 0.999_999_9, Exact)]),
        ("Antimony 3N", &[("3N", Fraction, 0.999, Exact)]),
        (
            "High purity graphite ≥ 99.99 %, density 1.85 g/cm3, flexural strength 60 MPa",
            &[
                ("≥ 99.99 %", Fraction, 0.9999, AtLeast),
                ("1.85 g/cm3", Density, 1850.0, Exact),
                ("60 MPa", Pressure, 6e7, Exact),
            ],
        ),
        (
            "石墨 纯度≥99.9% 体积密度1.80g/cm³ 抗压强度 100MPa",
            &[
                ("≥99.9%", Fraction, 0.999, AtLeast),
                ("1.80g/cm³", Density, 1800.0, Exact),
                ("100MPa", Pressure, 1e8, Exact),
            ],
        ),
        ("Nano alumina 20 nm", &[("20 nm", Length, 2e-8, Exact)]),
        ("Silicon powder 325 mesh", &[]),
        (
            "Ash content < 50 ppm",
            &[("< 50 ppm", Fraction, 5e-5, LessThan)],
        ),
        (
            "Oxygen content ≤ 300 ppm",
            &[("≤ 300 ppm", Fraction, 3e-4, AtMost)],
        ),
        (
            "Tantalum 99.99 wt%",
            &[("99.99 wt%", Fraction, 0.9999, Exact)],
        ),
        (
            "Rare earth oxide Dy2O3 99.9%",
            &[("99.9%", Fraction, 0.999, Exact)],
        ),
        (
            "金刚石微粉 粒度 0.5微米",
            &[("0.5微米", Length, 5e-7, Exact)],
        ),
        ("高纯镓 7N", &[("7N", Fraction, 0.999_999_9, Exact)]),
        (
            "Fe ≤ 5 ppm, Cu < 1 ppm",
            &[
                ("≤ 5 ppm", Fraction, 5e-6, AtMost),
                ("< 1 ppm", Fraction, 1e-6, LessThan),
            ],
        ),
        ("Purity: 99.999%", &[("99.999%", Fraction, 0.999_99, Exact)]),
        ("Impurities 10 ppb", &[("10 ppb", Fraction, 1e-8, Exact)]),
        (
            "Boron carbide powder, D50 1.5 µm, 99%",
            &[
                ("1.5 µm", Length, 1.5e-6, Exact),
                ("99%", Fraction, 0.99, Exact),
            ],
        ),
        (
            "Sputtering target 99.995% Ø 76.2 mm x 6 mm",
            &[
                ("99.995%", Fraction, 0.999_95, Exact),
                ("76.2 mm", Length, 0.0762, Exact),
                ("6 mm", Length, 0.006, Exact),
            ],
        ),
        (
            "Tensile strength 900 MPa, yield 830 MPa",
            &[
                ("900 MPa", Pressure, 9e8, Exact),
                ("830 MPa", Pressure, 8.3e8, Exact),
            ],
        ),
        (
            "Carbon fibre T1000 6.4 GPa tensile strength, modulus 294 GPa",
            &[
                ("6.4 GPa", Pressure, 6.4e9, Exact),
                ("294 GPa", Pressure, 2.94e11, Exact),
            ],
        ),
        (
            "Aramid fiber 3.6 GPa",
            &[("3.6 GPa", Pressure, 3.6e9, Exact)],
        ),
        (
            "纯度不小于99.99%",
            &[("不小于99.99%", Fraction, 0.9999, AtLeast)],
        ),
        ("粒度小于50微米", &[("小于50微米", Length, 5e-5, LessThan)]),
        ("粒径 5μm以下", &[("5μm以下", Length, 5e-6, AtMost)]),
        (
            "純度99.99%以上",
            &[("99.99%以上", Fraction, 0.9999, AtLeast)],
        ),
        (
            "純度９９．９９％",
            &[("９９．９９％", Fraction, 0.9999, Exact)],
        ),
        ("粒径 ５０μｍ", &[("５０μｍ", Length, 5e-5, Exact)]),
        ("粒子径 5ミクロン", &[("5ミクロン", Length, 5e-6, Exact)]),
        ("粒径 10纳米", &[("10纳米", Length, 1e-8, Exact)]),
        (
            "Graphite 99.9995% purity, 1.91 g/cm³",
            &[
                ("99.9995%", Fraction, 0.999_995, Exact),
                ("1.91 g/cm³", Density, 1910.0, Exact),
            ],
        ),
        (
            "at least 99.9%",
            &[("at least 99.9%", Fraction, 0.999, AtLeast)],
        ),
        (
            "less than 0.1 ppm",
            &[("less than 0.1 ppm", Fraction, 1e-7, LessThan)],
        ),
        ("below 1 µm", &[("below 1 µm", Length, 1e-6, LessThan)]),
        (
            "Powder 50 µm or less",
            &[("50 µm or less", Length, 5e-5, AtMost)],
        ),
        ("≦ 10 µm", &[("≦ 10 µm", Length, 1e-5, AtMost)]),
        ("≧ 100 W", &[("≧ 100 W", Power, 100.0, AtLeast)]),
        ("99.99%+ pure", &[("99.99%+", Fraction, 0.9999, AtLeast)]),
        ("Carbon 10 ppmw", &[("10 ppmw", Fraction, 1e-5, Exact)]),
        ("Coating 50 Å", &[("50 Å", Length, 5e-9, Exact)]),
        (
            "Film 200 angstrom",
            &[("200 angstrom", Length, 2e-8, Exact)],
        ),
        (
            "Wafer 200 mm, thickness 725 μm",
            &[
                ("200 mm", Length, 0.2, Exact),
                ("725 μm", Length, 7.25e-4, Exact),
            ],
        ),
        ("Wafer 2 inch", &[("2 inch", Length, 0.0508, Exact)]),
        (
            "Powder 45 microns",
            &[("45 microns", Length, 4.5e-5, Exact)],
        ),
        (
            "Graphite purity 99.95 % and density ≥ 1.75 g/cm3",
            &[
                ("99.95 %", Fraction, 0.9995, Exact),
                ("≥ 1.75 g/cm3", Density, 1750.0, AtLeast),
            ],
        ),
        (
            "Graphite bulk density 1850 kg/m3",
            &[("1850 kg/m3", Density, 1850.0, Exact)],
        ),
        (
            "Density 7.9 g/cm^3",
            &[("7.9 g/cm^3", Density, 7900.0, Exact)],
        ),
        (
            "Grain size 10 µm ± 2 µm",
            &[("10 µm ± 2 µm", Length, 1e-5, Exact)],
        ),
        ("Oxygen 0.05 wt.%", &[("0.05 wt.%", Fraction, 5e-4, Exact)]),
        ("Boron 2 ‰", &[("2 ‰", Fraction, 2e-3, Exact)]),
        (
            "金属镓 纯度 99.99999%",
            &[("99.99999%", Fraction, 0.999_999_9, Exact)],
        ),
        ("≥5N gallium", &[("≥5N", Fraction, 0.999_99, AtLeast)]),
        // ---- machine tools ----
        (
            "5-axis machining center, positioning accuracy ±0.005 mm",
            &[("±0.005 mm", Length, 5e-6, PlusMinus)],
        ),
        (
            "CNC lathe repeatability 0.002 mm",
            &[("0.002 mm", Length, 2e-6, Exact)],
        ),
        (
            "Spindle speed 12,000 rpm",
            &[("12,000 rpm", AngularRate, 12_000.0 * RPM, Exact)],
        ),
        (
            "Positioning accuracy 6 µm, repeatability 3 µm",
            &[("6 µm", Length, 6e-6, Exact), ("3 µm", Length, 3e-6, Exact)],
        ),
        (
            "Grinding machine, accuracy < 1 μm",
            &[("< 1 μm", Length, 1e-6, LessThan)],
        ),
        (
            "Table size 1000 x 500 mm",
            &[("1000", Length, 1.0, Exact), ("500 mm", Length, 0.5, Exact)],
        ),
        ("Max load 500 kg", &[("500 kg", Mass, 500.0, Exact)]),
        (
            "Hydraulic press 200 bar",
            &[("200 bar", Pressure, 2e7, Exact)],
        ),
        (
            "Working pressure 35 MPa",
            &[("35 MPa", Pressure, 3.5e7, Exact)],
        ),
        (
            "数控机床 定位精度±0.003mm 主轴转速 8000rpm",
            &[
                ("±0.003mm", Length, 3e-6, PlusMinus),
                ("8000rpm", AngularRate, 8000.0 * RPM, Exact),
            ],
        ),
        (
            "Rotary table positioning accuracy 0.6 arcsec",
            &[("0.6 arcsec", Angle, 0.6 * DEG / 3600.0, Exact)],
        ),
        (
            "Laser interferometer resolution 1 nm",
            &[("1 nm", Length, 1e-9, Exact)],
        ),
        ("EDM wire 0.25 mm", &[("0.25 mm", Length, 2.5e-4, Exact)]),
        ("Ballscrew pitch 10 mm", &[("10 mm", Length, 0.01, Exact)]),
        (
            "Spindle 24,000 RPM, 15 kW",
            &[
                ("24,000 RPM", AngularRate, 24_000.0 * RPM, Exact),
                ("15 kW", Power, 15_000.0, Exact),
            ],
        ),
        (
            "Motor 7.5 kW 1450 rpm",
            &[
                ("7.5 kW", Power, 7500.0, Exact),
                ("1450 rpm", AngularRate, 1450.0 * RPM, Exact),
            ],
        ),
        (
            "Motor 10 hp",
            &[("10 hp", Power, 7_456.998_715_822_702, Exact)],
        ),
        (
            "Isostatic press 200 MPa, 2000 °C",
            &[
                ("200 MPa", Pressure, 2e8, Exact),
                ("2000 °C", Temperature, 2000.0 + C0, Exact),
            ],
        ),
        (
            "Furnace max temperature 1600℃",
            &[("1600℃", Temperature, 1600.0 + C0, Exact)],
        ),
        ("Spindle runout ≤ 2 µm", &[("≤ 2 µm", Length, 2e-6, AtMost)]),
        (
            "Straightness 0.01 mm/1000 mm",
            &[("1000 mm", Length, 1.0, Exact)],
        ),
        (
            "Nd:YAG 1064/532 nm",
            &[
                ("1064", Length, 1.064e-6, Exact),
                ("532 nm", Length, 5.32e-7, Exact),
            ],
        ),
        (
            "Dual-band 2.4/5 GHz",
            &[
                ("2.4", Frequency, 2.4e9, Exact),
                ("5 GHz", Frequency, 5e9, Exact),
            ],
        ),
        (
            "Mains 230 V 50/60 Hz",
            &[
                ("230 V", Voltage, 230.0, Exact),
                ("50", Frequency, 50.0, Exact),
                ("60 Hz", Frequency, 60.0, Exact),
            ],
        ),
        (
            "Power between 20 and 30 W",
            &[("20 and 30 W", Power, 20.0, Exact)],
        ),
        ("Power 1 000 W", &[]),
        (
            "机床 行程 800毫米 重复定位精度 0.002毫米",
            &[
                ("800毫米", Length, 0.8, Exact),
                ("0.002毫米", Length, 2e-6, Exact),
            ],
        ),
        ("厚さ 3ミリ", &[("3ミリ", Length, 0.003, Exact)]),
        ("加工精度 ±1 μm", &[("±1 μm", Length, 1e-6, PlusMinus)]),
        ("Shaft 10 ±0.1 mm", &[("10 ±0.1 mm", Length, 0.01, Exact)]),
        (
            "Shaft Ø10 mm ±0.01",
            &[("10 mm ±0.01", Length, 0.01, Exact)],
        ),
        ("Shaft φ10mm", &[("10mm", Length, 0.01, Exact)]),
        (
            "Hole 10 +/- 0.05 mm",
            &[("10 +/- 0.05 mm", Length, 0.01, Exact)],
        ),
        ("Plate 1.5 mm thick", &[("1.5 mm", Length, 0.0015, Exact)]),
        ("Plate 10MM", &[("10MM", Length, 0.01, Exact)]),
        (
            "Rod 2 m long, 5 cm wide",
            &[("2 m", Length, 2.0, Exact), ("5 cm", Length, 0.05, Exact)],
        ),
        ("Travel 1.2 km", &[("1.2 km", Length, 1200.0, Exact)]),
        ("Press 300 kN", &[]),
        // ---- gyros ----
        (
            "FOG bias stability 0.01 °/h",
            &[("0.01 °/h", AngularRate, 0.01 * DPH, Exact)],
        ),
        (
            "MEMS gyro bias instability 2 deg/hr",
            &[("2 deg/hr", AngularRate, 2.0 * DPH, Exact)],
        ),
        (
            "Angle random walk 0.005 °/√h",
            &[("0.005 °/√h", AngleRandomWalk, 0.005 * DEG / 60.0, Exact)],
        ),
        (
            "Ring laser gyro drift < 0.003 deg/h",
            &[("< 0.003 deg/h", AngularRate, 0.003 * DPH, LessThan)],
        ),
        (
            "Gyro range ±400 °/s",
            &[("±400 °/s", AngularRate, 400.0 * DEG, PlusMinus)],
        ),
        (
            "陀螺 零偏稳定性 0.05°/h",
            &[("0.05°/h", AngularRate, 0.05 * DPH, Exact)],
        ),
        ("Scale factor 10 ppm", &[("10 ppm", Fraction, 1e-5, Exact)]),
        (
            "Gyro bias 0.1 dph",
            &[("0.1 dph", AngularRate, 0.1 * DPH, Exact)],
        ),
        (
            "光纤陀螺 零偏 0.01度/小时",
            &[("0.01度/小时", AngularRate, 0.01 * DPH, Exact)],
        ),
        (
            "Gyro bandwidth 200 Hz, bias 1 °/hr",
            &[
                ("200 Hz", Frequency, 200.0, Exact),
                ("1 °/hr", AngularRate, DPH, Exact),
            ],
        ),
        (
            "Bias 0.5 deg/s",
            &[("0.5 deg/s", AngularRate, 0.5 * DEG, Exact)],
        ),
        ("Rate 10 rad/s", &[("10 rad/s", AngularRate, 10.0, Exact)]),
        ("Tilt 45°", &[("45°", Angle, 45.0 * DEG, Exact)]),
        (
            "Field of view 24° x 18°",
            &[
                ("24°", Angle, 24.0 * DEG, Exact),
                ("18°", Angle, 18.0 * DEG, Exact),
            ],
        ),
        (
            "ARW 0.002 deg/√hr",
            &[("0.002 deg/√hr", AngleRandomWalk, 0.002 * DEG / 60.0, Exact)],
        ),
        (
            "Temperature range -40 to +85 °C",
            &[("-40 to +85 °C", Temperature, 233.15, Exact)],
        ),
        // ---- IR cameras / imaging ----
        (
            "Uncooled microbolometer 640×512, 12 µm pitch, 8-14 µm, 30 Hz",
            &[
                ("640×512", PixelCount, 327_680.0, Exact),
                ("12 µm", Length, 1.2e-5, Exact),
                ("8-14 µm", Length, 8e-6, Exact),
                ("30 Hz", Frequency, 30.0, Exact),
            ],
        ),
        (
            "MWIR cooled InSb 320 x 256 3-5 µm 77K",
            &[
                ("320 x 256", PixelCount, 81_920.0, Exact),
                ("3-5 µm", Length, 3e-6, Exact),
                ("77K", Temperature, 77.0, Exact),
            ],
        ),
        (
            "Thermal camera 384x288 50Hz NETD < 40 mK",
            &[
                ("384x288", PixelCount, 110_592.0, Exact),
                ("50Hz", Frequency, 50.0, Exact),
                ("< 40 mK", Temperature, 0.04, LessThan),
            ],
        ),
        (
            "IR camera 1280 x 1024 pixels, 100 fps",
            &[
                ("1280 x 1024 pixels", PixelCount, 1_310_720.0, Exact),
                ("100 fps", FrameRate, 100.0, Exact),
            ],
        ),
        (
            "红外热像仪 分辨率640×512 帧频50Hz 波段8~14μm",
            &[
                ("640×512", PixelCount, 327_680.0, Exact),
                ("50Hz", Frequency, 50.0, Exact),
                ("8~14μm", Length, 8e-6, Exact),
            ],
        ),
        (
            "赤外線カメラ 640×480画素 60fps",
            &[
                ("640×480画素", PixelCount, 307_200.0, Exact),
                ("60fps", FrameRate, 60.0, Exact),
            ],
        ),
        (
            "NETD ≤ 50 mK @ 25 °C",
            &[
                ("≤ 50 mK", Temperature, 0.05, AtMost),
                ("25 °C", Temperature, 298.15, Exact),
            ],
        ),
        (
            "Camera 5 MP, 60 fps",
            &[
                ("5 MP", PixelCount, 5e6, Exact),
                ("60 fps", FrameRate, 60.0, Exact),
            ],
        ),
        (
            "Sensor 12 megapixels",
            &[("12 megapixels", PixelCount, 1.2e7, Exact)],
        ),
        (
            "SWIR InGaAs 0.9-1.7 µm 640x512 15 µm pitch",
            &[
                ("0.9-1.7 µm", Length, 9e-7, Exact),
                ("640x512", PixelCount, 327_680.0, Exact),
                ("15 µm", Length, 1.5e-5, Exact),
            ],
        ),
        ("Frame rate 120 Hz", &[("120 Hz", Frequency, 120.0, Exact)]),
        (
            "Video 1920×1080 @ 60 fps",
            &[
                ("1920×1080", PixelCount, 2_073_600.0, Exact),
                ("60 fps", FrameRate, 60.0, Exact),
            ],
        ),
        ("200万像素摄像头", &[("200万像素", PixelCount, 2e6, Exact)]),
        ("帧频 50帧/秒", &[("50帧/秒", FrameRate, 50.0, Exact)]),
        ("Cryocooler 77 K", &[("77 K", Temperature, 77.0, Exact)]),
        (
            "Detector cooled to 4 K",
            &[("4 K", Temperature, 4.0, Exact)],
        ),
        (
            "Spectral range 3.7–4.8 μm, 30 fps",
            &[
                ("3.7–4.8 μm", Length, 3.7e-6, Exact),
                ("30 fps", FrameRate, 30.0, Exact),
            ],
        ),
        (
            "LWIR 7.5-13.5 um, 17 um pixel",
            &[
                ("7.5-13.5 um", Length, 7.5e-6, Exact),
                ("17 um", Length, 1.7e-5, Exact),
            ],
        ),
        (
            "FPA 1024×768 pixels",
            &[("1024×768 pixels", PixelCount, 786_432.0, Exact)],
        ),
        (
            "Thermal core 160×120",
            &[("160×120", PixelCount, 19_200.0, Exact)],
        ),
        ("Camera 8 Mpx", &[("8 Mpx", PixelCount, 8e6, Exact)]),
        (
            "NETD <30mK, F/1.0 lens, 25 mm",
            &[
                ("<30mK", Temperature, 0.03, LessThan),
                ("25 mm", Length, 0.025, Exact),
            ],
        ),
        ("Integration time 10 µs", &[("10 µs", Time, 1e-5, Exact)]),
        (
            "Response time < 10 ms",
            &[("< 10 ms", Time, 0.01, LessThan)],
        ),
        ("Rise time 50 ps", &[("50 ps", Time, 5e-11, Exact)]),
        ("响应时间 10毫秒", &[("10毫秒", Time, 0.01, Exact)]),
        ("Charging time 2 h", &[("2 h", Time, 7200.0, Exact)]),
        ("Warm-up 5 min", &[("5 min", Time, 300.0, Exact)]),
        (
            "Frame rate 30 frames/s",
            &[("30 frames/s", FrameRate, 30.0, Exact)],
        ),
        // ---- temperature, pressure, electrical, misc ----
        (
            "Temperature range -196 °C to 200 °C",
            &[("-196 °C to 200 °C", Temperature, 77.15, Exact)],
        ),
        ("Storage -40 °F", &[("-40 °F", Temperature, 233.15, Exact)]),
        (
            "Pressure 3,000 psi",
            &[("3,000 psi", Pressure, 20_684_271.879_504, Exact)],
        ),
        (
            "Burst pressure 6000 PSI",
            &[("6000 PSI", Pressure, 41_368_543.759_008, Exact)],
        ),
        (
            "Vacuum 10 Torr",
            &[("10 Torr", Pressure, 1_333.223_684_21, Exact)],
        ),
        (
            "Chamber pressure 5 mTorr",
            &[("5 mTorr", Pressure, 0.666_611_842_105, Exact)],
        ),
        ("Vacuum 1 mbar", &[("1 mbar", Pressure, 100.0, Exact)]),
        ("Tank 1 atm", &[("1 atm", Pressure, 101_325.0, Exact)]),
        (
            "Strength 1500 N/mm2",
            &[("1500 N/mm2", Pressure, 1.5e9, Exact)],
        ),
        ("Pressure 10 kPa", &[("10 kPa", Pressure, 1e4, Exact)]),
        ("压力 10兆帕", &[("10兆帕", Pressure, 1e7, Exact)]),
        ("Pressure 2.5 Mpa", &[("2.5 Mpa", Pressure, 2.5e6, Exact)]),
        (
            "Power supply 0-30V 5A",
            &[("0-30V", Voltage, 0.0, Exact), ("5A", Current, 5.0, Exact)],
        ),
        ("HV supply 30 kV", &[("30 kV", Voltage, 3e4, Exact)]),
        ("Voltage 220VAC", &[("220VAC", Voltage, 220.0, Exact)]),
        (
            "Input 100-240 VAC",
            &[("100-240 VAC", Voltage, 100.0, Exact)],
        ),
        (
            "Adapter DC12V 2A",
            &[("12V", Voltage, 12.0, Exact), ("2A", Current, 2.0, Exact)],
        ),
        ("Weight 2.5 kg", &[("2.5 kg", Mass, 2.5, Exact)]),
        ("重量 5公斤", &[("5公斤", Mass, 5.0, Exact)]),
        ("重量 50グラム", &[("50グラム", Mass, 0.05, Exact)]),
        ("电压 220伏", &[("220伏", Voltage, 220.0, Exact)]),
        ("電圧 100ボルト", &[("100ボルト", Voltage, 100.0, Exact)]),
        ("厚度 0.2毫米", &[("0.2毫米", Length, 2e-4, Exact)]),
        (
            "温度 1200摄氏度",
            &[("1200摄氏度", Temperature, 1200.0 + C0, Exact)],
        ),
        ("温度 ２５℃", &[("２５℃", Temperature, 298.15, Exact)]),
        (
            "电流 10ミリアンペア",
            &[("10ミリアンペア", Current, 0.01, Exact)],
        ),
        ("Temperature 25ºC", &[("25ºC", Temperature, 298.15, Exact)]),
        ("Temp 25 degC", &[("25 degC", Temperature, 298.15, Exact)]),
        (
            "Sinter at 1450 °C for 2 h",
            &[
                ("1450 °C", Temperature, 1450.0 + C0, Exact),
                ("2 h", Time, 7200.0, Exact),
            ],
        ),
        (
            "Heater 2 kW, 230 V, 8.7 A",
            &[
                ("2 kW", Power, 2000.0, Exact),
                ("230 V", Voltage, 230.0, Exact),
                ("8.7 A", Current, 8.7, Exact),
            ],
        ),
        ("Power 1.2k W", &[("1.2k W", Power, 1200.0, Exact)]),
        ("Clock 1.5k Hz", &[("1.5k Hz", Frequency, 1500.0, Exact)]),
        ("Output ≈ 3 W", &[("≈ 3 W", Power, 3.0, Approx)]),
        ("Weight ca. 5 kg", &[("ca. 5 kg", Mass, 5.0, Approx)]),
        (
            "Length approx 20 mm",
            &[("approx 20 mm", Length, 0.02, Approx)],
        ),
        ("Approx. 3 W", &[("Approx. 3 W", Power, 3.0, Approx)]),
        (
            "Heated to about 50 °C",
            &[("about 50 °C", Temperature, 323.15, Approx)],
        ),
        ("Weight under 5 kg", &[("under 5 kg", Mass, 5.0, LessThan)]),
        ("约 5 mm", &[("约 5 mm", Length, 0.005, Approx)]),
        ("~5 W", &[("~5 W", Power, 5.0, Approx)]),
        ("power >= 1 kW", &[(">= 1 kW", Power, 1000.0, AtLeast)]),
        ("min. 500 W", &[("min. 500 W", Power, 500.0, AtLeast)]),
        ("5 W max", &[("5 W max", Power, 5.0, AtMost)]),
        ("10 W minimum", &[("10 W minimum", Power, 10.0, AtLeast)]),
        (
            "power 100 W (max)",
            &[("100 W (max)", Power, 100.0, AtMost)],
        ),
        ("1kW以下", &[("1kW以下", Power, 1000.0, AtMost)]),
        ("Output 2*1000W", &[("2*1000W", Power, 1000.0, Exact)]),
        ("Laser 2 x 1.5 kW", &[("2 x 1.5 kW", Power, 1500.0, Exact)]),
        ("Laser 500W x 2", &[("500W x 2", Power, 500.0, Exact)]),
        ("Laser 2x500W", &[("2x500W", Power, 500.0, Exact)]),
        (
            "Efficiency 35 percent",
            &[("35 percent", Fraction, 0.35, Exact)],
        ),
        (
            "Power 1\u{2009}000 W",
            &[("1\u{2009}000 W", Power, 1000.0, Exact)],
        ),
        (
            "Power 1\u{202F}500 W",
            &[("1\u{202F}500 W", Power, 1500.0, Exact)],
        ),
        ("Power 1'000 W", &[("1'000 W", Power, 1000.0, Exact)]),
        (
            "Wavelength 1064\u{a0}nm",
            &[("1064\u{a0}nm", Length, 1.064e-6, Exact)],
        ),
        (
            "Size 10㎜, 3㎛",
            &[("10㎜", Length, 0.01, Exact), ("3㎛", Length, 3e-6, Exact)],
        ),
        ("Laser 100㎾", &[("100㎾", Power, 1e5, Exact)]),
        ("２．５ＧＨｚ", &[("２．５ＧＨｚ", Frequency, 2.5e9, Exact)]),
        // ---- decimal comma / thousands ----
        (
            "Faserlaser 1.200,5 W, Strahl 0,5 mm",
            &[
                ("1.200,5 W", Power, 1200.5, Exact),
                ("0,5 mm", Length, 5e-4, Exact),
            ],
        ),
        ("Durchmesser 0,5 mm", &[("0,5 mm", Length, 5e-4, Exact)]),
        (
            "Frequenz 2,45 GHz",
            &[("2,45 GHz", Frequency, 2.45e9, Exact)],
        ),
        ("Reinheit 99,99 %", &[("99,99 %", Fraction, 0.9999, Exact)]),
        ("Dichte 7,8 g/cm³", &[("7,8 g/cm³", Density, 7800.0, Exact)]),
        (
            "Leistung 2 x 1.000 W, Gewicht 12,5 kg",
            &[
                ("2 x 1.000 W", Power, 1000.0, Exact),
                ("12,5 kg", Mass, 12.5, Exact),
            ],
        ),
        (
            "Leistung 1.500 W, Strahlqualität 1,1",
            &[("1.500 W", Power, 1500.0, Exact)],
        ),
        ("Power 1.500 W", &[("1.500 W", Power, 1.5, Exact)]),
        ("Power 1,500 W", &[("1,500 W", Power, 1500.0, Exact)]),
        ("Puissance 1,5 kW", &[("1,5 kW", Power, 1500.0, Exact)]),
        ("Tension 3,7–4,2 V", &[("3,7–4,2 V", Voltage, 3.7, Exact)]),
        ("Power 1,200,000 W", &[("1,200,000 W", Power, 1.2e6, Exact)]),
        (
            "Leistung 1.200.000 W",
            &[("1.200.000 W", Power, 1.2e6, Exact)],
        ),
        ("Leistung 0,500 W", &[("0,500 W", Power, 0.5, Exact)]),
        ("Power 1,234.56 W", &[("1,234.56 W", Power, 1234.56, Exact)]),
        (
            "Power 1234,5678 W",
            &[("1234,5678 W", Power, 1234.5678, Exact)],
        ),
        (
            "Power 12.5 W and 1,000 W",
            &[
                ("12.5 W", Power, 12.5, Exact),
                ("1,000 W", Power, 1000.0, Exact),
            ],
        ),
        (
            "Leistung 12,5 W und 1,000 W",
            &[
                ("12,5 W", Power, 12.5, Exact),
                ("1,000 W", Power, 1.0, Exact),
            ],
        ),
        (
            "Wellenlänge 1.064 nm, Leistung 0,8 W",
            &[
                ("1.064 nm", Length, 1.064e-6, Exact),
                ("0,8 W", Power, 0.8, Exact),
            ],
        ),
    ];

    /// Texts that hold no quantity at all.
    const NON_QUANTITIES: &[&str] = &[
        "N52",
        "NdFeB magnet grade N52",
        "N42SH arc segment",
        "M3x10 screw",
        "M8x1.25 bolt",
        "SmCo5",
        "Sm2Co17",
        "Dy2O3",
        "Tb4O7 oxide",
        "GaAs wafer",
        "InP substrate",
        "2025-04-04",
        "effective 2025-04-04",
        "RTX4090",
        "ISO 9001",
        "ISO 9001:2015 certified",
        "IP67",
        "HS 8505.11",
        "HS code 8541.40.20",
        "LM317",
        "ATmega328P",
        "Ti-6Al-4V",
        "Nd2Fe14B",
        "CO2",
        "4K video",
        "8K display",
        "5G router",
        "4G LTE module",
        "USB 3.0",
        "Wi-Fi 6",
        "Bluetooth 5.2",
        "Rev 2.1",
        "firmware v1.2.3",
        "Part No. 12345",
        "Model X100",
        "YLR-1000",
        "IEC 60825-1",
        "EN 61000-4-2",
        "Class 4",
        "pack of 10",
        "24 pcs",
        "Feed rate 10 m/min",
        "Speed 100 mm/s",
        "Irradiance 5 W/cm2",
        "Area 10 m2",
        "Cross-section 2.5 mm²",
        "Page 5",
        "Qty: 100",
        "1/2 inch",
        "3/4 inch pipe",
        "ＮｄＦｅＢ　Ｎ５２",
        "SUS304",
        "6061-T6",
        "Grade 5 titanium",
        "RS-232",
        "Discharge 0.1C",
        "2C rate",
        "100x zoom",
        "10X objective",
        "Date 04.04.2025",
        "Tel +86 755 1234 5678",
        "Cat6 cable",
        "5 Wide",
        "AISI 316L",
        "NCM811",
        "LiFePO4",
        "Gen 3",
        "A380 aluminium",
        "SN74HC595",
        "",
        "   ",
        "1.2k",
        "10k",
        "~",
        "±",
        "2 x",
        "x10",
        "Size M",
        "Windows 11",
        "版本 2.0",
        "第3代",
        "2025年4月",
        "型号 ABC-123",
        "ＳｍＣｏ５",
        "Resistance 20 mΩ",
        "Gain 30 dB",
        "Mesh 325",
    ];

    fn close(a: f64, b: f64) -> bool {
        a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()) || (a - b).abs() < 1e-30
    }

    #[test]
    fn table_extraction() {
        let mut failures = Vec::new();
        for (text, expected) in CASES {
            let got = extract(text);
            let ok = got.len() == expected.len()
                && got
                    .iter()
                    .zip(expected.iter())
                    .all(|(q, (span, dim, v, b))| {
                        q.text(text) == *span
                            && q.dimension == *dim
                            && close(q.value, *v)
                            && q.bound == *b
                    });
            if !ok {
                let g: Vec<String> = got
                    .iter()
                    .map(|q| {
                        format!(
                            "({:?}, {:?}, {}, {:?})",
                            q.text(text),
                            q.dimension,
                            q.value,
                            q.bound
                        )
                    })
                    .collect();
                failures.push(format!("{text:?}\n   got: {}", g.join(", ")));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn table_non_quantities() {
        let mut failures = Vec::new();
        for text in NON_QUANTITIES {
            let got = extract(text);
            if !got.is_empty() {
                let g: Vec<&str> = got.iter().map(|q| q.text(text)).collect();
                failures.push(format!("{text:?} -> {g:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn table_is_large() {
        assert!(
            CASES.len() + NON_QUANTITIES.len() >= 300,
            "{}",
            CASES.len() + NON_QUANTITIES.len()
        );
    }

    fn one(text: &str) -> Quantity {
        let qs = extract(text);
        assert_eq!(qs.len(), 1, "{text:?}: {qs:?}");
        qs.into_iter().next().unwrap()
    }

    #[test]
    fn ranges_have_max() {
        let q = one("3.7–6.8 GHz");
        assert!(close(q.value, 3.7e9) && close(q.max.unwrap(), 6.8e9));
        let q = one("500 MHz - 2 GHz");
        assert!(close(q.value, 5e8) && close(q.max.unwrap(), 2e9));
        let q = one("-40~85℃");
        assert!(close(q.value, 233.15) && close(q.max.unwrap(), 358.15));
        let q = one("between 20 and 30 W");
        assert!(close(q.value, 20.0) && close(q.max.unwrap(), 30.0), "{q:?}");
        let q = one("3.7至6.8GHz");
        assert!(close(q.max.unwrap(), 6.8e9));
        // reversed order is normalized
        let q = one("1550-1310 nm");
        assert!(close(q.value, 1.31e-6) && close(q.max.unwrap(), 1.55e-6));
        // different dimensions are two quantities
        assert_eq!(extract("1064 nm - 500 W").len(), 2);
        // the interval of a range
        assert_eq!(one("2-6 GHz").interval(), (2e9, 6e9));
        assert_eq!(one("up to 2 W").interval(), (f64::NEG_INFINITY, 2.0));
        assert_eq!(one("≥ 2 W").interval(), (2.0, f64::INFINITY));
    }

    #[test]
    fn tolerances() {
        let q = one("10 ±0.1 mm");
        assert!(close(q.tolerance.unwrap(), 1e-4));
        let q = one("10 mm ± 0.1");
        assert!(close(q.tolerance.unwrap(), 1e-4));
        let q = one("100 W ±5 %");
        assert!(close(q.value, 100.0) && close(q.tolerance.unwrap(), 5.0));
        let q = one("25 °C ± 2 °C");
        assert!(close(q.value, 298.15) && close(q.tolerance.unwrap(), 2.0));
        let q = one("1064±5nm");
        assert!(close(q.value, 1.064e-6) && close(q.tolerance.unwrap(), 5e-9));
        let q = one("±0.1 mm");
        assert_eq!(q.bound, Bound::PlusMinus);
        assert!(close(q.value, 1e-4));
        let q = one("±0.5 °C");
        assert!(
            close(q.value, 0.5),
            "a ± temperature is a difference: {q:?}"
        );
        assert_eq!(one("30 dBm ± 1 dBm").tolerance, None);
    }

    #[test]
    fn counts() {
        let q = one("2 x 500 W");
        assert_eq!(q.count, Some(2));
        assert!(close(q.value, 500.0));
        assert_eq!(one("500W x 2").count, Some(2));
        assert_eq!(one("4 × 3.7 V").count, Some(4));
        assert_eq!(one("500 W").count, None);
        assert_eq!(one("2 x 500 W").unit, "W");
    }

    #[test]
    fn units_as_written() {
        assert_eq!(one("50 µm").unit, "µm");
        assert_eq!(one("50 μm").unit, "μm");
        assert_eq!(one("５００Ｗ").unit, "Ｗ");
        assert_eq!(one("5N").unit, "N");
        assert_eq!(one("25℃").unit, "℃");
        assert_eq!(one("400 kJ/m³").unit, "kJ/m³");
    }

    #[test]
    fn thresholds() {
        let cases: &[(&str, f64, Dimension)] = &[
            ("1 kW", 1000.0, Power),
            ("1064 nm", 1.064e-6, Length),
            ("350 Wh/kg", 1.26e6, SpecificEnergy),
            ("99.99 %", 0.9999, Fraction),
            ("5N", 0.99999, Fraction),
            ("40 kOe", 40.0 * KOE, MagneticFieldStrength),
            ("-40 °C", 233.15, Temperature),
            ("  2.6 g/cm3 ", 2600.0, Density),
            ("30 dBm", 1.0, Power),
            ("0.5 °/h", 0.5 * DPH, AngularRate),
            ("100 fps", 100.0, FrameRate),
            ("50 µm", 5e-5, Length),
            ("1,5 kW", 1500.0, Power),
            ("100 万像素", 1e6, PixelCount),
        ];
        for (s, v, d) in cases {
            let (gv, gd) = parse_threshold(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert!(close(gv, *v) && gd == *d, "{s}: {gv} {gd:?}");
        }
        for (s, want) in [
            ("", "empty"),
            ("1 furlong", "unknown unit `furlong`"),
            ("abc", "no number"),
            ("1000", "no unit"),
            (">= 1 kW", "comparison"),
            ("1 kW 2 kW", "more than one"),
        ] {
            let e = parse_threshold(s).expect_err(s);
            assert!(e.contains(want), "{s}: {e}");
        }
    }

    #[test]
    fn dimension_names_round_trip() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::from_name(d.name()), Some(d));
            assert!(!d.si_unit().is_empty());
        }
        assert_eq!(Dimension::from_name("Wavelength"), Some(Length));
        assert_eq!(Dimension::from_name("particle size"), Some(Length));
        assert_eq!(
            Dimension::from_name("coercivity"),
            Some(MagneticFieldStrength)
        );
        assert_eq!(Dimension::from_name("purity"), Some(Fraction));
        assert_eq!(Dimension::from_name("powr"), None);
        assert!(FrameRate.accepts(Frequency));
        assert!(!Frequency.accepts(FrameRate));
    }

    /// The scanner and normalization share one CJK table: an iteration
    /// mark before a number is CJK like any ideograph (it was not).
    #[test]
    fn cjk_before_a_number_is_not_a_word() {
        for text in ["々500W", "功率500W", "〆500W", "한500W"] {
            let q = extract(text);
            assert_eq!(q.len(), 1, "{text}: {q:?}");
            assert!(close(q[0].value, 500.0), "{text}: {q:?}");
        }
    }

    #[test]
    fn spans_point_into_original() {
        let text = "出力：５００Ｗ，波長１０６４ｎｍ、純度≧９９．９％";
        for q in extract(text) {
            assert!(text.is_char_boundary(q.span.start) && text.is_char_boundary(q.span.end));
        }
        let qs = extract(text);
        assert_eq!(qs.len(), 3, "{qs:?}");
        assert_eq!(qs[2].text(text), "≧９９．９％");
        assert_eq!(qs[2].bound, Bound::AtLeast);
    }

    // ---- property tests ----

    /// (unit text, dimension, factor, offset) for the round-trip property.
    const PROP_UNITS: &[(&str, Dimension, f64, f64)] = &[
        ("W", Power, 1.0, 0.0),
        ("mW", Power, 1e-3, 0.0),
        ("kW", Power, 1e3, 0.0),
        ("MW", Power, 1e6, 0.0),
        ("瓦", Power, 1.0, 0.0),
        ("千瓦", Power, 1e3, 0.0),
        ("Hz", Frequency, 1.0, 0.0),
        ("kHz", Frequency, 1e3, 0.0),
        ("MHz", Frequency, 1e6, 0.0),
        ("GHz", Frequency, 1e9, 0.0),
        ("兆赫", Frequency, 1e6, 0.0),
        ("nm", Length, 1e-9, 0.0),
        ("µm", Length, 1e-6, 0.0),
        ("μm", Length, 1e-6, 0.0),
        ("mm", Length, 1e-3, 0.0),
        ("cm", Length, 1e-2, 0.0),
        ("m", Length, 1.0, 0.0),
        ("Å", Length, 1e-10, 0.0),
        ("毫米", Length, 1e-3, 0.0),
        ("微米", Length, 1e-6, 0.0),
        ("Wh/kg", SpecificEnergy, 3600.0, 0.0),
        ("Wh/L", EnergyDensity, 3.6e6, 0.0),
        ("g/cm³", Density, 1e3, 0.0),
        ("g/cc", Density, 1e3, 0.0),
        ("kg/m3", Density, 1.0, 0.0),
        ("mAh/g", SpecificCapacity, 3600.0, 0.0),
        ("mAh", Charge, 3.6, 0.0),
        ("kA/m", MagneticFieldStrength, 1e3, 0.0),
        ("Oe", MagneticFieldStrength, OE, 0.0),
        ("kOe", MagneticFieldStrength, KOE, 0.0),
        ("T", MagneticFluxDensity, 1.0, 0.0),
        ("mT", MagneticFluxDensity, 1e-3, 0.0),
        ("Gs", MagneticFluxDensity, 1e-4, 0.0),
        ("kJ/m³", EnergyProduct, 1e3, 0.0),
        ("MGOe", EnergyProduct, MGOE, 0.0),
        ("K", Temperature, 1.0, 0.0),
        ("°C", Temperature, 1.0, C0),
        ("℃", Temperature, 1.0, C0),
        ("Pa", Pressure, 1.0, 0.0),
        ("MPa", Pressure, 1e6, 0.0),
        ("GPa", Pressure, 1e9, 0.0),
        ("bar", Pressure, 1e5, 0.0),
        ("%", Fraction, 0.01, 0.0),
        ("ppm", Fraction, 1e-6, 0.0),
        ("V", Voltage, 1.0, 0.0),
        ("kV", Voltage, 1e3, 0.0),
        ("A", Current, 1.0, 0.0),
        ("mJ", Energy, 1e-3, 0.0),
        ("kWh", Energy, 3.6e6, 0.0),
        ("kg", Mass, 1.0, 0.0),
        ("ns", Time, 1e-9, 0.0),
        ("fps", FrameRate, 1.0, 0.0),
        ("MP", PixelCount, 1e6, 0.0),
        ("°/h", AngularRate, DPH, 0.0),
        ("rpm", AngularRate, RPM, 0.0),
        ("mrad", Angle, 1e-3, 0.0),
    ];

    /// Formats `int.frac` with the given notation.
    fn format_number(int: u64, frac: &str, comma_decimal: bool, grouping: u8) -> String {
        let digits = int.to_string();
        let group_sep = match grouping {
            0 => None,
            1 => Some(if comma_decimal { '.' } else { ',' }),
            2 => Some('\u{2009}'),
            _ => Some('\''),
        };
        let mut s = String::new();
        for (i, c) in digits.chars().enumerate() {
            if let Some(g) = group_sep
                && i > 0
                && (digits.len() - i).is_multiple_of(3)
            {
                s.push(g);
            }
            s.push(c);
        }
        if !frac.is_empty() {
            s.push(if comma_decimal { ',' } else { '.' });
            s.push_str(frac);
        }
        s
    }

    fn prop_case() -> impl Strategy<Value = (String, f64, Dimension)> {
        (
            0..PROP_UNITS.len(),
            0u64..2_000_000,
            prop_oneof![Just(0usize), Just(1), Just(2), Just(4), Just(5), Just(6)],
            0u64..1_000_000,
            any::<bool>(),
            0u8..4,
            any::<bool>(),
            0u8..3,
        )
            .prop_map(
                |(ui, int, nfrac, fracv, comma, grouping, space, prefix_form)| {
                    let (unit, dim, factor, offset) = PROP_UNITS[ui];
                    let frac: String = format!("{fracv:06}").chars().take(nfrac).collect();
                    // `1.234` with `.` grouping and no decimals would read as a decimal
                    // (documented heuristic): such inputs are not generated.
                    let grouping = if frac.is_empty() && comma && grouping == 1 {
                        0
                    } else {
                        grouping
                    };
                    let num = format_number(int, &frac, comma, grouping);
                    let value: f64 = format!("{int}.{}", if frac.is_empty() { "0" } else { &frac })
                        .parse()
                        .unwrap_or(0.0);
                    let sp = if space || unit == "K" { " " } else { "" };
                    // `1.2k W` form for units that take a kilo prefix.
                    if prefix_form == 0 && matches!(unit, "W" | "Hz" | "V" | "Pa") {
                        return (format!("{num}k {unit}"), value * 1e3 * factor, dim);
                    }
                    (format!("{num}{sp}{unit}"), value * factor + offset, dim)
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn round_trip((text, si, dim) in prop_case(), pre in "(|Output |功率|λ=|: )", post in "(| |, |。|\\))") {
            let full = format!("{pre}{text}{post}");
            let qs = extract(&full);
            prop_assert_eq!(qs.len(), 1, "{:?} -> {:?}", full, qs);
            let q = &qs[0];
            prop_assert_eq!(q.dimension, dim);
            prop_assert!(close(q.value, si) || (q.value - si).abs() <= 1e-9 * si.abs().max(1e-300),
                "{:?}: got {} want {}", full, q.value, si);
            prop_assert_eq!(q.text(&full), text.as_str());
        }

        #[test]
        fn never_panics_any_unicode(s in any::<String>()) {
            for q in extract(&s) {
                prop_assert!(q.span.start <= q.span.end && q.span.end <= s.len());
                prop_assert!(s.is_char_boundary(q.span.start) && s.is_char_boundary(q.span.end));
                prop_assert!(q.value.is_finite());
            }
        }

        #[test]
        fn never_panics_catalog_like(s in "[0-9０-９.,，' \u{2009}xX×*~～±≥≤<>%kKmMWNnμµ°℃㎓ＮＷｍ瓦兆赫千毫米以上下–/·\\-⁻¹³²√hzHsAVTGgOePa\u{0301}]{0,40}") {
            for q in extract(&s) {
                prop_assert!(q.span.start <= q.span.end && q.span.end <= s.len());
                prop_assert!(s.is_char_boundary(q.span.start) && s.is_char_boundary(q.span.end));
                prop_assert!(q.value.is_finite());
                prop_assert!(q.max.is_none_or(f64::is_finite));
            }
            let _ = parse_threshold(&s);
        }
    }
}
