//! The unit table: every spelling the scanner recognizes, its dimension and
//! its conversion to SI.
//!
//! The units are data, [`TABLE`]: one row per group of spellings sharing a
//! dimension and a conversion. [`units`] expands the rows once (on first use,
//! behind a `OnceLock`) into [`UnitDef`]s, one per spelling, sorted longest
//! first and indexed by their (lower-cased) first character, so the scanner
//! tries only the units that can start at a position and takes the longest.
//! Among spellings of equal length the earlier row wins, so the order of the
//! rows matters where one spelling has two readings.

use super::Dimension;
use super::Dimension::*;
use std::collections::HashMap;
use std::sync::OnceLock;

const PI: f64 = std::f64::consts::PI;
/// Oersted in A/m.
const OE: f64 = 1000.0 / (4.0 * PI);
/// Degree in rad.
const DEG: f64 = PI / 180.0;

/// Conversion of a value in a unit to SI.
#[derive(Debug, Clone, Copy)]
pub(super) enum Conv {
    /// `v * factor + offset`.
    Linear { factor: f64, offset: f64 },
    /// dBm → W.
    Dbm,
    /// dBW → W.
    Dbw,
}

impl Conv {
    /// The SI value of `v`.
    pub(super) fn apply(self, v: f64) -> f64 {
        match self {
            Conv::Linear { factor, offset } => v * factor + offset,
            Conv::Dbm => 10f64.powf((v - 30.0) / 10.0),
            Conv::Dbw => 10f64.powf(v / 10.0),
        }
    }

    /// The SI size of a difference `v` (a tolerance): no offset; `None` for
    /// logarithmic units.
    pub(super) fn delta(self, v: f64) -> Option<f64> {
        match self {
            Conv::Linear { factor, .. } => Some(v * factor),
            _ => None,
        }
    }

    /// Whether a negative value always means something (logarithmic units).
    pub(super) fn signed(self) -> bool {
        !matches!(self, Conv::Linear { .. })
    }
}

/// One spelling of a unit.
#[derive(Debug)]
pub(super) struct UnitDef {
    /// The spelling, lower-cased when `ci`.
    pub(super) text: Vec<char>,
    /// Matched case-insensitively.
    pub(super) ci: bool,
    pub(super) dim: Dimension,
    pub(super) conv: Conv,
    /// Minimum |value| when glued to the number without a space.
    pub(super) glue_min: f64,
}

/// The expanded unit table.
pub(super) struct Units {
    pub(super) defs: Vec<UnitDef>,
    /// Indices by (lowercased) first char, longest first.
    pub(super) by_first: HashMap<char, Vec<usize>>,
}

/// The unit table, built on first use.
pub(super) fn units() -> &'static Units {
    static U: OnceLock<Units> = OnceLock::new();
    U.get_or_init(build_units)
}

/// Lower-case of a character (its first lower-case character).
pub(super) fn lower(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// Factor of an SI prefix character; 1 for anything else.
pub(super) fn prefix_factor(p: char) -> f64 {
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

/// How a row's spellings expand into [`UnitDef`]s. Spellings are
/// `|`-separated.
#[derive(Debug, Clone, Copy)]
enum Spell {
    /// These spellings, matched case-sensitively.
    Exact(&'static str),
    /// These spellings, matched case-insensitively.
    AnyCase(&'static str),
    /// A base spelling and its SI-prefixed forms, one prefix per character
    /// of the second string (`("W", "mk")`: `W`, `mW`, `kW`); the prefix
    /// multiplies a linear factor.
    Prefixed(&'static str, &'static str),
    /// Every numerator/denominator compound in the written forms `a/b`,
    /// `a / b`, `a b-1`, `a·b-1`, `ab-1`, `a b^-1`, `a·b^-1`; `factor` is per
    /// compound.
    Per(&'static str, &'static str),
}

use Spell::{AnyCase, Exact, Per, Prefixed};

/// A row of [`TABLE`].
#[derive(Debug, Clone, Copy)]
struct Row {
    spell: Spell,
    dim: Dimension,
    conv: Conv,
    /// Minimum |value| when glued to the number without a space.
    glue_min: f64,
}

/// A linear row without offset, the common case.
const fn u(spell: Spell, dim: Dimension, factor: f64) -> Row {
    conv(
        spell,
        dim,
        Conv::Linear {
            factor,
            offset: 0.0,
        },
    )
}

/// A row with any conversion.
const fn conv(spell: Spell, dim: Dimension, conv: Conv) -> Row {
    Row {
        spell,
        dim,
        conv,
        glue_min: 0.0,
    }
}

impl Row {
    /// The row's spellings glued to a number need `|value| >= min`.
    const fn glue_min(self, min: f64) -> Row {
        Row {
            glue_min: min,
            ..self
        }
    }
}

const KG: &str = "kg|Kg|KG";
const M3: &str = "m3|m^3|M3";

/// Every unit, grouped by dimension. Order matters among spellings of
/// equal length (see the module docs).
#[rustfmt::skip]
const TABLE: &[Row] = &[
    // Frequency
    u(AnyCase("hz|hertz"), Frequency, 1.0),
    u(AnyCase("khz|kilohertz"), Frequency, 1e3),
    u(AnyCase("mhz|megahertz"), Frequency, 1e6),
    u(AnyCase("ghz|gigahertz"), Frequency, 1e9),
    u(AnyCase("thz|terahertz"), Frequency, 1e12),
    u(Exact("赫|赫兹|ヘルツ"), Frequency, 1.0),
    u(Exact("千赫|千赫兹|キロヘルツ"), Frequency, 1e3),
    u(Exact("兆赫|兆赫兹|メガヘルツ"), Frequency, 1e6),
    u(Exact("千兆赫|千兆赫兹|吉赫|吉赫兹|ギガヘルツ"), Frequency, 1e9),
    u(Exact("太赫兹"), Frequency, 1e12),
    // Power
    u(Prefixed("W", "μumkMG"), Power, 1.0),
    u(Exact("w|watt|watts|Watt|Watts|瓦|瓦特|ワット"), Power, 1.0),
    u(Exact("mw|milliwatt|milliwatts|毫瓦|ミリワット"), Power, 1e-3),
    u(Exact("KW|kw|Kw|kilowatt|kilowatts|千瓦|キロワット"), Power, 1e3),
    u(Exact("兆瓦"), Power, 1e6),
    u(Exact("微瓦"), Power, 1e-6),
    u(Exact("hp|HP"), Power, 745.699_871_582_270_2),
    conv(Exact("dBm|dbm|DBM|DBm"), Power, Conv::Dbm),
    conv(Exact("dBW|dbw|DBW|dBw"), Power, Conv::Dbw),
    // Length
    u(Prefixed("m", "nμumck"), Length, 1.0),
    u(Exact("MM|Mm"), Length, 1e-3),
    u(Exact("CM"), Length, 1e-2),
    u(Exact("UM"), Length, 1e-6),
    u(Exact("μ|micron|microns|Micron|Microns|微米|ミクロン|マイクロン|マイクロメートル"), Length, 1e-6),
    u(Exact("Å|angstrom|angstroms|埃"), Length, 1e-10),
    u(Exact("inch|inches"), Length, 0.0254),
    u(Exact("米|メートル"), Length, 1.0),
    u(Exact("毫米|ミリ|ミリメートル"), Length, 1e-3),
    u(Exact("厘米|センチ|センチメートル"), Length, 1e-2),
    u(Exact("纳米|ナノメートル"), Length, 1e-9),
    // Specific energy
    u(Per("Wh|wh|WH|Whr", KG), SpecificEnergy, 3600.0),
    u(Per("kWh|KWh|kwh", KG), SpecificEnergy, 3.6e6),
    u(Per("mWh", "g"), SpecificEnergy, 3600.0),
    u(Per("J", KG), SpecificEnergy, 1.0),
    u(Per("kJ", KG), SpecificEnergy, 1e3),
    u(Per("MJ", KG), SpecificEnergy, 1e6),
    u(Per("J", "g"), SpecificEnergy, 1e3),
    u(Exact("瓦时/千克|瓦时/公斤|瓦时每千克|Wh/千克"), SpecificEnergy, 3600.0),
    // Volumetric energy density
    u(Per("Wh|wh|WH", "L|l|dm3"), EnergyDensity, 3.6e6),
    u(Per("kWh", "m3|m^3"), EnergyDensity, 3.6e6),
    u(Exact("瓦时/升"), EnergyDensity, 3.6e6),
    // Density
    u(Per("g", "cm3|cm^3|cc|ml|mL|CM3"), Density, 1e3),
    u(Per("kg|Kg", "m3|m^3"), Density, 1.0),
    u(Per("kg|Kg", "L|l|dm3"), Density, 1e3),
    u(Per("g", "L|l"), Density, 1.0),
    u(Per("mg", "cm3|cm^3|ml|mL"), Density, 1.0),
    u(Exact("克/立方厘米|g/立方厘米|克/厘米3"), Density, 1e3),
    u(Exact("千克/立方米|kg/立方米"), Density, 1.0),
    // Specific capacity
    u(Per("mAh|mAH|mah|mA·h|mA h", "g"), SpecificCapacity, 3600.0),
    u(Per("Ah|AH", KG), SpecificCapacity, 3600.0),
    u(Per("Ah", "g"), SpecificCapacity, 3.6e6),
    u(Exact("毫安时/克|mAh/克"), SpecificCapacity, 3600.0),
    // Charge
    u(Exact("mAh|mAH|mah|毫安时"), Charge, 3.6),
    u(Exact("Ah|AH|安时"), Charge, 3600.0),
    u(Exact("kAh"), Charge, 3.6e6),
    // Magnetic field strength
    u(Per("A", "m"), MagneticFieldStrength, 1.0),
    u(Per("kA|KA", "m"), MagneticFieldStrength, 1e3),
    u(Per("MA", "m"), MagneticFieldStrength, 1e6),
    u(Exact("Oe|oe|OE|奥斯特|エルステッド"), MagneticFieldStrength, OE),
    u(Exact("kOe|KOe|koe|KOE|千奥斯特"), MagneticFieldStrength, OE * 1e3),
    // Magnetic flux density
    u(Prefixed("T", "mμu"), MagneticFluxDensity, 1.0),
    u(Exact("tesla|Tesla|特斯拉|テスラ"), MagneticFluxDensity, 1.0),
    u(Exact("Gs|gauss|Gauss|高斯|ガウス"), MagneticFluxDensity, 1e-4),
    u(Exact("kGs|kG|KGs|KG s|千高斯"), MagneticFluxDensity, 1e-1),
    // Energy product
    u(Per("J", M3), EnergyProduct, 1.0),
    u(Per("kJ|KJ", M3), EnergyProduct, 1e3),
    u(Per("MJ", M3), EnergyProduct, 1e6),
    u(Exact("MGOe|MGsOe|MGOE|MGoe|兆高奥"), EnergyProduct, 1e5 / (4.0 * PI)),
    // Temperature; `4K`, `8K` (video) are not kelvin, `77K` is.
    u(Exact("K"), Temperature, 1.0).glue_min(20.0),
    u(Exact("mK"), Temperature, 1e-3),
    u(Exact("kelvin|Kelvin|开尔文"), Temperature, 1.0),
    conv(Exact("°C|° C|degC|deg C|deg. C|摄氏度|度C"), Temperature,
        Conv::Linear { factor: 1.0, offset: 273.15 }),
    conv(Exact("°F|° F|degF|deg F|华氏度"), Temperature,
        Conv::Linear { factor: 5.0 / 9.0, offset: 459.67 * 5.0 / 9.0 }),
    // Pressure
    u(Prefixed("Pa", "hkMG"), Pressure, 1.0),
    u(Exact("KPa|kpa|KPA"), Pressure, 1e3),
    u(Exact("Mpa|MPA|mpa"), Pressure, 1e6),
    u(Exact("Gpa|GPA|gpa"), Pressure, 1e9),
    u(Exact("帕"), Pressure, 1.0),
    u(Exact("千帕"), Pressure, 1e3),
    u(Exact("兆帕"), Pressure, 1e6),
    u(Exact("吉帕"), Pressure, 1e9),
    u(Exact("bar|Bar"), Pressure, 1e5),
    u(Exact("mbar"), Pressure, 1e2),
    u(Exact("kbar"), Pressure, 1e8),
    u(Exact("psi|PSI"), Pressure, 6_894.757_293_168),
    u(Exact("ksi|KSI"), Pressure, 6_894_757.293_168),
    u(Exact("atm"), Pressure, 101_325.0),
    u(Exact("Torr|torr"), Pressure, 133.322_368_421),
    u(Exact("mTorr"), Pressure, 0.133_322_368_421),
    u(Per("N", "mm2|mm^2"), Pressure, 1e6),
    u(Per("kgf", "cm2|cm^2"), Pressure, 98_066.5),
    // Fraction
    u(Exact("%|wt%|wt.%|wt. %|wt %|at%|at.%|at.-%|mol%|vol%|mass%|percent|重量%"), Fraction, 0.01),
    u(Exact("‰"), Fraction, 1e-3),
    u(Exact("ppm|ppmw|ppma|ppmwt|PPM"), Fraction, 1e-6),
    u(Exact("ppb|ppbw|ppba|PPB"), Fraction, 1e-9),
    // Voltage
    u(Prefixed("V", "μumkM"), Voltage, 1.0),
    u(Exact("v|VDC|VAC|Vdc|Vac|V DC|V AC|Vpp|volt|volts|伏|伏特|ボルト"), Voltage, 1.0),
    u(Exact("kv|KV|kVDC|kVAC|千伏"), Voltage, 1e3),
    u(Exact("毫伏"), Voltage, 1e-3),
    // Current
    u(Prefixed("A", "μumk"), Current, 1.0),
    u(Exact("amp|amps|Amp|Amps|安培|アンペア"), Current, 1.0),
    u(Exact("毫安|ミリアンペア"), Current, 1e-3),
    // Energy
    u(Prefixed("J", "nμumkMG"), Energy, 1.0),
    u(Exact("焦|焦耳|ジュール"), Energy, 1.0),
    u(Exact("毫焦"), Energy, 1e-3),
    u(Exact("千焦"), Energy, 1e3),
    u(Exact("Wh|wh|WH"), Energy, 3600.0),
    u(Exact("kWh|KWh|kwh|KWH|千瓦时"), Energy, 3.6e6),
    u(Exact("mWh"), Energy, 3.6),
    u(Exact("MWh"), Energy, 3.6e9),
    u(Prefixed("eV", "mkMG"), Energy, 1.602_176_634e-19),
    // Mass
    u(Exact("kg|Kg|KG|千克|公斤|キログラム"), Mass, 1.0),
    u(Exact("g|克|グラム"), Mass, 1e-3),
    u(Exact("mg|毫克"), Mass, 1e-6),
    u(Exact("μg|ug"), Mass, 1e-9),
    u(Exact("lb|lbs"), Mass, 0.453_592_37),
    u(Exact("tonne|tonnes"), Mass, 1e3),
    // Time
    u(Prefixed("s", "fpnμum"), Time, 1.0),
    u(Exact("sec|secs|秒"), Time, 1.0),
    u(Exact("毫秒|ミリ秒"), Time, 1e-3),
    u(Exact("微秒"), Time, 1e-6),
    u(Exact("纳秒"), Time, 1e-9),
    u(Exact("皮秒"), Time, 1e-12),
    u(Exact("飞秒"), Time, 1e-15),
    u(Exact("min|mins|minute|minutes|分钟"), Time, 60.0),
    u(Exact("h|hr|hrs|hour|hours|小时|時間"), Time, 3600.0),
    // Frame rate
    u(Exact("fps|FPS|Fps|f/s|frames/s|frame/s|fr/s|frames per second|帧/秒|帧每秒|フレーム/秒"), FrameRate, 1.0),
    // Pixel count
    u(Exact("MP|Mp|megapixel|megapixels|Megapixel|Megapixels|Mpx|MPx|Mpix|MPix|百万像素|メガピクセル"), PixelCount, 1e6),
    u(Exact("万像素|万画素"), PixelCount, 1e4),
    u(Exact("千万像素"), PixelCount, 1e7),
    u(Exact("pixels|pixel|Pixels|px|像素|画素"), PixelCount, 1.0),
    // Angles
    u(Exact("°|deg|degree|degrees"), Angle, DEG),
    u(Prefixed("rad", "mμu"), Angle, 1.0),
    u(Exact("arcmin"), Angle, DEG / 60.0),
    u(Exact("arcsec"), Angle, DEG / 3600.0),
    u(Per("°|deg", "h|hr|hour"), AngularRate, DEG / 3600.0),
    u(Per("°|deg", "s|sec"), AngularRate, DEG),
    u(Per("rad", "s"), AngularRate, 1.0),
    u(Per("mrad", "s"), AngularRate, 1e-3),
    u(Exact("dph|度/小时|度/时|°/小时"), AngularRate, DEG / 3600.0),
    u(Exact("rpm|RPM|r/min|rev/min|转/分"), AngularRate, 2.0 * PI / 60.0),
    u(Exact("°/√h|°/√hr|deg/√h|deg/√hr|°/h^0.5|°/hr^0.5|deg/h^0.5|°/h1/2"), AngleRandomWalk, DEG / 60.0),
];

/// Expands [`TABLE`] into one [`UnitDef`] per spelling, longest first (a
/// stable sort: equal lengths keep table order), and indexes them.
fn build_units() -> Units {
    let mut defs = Vec::new();
    for row in TABLE {
        expand(row, &mut defs);
    }
    defs.sort_by_key(|d| std::cmp::Reverse(d.text.len()));
    let mut by_first: HashMap<char, Vec<usize>> = HashMap::new();
    for (i, d) in defs.iter().enumerate() {
        if let Some(&c) = d.text.first() {
            by_first.entry(lower(c)).or_default().push(i);
        }
    }
    Units { defs, by_first }
}

/// Appends the [`UnitDef`]s of one row, in the order of its spellings.
fn expand(row: &Row, defs: &mut Vec<UnitDef>) {
    let push = |defs: &mut Vec<UnitDef>, text: &str, ci: bool, conv: Conv| {
        let text = if ci {
            text.chars().map(lower).collect()
        } else {
            text.chars().collect()
        };
        defs.push(UnitDef {
            text,
            ci,
            dim: row.dim,
            conv,
            glue_min: row.glue_min,
        });
    };
    match row.spell {
        Exact(names) => names
            .split('|')
            .for_each(|n| push(defs, n, false, row.conv)),
        AnyCase(names) => names.split('|').for_each(|n| push(defs, n, true, row.conv)),
        Prefixed(base, prefixes) => {
            push(defs, base, false, row.conv);
            for p in prefixes.chars() {
                let conv = match row.conv {
                    Conv::Linear { factor, offset } => Conv::Linear {
                        factor: factor * prefix_factor(p),
                        offset,
                    },
                    log => log,
                };
                push(defs, &format!("{p}{base}"), false, conv);
            }
        }
        Per(nums, dens) => {
            for n in nums.split('|') {
                for d in dens.split('|') {
                    for form in [
                        format!("{n}/{d}"),
                        format!("{n} / {d}"),
                        format!("{n} {d}-1"),
                        format!("{n}·{d}-1"),
                        format!("{n}{d}-1"),
                        format!("{n} {d}^-1"),
                        format!("{n}·{d}^-1"),
                    ] {
                        push(defs, &form, false, row.conv);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling starts with a character it is indexed by, and the
    /// candidates of each character are longest first.
    #[test]
    fn index_is_longest_first() {
        let u = units();
        for (c, idx) in &u.by_first {
            assert!(idx.windows(2).all(|w| w[0] < w[1]), "{c:?}");
            for &i in idx {
                assert_eq!(lower(u.defs[i].text[0]), *c);
            }
        }
        assert!(
            u.defs
                .windows(2)
                .all(|w| w[0].text.len() >= w[1].text.len())
        );
        let indexed: usize = u.by_first.values().map(Vec::len).sum();
        assert_eq!(indexed, u.defs.len());
    }
}
